package parse

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"runtime"
	"strings"
	"testing"
)

// base64Lines is a reader of n lines, each the base64 of chunk, as a mail would carry it.
type base64Lines struct {
	line []byte
	left int
	cur  []byte
}

func newBase64Lines(chunk []byte, n int) *base64Lines {
	return &base64Lines{line: []byte(base64.StdEncoding.EncodeToString(chunk) + "\r\n"), left: n}
}

func (r *base64Lines) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		if len(r.cur) == 0 {
			if r.left == 0 {
				break
			}
			r.left--
			r.cur = r.line
		}
		n := copy(p, r.cur)
		r.cur, p, total = r.cur[n:], p[n:], total+n
	}
	if total == 0 {
		return 0, io.EOF
	}
	return total, nil
}

// hashSink hashes and discards what it is given.
type hashSink struct{}

func (hashSink) Put(r io.Reader) (string, int64, error) {
	h := sha256.New()
	n, err := io.CopyBuffer(h, r, make([]byte, 4096))
	return hex.EncodeToString(h.Sum(nil)), n, err
}

func TestParseStreamsLargeAttachment(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	chunk := make([]byte, 57) // one 76-character base64 line
	for i := range chunk {
		chunk[i] = byte(i * 7)
	}
	size := 25 << 20
	if raceEnabled {
		size = 4 << 20 // same code path; 25 MiB takes ~8 s under the race detector
	}
	lines := size / len(chunk)
	want := sha256.New()
	for range lines {
		want.Write(chunk)
	}
	head := "From: a@example.com\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n" +
		"--B\r\nContent-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	r := io.MultiReader(strings.NewReader(head), newBase64Lines(chunk, lines), strings.NewReader("--B--\r\n"))

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := Parse(r, hashSink{}, Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("parsed %d MiB attachment with %d KiB allocated", size>>20, alloc>>10)
	if alloc > 8<<20 {
		t.Errorf("Parse allocated %d bytes for a %d byte attachment, want < 8 MiB", alloc, size)
	}
	if len(m.Attachments) != 1 {
		t.Fatalf("Attachments = %+v, want one", m.Attachments)
	}
	a := m.Attachments[0]
	if wantSum := hex.EncodeToString(want.Sum(nil)); a.SHA256 != wantSum || a.Size != int64(lines*len(chunk)) {
		t.Errorf("attachment = %s, %d bytes; want %s, %d bytes", a.SHA256, a.Size, wantSum, lines*len(chunk))
	}
	if m.Text != "see attachment" || len(m.Problems) != 0 {
		t.Errorf("Text %q, Problems %q; want %q and none", m.Text, m.Problems, "see attachment")
	}
}

// smallMail is a ~5 KiB multipart mail: text, HTML and a small attachment.
func smallMail() []byte {
	var b bytes.Buffer
	b.WriteString("Return-Path: <kunde@example.de>\r\nFrom: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <kunde@example.de>\r\n" +
		"To: support@example.com\r\nSubject: =?iso-8859-1?q?Drucker_im_B=FCro?=\r\nDate: Tue, 3 Mar 2026 10:15:00 +0100\r\n" +
		"Message-ID: <bench@example.de>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=M\r\n\r\n" +
		"--M\r\nContent-Type: multipart/alternative; boundary=A\r\n\r\n--A\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	for range 20 {
		b.WriteString("Der Drucker im Büro druckt seit heute Morgen nur noch leere Seiten.\r\n")
	}
	b.WriteString("--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>")
	for range 20 {
		b.WriteString("<p>Der Drucker im B&uuml;ro druckt nur noch leere Seiten.</p>\r\n")
	}
	b.WriteString("</body></html>\r\n--A--\r\n--M\r\nContent-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	b.WriteString(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1, 2, 3}, 400)))
	b.WriteString("\r\n--M--\r\n")
	return b.Bytes()
}

func BenchmarkParseSmall(b *testing.B) {
	raw := smallMail()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(raw), hashSink{}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mails/s")
}
