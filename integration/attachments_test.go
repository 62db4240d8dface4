package integration

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"

	"helpdesk/blobstore"
	"helpdesk/daemon"
)

// TestAttachmentsByteForByte: attachments of an incident — a 300 KiB binary image and a PDF
// whose German file name is RFC 2231 encoded — are listed on the ticket with name, size and
// SHA-256, and the blob store holds exactly the bytes the customer sent.
func TestAttachmentsByteForByte(t *testing.T) {
	t.Parallel()
	const cust = "emil@kanzlei-e.test"
	e := startEnv(t, envOptions{})

	png := make([]byte, 300<<10)
	if _, err := rand.Read(png); err != nil {
		t.Fatal(err)
	}
	copy(png, "\x89PNG\r\n\x1a\n")
	pdf := append([]byte("%PDF-1.4\n% Prüfbericht\n"), make([]byte, 20<<10)...)
	if _, err := rand.Read(pdf[30:]); err != nil {
		t.Fatal(err)
	}
	pdf = append(pdf, "\n%%EOF\n"...)
	const pdfName = "Prüfbericht März.pdf"

	m := newMail(cust, "Fehlermeldung beim Scannen", "")
	m.Raw = multipartBody("grenze-42",
		part{header: "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit", body: []byte("Im Anhang Screenshot und Prüfbericht.\n")},
		part{header: "Content-Type: image/png; name=\"bildschirm.png\"\nContent-Disposition: attachment; filename=\"bildschirm.png\"\nContent-Transfer-Encoding: base64", body: png, base64: true},
		part{header: "Content-Type: application/pdf\nContent-Disposition: attachment;\n filename*=UTF-8''Pr%C3%BCfbericht%20M%C3%A4rz.pdf\nContent-Transfer-Encoding: base64", body: pdf, base64: true},
	)
	e.deliver(m)

	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) == 1 }, "the ticket of the mail with attachments")
	show := e.ticket(e.tickets()[0].Number)
	if len(show.Comments) != 1 {
		t.Fatalf("ticket comments = %+v, want 1", show.Comments)
	}
	if !strings.Contains(show.Comments[0].Body, "Im Anhang Screenshot und Prüfbericht.") {
		t.Errorf("comment body = %q, want the text part", show.Comments[0].Body)
	}
	blobs, err := blobstore.Open(e.blobDir())
	if err != nil {
		t.Fatalf("blobstore.Open: %v", err)
	}
	want := []struct {
		name, ctype string
		data        []byte
	}{{"bildschirm.png", "image/png", png}, {pdfName, "application/pdf", pdf}}
	got := show.Comments[0].Attachments
	if len(got) != len(want) {
		t.Fatalf("attachments = %+v, want %d", got, len(want))
	}
	for i, w := range want {
		sum := sha256.Sum256(w.data)
		wantAt := daemon.AttachmentView{Name: w.name, ContentType: w.ctype, Size: int64(len(w.data)), SHA256: hex.EncodeToString(sum[:])}
		if got[i] != wantAt {
			t.Errorf("attachment %d = %+v, want %+v", i, got[i], wantAt)
			continue
		}
		f, err := blobs.Open(got[i].SHA256)
		if err != nil {
			t.Errorf("blob of %s: %v", w.name, err)
			continue
		}
		stored, err := io.ReadAll(f)
		f.Close()
		if err != nil || !bytes.Equal(stored, w.data) {
			t.Errorf("blob of %s: %d bytes (err %v), want the %d original bytes", w.name, len(stored), err, len(w.data))
		}
	}
	waitFor(t, ingestTimeout, func() bool { return e.count(support)["Processed"] == 1 }, "the mail in Processed")
}

type part struct {
	header string
	body   []byte
	base64 bool
}

// multipartBody writes a multipart/mixed body (its Content-Type header included), base64 in
// lines of 76 characters where asked.
func multipartBody(boundary string, parts ...part) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=%q\n\nThis is a multi-part message in MIME format.\n", boundary)
	for _, p := range parts {
		fmt.Fprintf(&b, "--%s\n%s\n\n", boundary, p.header)
		if !p.base64 {
			b.Write(p.body)
			continue
		}
		enc := base64.StdEncoding.EncodeToString(p.body)
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\n")
	}
	fmt.Fprintf(&b, "--%s--\n", boundary)
	return b.String()
}
