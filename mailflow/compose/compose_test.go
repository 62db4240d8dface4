package compose

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		edit func(m *Mail)
	}{
		{"full", func(m *Mail) {}},
		{"text_only", func(m *Mail) { m.HTML, m.Attachments, m.Cc, m.ReplyTo = "", nil, nil, nil }},
		{"alternative", func(m *Mail) { m.Attachments, m.AutoSubmitted = nil, "" }},
		{"text_and_attachment", func(m *Mail) { m.HTML = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := fullMail()
			tt.edit(m)
			got := normaliseBoundaries(mustBytes(t, m))
			file := filepath.Join("testdata", tt.name+".eml")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("read golden (run go test ./mailflow/compose -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from golden file (run -update and review the diff)\ngot:\n%s", file, got)
			}
		})
	}
}

func TestCRLFAndLineLength(t *testing.T) {
	b := mustBytes(t, fullMail())
	if bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("output contains a bare LF")
	}
	for i, l := range strings.Split(string(b), "\r\n") {
		if len(l) > 998 {
			t.Errorf("line %d is %d octets long, RFC 5322 allows 998", i+1, len(l))
		}
	}
}

func TestRoundTrip(t *testing.T) {
	m := fullMail()
	r, err := gomail.CreateReader(bytes.NewReader(mustBytes(t, m)))
	if err != nil {
		t.Fatalf("CreateReader: %v", err)
	}
	h := r.Header
	if got, err := h.Subject(); err != nil || got != m.Subject {
		t.Errorf("Subject() = %q, %v, want %q", got, err, m.Subject)
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != m.From.Name || from[0].Address != m.From.Addr {
		t.Errorf("From = %v, %v, want %v", from, err, m.From)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Jürgen Groß" || to[0].Address != "j.gross@kunde.example" {
		t.Errorf("To = %v, %v", to, err)
	}
	cc, err := h.AddressList("Cc")
	if err != nil || len(cc) != 2 || cc[0].Name != "Dispatch, Team" || cc[1].Address != "chef@kunde.example" {
		t.Errorf("Cc = %v, %v", cc, err)
	}
	if date, err := h.Date(); err != nil || !date.Equal(m.Date) {
		t.Errorf("Date() = %v, %v, want %v", date, err, m.Date)
	}
	if id, err := h.MessageID(); err != nil || id != m.MessageID {
		t.Errorf("MessageID() = %q, %v, want %q", id, err, m.MessageID)
	}
	if refs, err := h.MsgIDList("References"); err != nil || strings.Join(refs, " ") != strings.Join(m.References, " ") {
		t.Errorf("References = %q, %v, want %q", refs, err, m.References)
	}
	for k, want := range map[string]string{
		"In-Reply-To":              "<" + m.InReplyTo + ">",
		"Auto-Submitted":           "auto-replied",
		"X-Auto-Response-Suppress": "All",
		"X-Helpdesk-Loop":          "support@example.com",
		"X-Helpdesk-Ticket":        "2026-000042",
		"MIME-Version":             "1.0",
		"Precedence":               "",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}

	var texts []string
	var files []string
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("NextPart: %v", err)
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatalf("read part: %v", err)
		}
		switch ph := p.Header.(type) {
		case *gomail.InlineHeader:
			ct, _, _ := ph.ContentType()
			texts = append(texts, ct+":"+string(body))
		case *gomail.AttachmentHeader:
			name, err := ph.Filename()
			if err != nil {
				t.Errorf("Filename: %v", err)
			}
			files = append(files, name)
			want := map[string][]byte{"Bericht März.pdf": pdfBytes(), "notiz.txt": []byte("hallo\n")}[name]
			if !bytes.Equal(body, want) {
				t.Errorf("attachment %q = %q, want %q", name, body, want)
			}
		}
	}
	// quoted-printable turns LF into CRLF
	wantText := "text/plain:" + strings.ReplaceAll(m.Text, "\n", "\r\n")
	wantHTML := "text/html:" + strings.ReplaceAll(m.HTML, "\n", "\r\n")
	if len(texts) != 2 || texts[0] != wantText || texts[1] != wantHTML {
		t.Errorf("text parts = %q, want %q, %q", texts, wantText, wantHTML)
	}
	if strings.Join(files, "|") != "Bericht März.pdf|notiz.txt" {
		t.Errorf("attachments = %q", files)
	}
}

func TestNoAutoSubmittedHeadersByDefault(t *testing.T) {
	m := fullMail()
	m.AutoSubmitted = ""
	s := string(mustBytes(t, m))
	for _, h := range []string{"Auto-Submitted", "X-Auto-Response-Suppress", "Precedence"} {
		if strings.Contains(s, h+":") {
			t.Errorf("mail without AutoSubmitted has %s header", h)
		}
	}
}

func TestZeroDateIsNow(t *testing.T) {
	m := fullMail()
	m.Date = time.Time{}
	before := time.Now().Add(-time.Second)
	r, err := gomail.CreateReader(bytes.NewReader(mustBytes(t, m)))
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.Header.Date()
	if err != nil || d.Before(before) || d.After(time.Now().Add(time.Second)) {
		t.Errorf("Date() = %v, %v, want about now", d, err)
	}
}

func TestNewMessageID(t *testing.T) {
	re := regexp.MustCompile(`^hd\.[a-z2-7]{26}@example\.com$`)
	seen := map[string]bool{}
	for range 100 {
		id := NewMessageID("example.com")
		if !re.MatchString(id) {
			t.Fatalf("NewMessageID = %q, want hd.<26 base32>@example.com", id)
		}
		if seen[id] {
			t.Fatalf("NewMessageID repeated %q", id)
		}
		seen[id] = true
	}
	m := fullMail()
	m.MessageID = NewMessageID("example.com")
	if err := Validate(m); err != nil {
		t.Errorf("Validate rejects NewMessageID: %v", err)
	}
}

func TestAttachmentOpenError(t *testing.T) {
	m := fullMail()
	m.Attachments = []Attachment{{Name: "x.pdf", Open: func() (io.ReadCloser, error) {
		return nil, os.ErrNotExist
	}}}
	if _, err := Bytes(m); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Bytes with failing attachment = %v, want wrapped ErrNotExist", err)
	}
}
