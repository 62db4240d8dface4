package compose

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// attachment returns an Attachment whose content is b.
func attachment(name, ct string, b []byte) Attachment {
	return Attachment{Name: name, ContentType: ct, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(b)), nil
	}}
}

// pdfBytes is a small binary attachment: every byte value once, so base64 must round-trip it.
func pdfBytes() []byte {
	b := []byte("%PDF-1.4\n")
	for i := range 256 {
		b = append(b, byte(i))
	}
	return b
}

// fullMail uses every feature of Mail.
func fullMail() *Mail {
	return &Mail{
		From:          Address{Name: "IT-Service Müller & Söhne", Addr: "support@example.com"},
		To:            []Address{{Name: "Jürgen Groß", Addr: "j.gross@kunde.example"}},
		Cc:            []Address{{Name: "Dispatch, Team", Addr: "dispatch@example.com"}, {Addr: "chef@kunde.example"}},
		ReplyTo:       &Address{Name: "Support", Addr: "support+t42.r7.abc@example.com"},
		Subject:       "[Ticket#2026-000042] Drucker im 2. OG druckt nicht – Übergröße",
		Date:          time.Date(2026, 11, 28, 14, 3, 0, 0, time.FixedZone("CET", 3600)),
		MessageID:     "hd.aaaabbbbccccddddeeeeffffgg@example.com",
		InReplyTo:     "CAF=abc123@mail.kunde.example",
		References:    []string{"first@kunde.example", "CAF=abc123@mail.kunde.example"},
		AutoSubmitted: AutoReplied,
		Headers: [][2]string{
			{"X-Helpdesk-Loop", "support@example.com"},
			{"X-Helpdesk-Ticket", "2026-000042"},
		},
		Text: "Guten Tag Herr Groß,\n\nIhr Ticket wurde erfasst.\nEine sehr lange Zeile, die länger ist als sechsundsiebzig Zeichen, damit quoted-printable sie umbrechen muss.\n",
		HTML: "<p>Guten Tag Herr Groß,</p>\n<p>Ihr Ticket wurde erfasst.</p>\n",
		Attachments: []Attachment{
			attachment("Bericht März.pdf", "application/pdf", pdfBytes()),
			attachment("notiz.txt", "", []byte("hallo\n")),
		},
	}
}

var boundaryRe = regexp.MustCompile(`boundary="?([^"\s;]+)"?`)

// normaliseBoundaries replaces each random multipart boundary by BOUNDARY-n, n counted in
// order of first appearance.
func normaliseBoundaries(b []byte) string {
	s := string(b)
	for i, m := range boundaryRe.FindAllStringSubmatch(s, -1) {
		s = strings.ReplaceAll(s, m[1], "BOUNDARY-"+strconv.Itoa(i+1))
	}
	return s
}

func mustBytes(t *testing.T, m *Mail) []byte {
	t.Helper()
	b, err := Bytes(m)
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	return b
}
