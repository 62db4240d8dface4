package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"
)

func TestParseSubjects(t *testing.T) {
	tests := []struct {
		file, want string
	}{
		{"subject_q_utf8.eml", "Drucker im Büro kaputt – dringend"},
		{"subject_b_utf8.eml", "Drucker im Büro kaputt – dringend"},
		{"subject_q_latin1.eml", "Grüße aus Köln"},
		{"subject_b_latin1.eml", "Grüße aus Köln €"}, // second word: ISO-8859-1-labelled 0x80
		{"subject_raw8bit.eml", "Grüße – UTF-8 roh"},
		{"subject_raw1252.eml", "Grüße – € roh"},
		{"latin1_mislabelled.eml", "Rechnung € 100 „Angebot“ für März"},
	}
	for _, tt := range tests {
		m, _ := parseFile(t, tt.file)
		if m.Subject != tt.want {
			t.Errorf("Parse(%s).Subject = %q, want %q", tt.file, m.Subject, tt.want)
		}
		if len(m.Problems) != 0 {
			t.Errorf("Parse(%s).Problems = %q, want none", tt.file, m.Problems)
		}
	}
}

func TestParseFiles(t *testing.T) {
	tests := []struct {
		file        string
		text        string
		fromHTML    bool
		parts       []string
		attachments []string // names
		problems    []string // substrings, in order; nil: no problems
		contentType string
	}{
		{
			file:        "latin1_mislabelled.eml",
			text:        "Der Preis beträgt 100 € „netto“ – “zitiert”.\nGrüße",
			parts:       []string{"text/plain"},
			contentType: "text/plain",
		},
		{
			file: "html_only.eml",
			text: "Guten Tag\n\nDer Drucker im Büro druckt nicht.\nBitte helfen Sie…\n\n" +
				"Fehler: <0x80> & mehr\n\n- Erstens\n- Zweitens\n\nSiehe unser Portal.\n\nGruß\nMax",
			fromHTML:    true,
			parts:       []string{"text/html"},
			contentType: "text/html",
		},
		{
			file:        "inline_image.eml",
			text:        "See the screenshot.",
			parts:       []string{"text/plain", "text/html", "image/png"},
			attachments: []string{"attachment-1.png"},
			contentType: "multipart/alternative",
		},
		{
			file:  "rfc2231_filename.eml",
			text:  "Anbei der Bericht für März. Viele Grüße",
			parts: []string{"text/plain", "application/pdf", "application/octet-stream", "application/octet-stream", "application/octet-stream"},
			// RFC 2231 continuation; RFC 2047 in name=; RFC 2231 in ISO-8859-1; a path with a
			// bidi override and a control character.
			attachments: []string{"Bericht_März.pdf", "Übersicht €.xlsx", "Grüße €.txt", "evilgpj .exe"},
			contentType: "multipart/mixed",
		},
		{
			file:        "missing_final_boundary.eml",
			text:        "Hello, the text survives.",
			parts:       []string{"text/plain", "application/octet-stream"},
			attachments: []string{"data.bin"},
			problems:    []string{"missing final boundary"},
			contentType: "multipart/mixed",
		},
		{
			file:        "bad_base64.eml",
			text:        "Hallo Welt",
			parts:       []string{"text/plain", "image/jpeg"},
			attachments: []string{"x.jpg"},
			problems:    []string{"bad base64", "bad base64"},
			contentType: "multipart/mixed",
		},
		{
			file:        "forward_and_bounce.eml",
			text:        "This is the mail system. Your message could not be delivered.",
			parts:       []string{"text/plain", "message/delivery-status", "message/rfc822"},
			attachments: []string{"message.eml"},
			contentType: "multipart/report",
		},
		{
			file:        "unknown_charset.eml",
			text:        "Grüße und €", // 8-bit Windows-1252 and UTF-8 mixed
			parts:       []string{"text/plain"},
			problems:    []string{`unknown charset "x-klingon-42"`},
			contentType: "text/plain",
		},
		{
			file:        "multipart_alt_html_first.eml",
			text:        "Plain wins.",
			parts:       []string{"text/plain", "text/html"},
			contentType: "multipart/alternative",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m, _ := parseFile(t, tt.file)
			if m.Text != tt.text {
				t.Errorf("Text = %q, want %q", m.Text, tt.text)
			}
			if m.TextFromHTML != tt.fromHTML {
				t.Errorf("TextFromHTML = %v, want %v", m.TextFromHTML, tt.fromHTML)
			}
			if !equalStrings(m.Parts, tt.parts) {
				t.Errorf("Parts = %q, want %q", m.Parts, tt.parts)
			}
			var names []string
			for _, a := range m.Attachments {
				names = append(names, a.Name)
			}
			if !equalStrings(names, tt.attachments) {
				t.Errorf("attachment names = %q, want %q", names, tt.attachments)
			}
			if m.ContentType != tt.contentType {
				t.Errorf("ContentType = %q, want %q", m.ContentType, tt.contentType)
			}
			if len(m.Problems) != len(tt.problems) {
				t.Fatalf("Problems = %q, want %d like %q", m.Problems, len(tt.problems), tt.problems)
			}
			for i, want := range tt.problems {
				if !strings.Contains(m.Problems[i], want) {
					t.Errorf("Problems[%d] = %q, want it to contain %q", i, m.Problems[i], want)
				}
			}
		})
	}
}

func TestParseHeaders(t *testing.T) {
	m, _ := parseFile(t, "latin1_mislabelled.eml")
	if want := (Address{Name: "Jürgen Müller", Addr: "juergen.mueller@example.de"}); m.From != want {
		t.Errorf("From = %+v, want %+v", m.From, want)
	}
	wantTo := []Address{{"Support", "support@example.com"}, {"Doe, Jane", "jane@example.org"}}
	if len(m.To) != 2 || m.To[0] != wantTo[0] || m.To[1] != wantTo[1] {
		t.Errorf("To = %+v, want %+v", m.To, wantTo)
	}
	if m.ReturnPath != "" || m.Header.Get("Return-Path") != "<>" {
		t.Errorf("ReturnPath = %q for header %q, want empty", m.ReturnPath, m.Header.Get("Return-Path"))
	}
	if m.MessageID != "abc.123@mail.example.de" {
		t.Errorf("MessageID = %q", m.MessageID)
	}
	if want := time.Date(2026, 3, 3, 9, 15, 0, 0, time.UTC); !m.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", m.Date, want)
	}

	m, _ = parseFile(t, "ids_and_addresses.eml")
	checks := []struct {
		what      string
		got, want any
	}{
		{"MessageID", m.MessageID, "no-brackets@example.com"},
		{"InReplyTo", strings.Join(m.InReplyTo, " "), "parent@example.com"},
		{"References", strings.Join(m.References, " "), "a@example.com b@example.com c@example.com"},
		{"From", m.From, Address{Name: "Broken <name", Addr: "broken@example.com"}},
		{"Sender", m.Sender, Address{Name: "Büro", Addr: "buero@example.com"}},
		{"ReplyTo", m.ReplyTo[0], Address{Name: "Jürgen", Addr: "j@example.com"}},
		{"len(To)", len(m.To), 0},
		{"len(Cc)", len(m.Cc), 3},
		{"Cc[1]", m.Cc[1], Address{Name: "John Q. Public", Addr: "jqp@example.org"}},
		{"Cc[2]", m.Cc[2], Address{Name: "Müller, Hans", Addr: "hans@example.de"}},
		{"Date", m.Date.UTC().Format(time.RFC3339), "2026-03-03T09:15:00Z"},
		{"Problems", strings.Join(m.Problems, "|"), "malformed From header, read leniently"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("Parse(ids_and_addresses.eml).%s = %v, want %v", c.what, c.got, c.want)
		}
	}

	m, _ = parseFile(t, "forward_and_bounce.eml")
	if m.ContentTypeParams["report-type"] != "delivery-status" {
		t.Errorf("ContentTypeParams = %v, want report-type=delivery-status", m.ContentTypeParams)
	}
}

func TestAttachmentBytes(t *testing.T) {
	tests := []struct {
		file, shaFile, name, contentID string
		inline                         bool
	}{
		{"rfc2231_filename.eml", "rfc2231_filename.pdf.sha256", "Bericht_März.pdf", "", false},
		{"inline_image.eml", "inline_image.png.sha256", "attachment-1.png", "image001.png@01D9A.5B3C", true},
	}
	for _, tt := range tests {
		m, sink := parseFile(t, tt.file)
		want := wantSHA(t, tt.shaFile)
		a := m.Attachments[0]
		if a.Name != tt.name || a.ContentID != tt.contentID || a.Inline != tt.inline {
			t.Errorf("Parse(%s) attachment = %+v, want name %q, content ID %q, inline %v", tt.file, a, tt.name, tt.contentID, tt.inline)
		}
		stored, ok := sink.blobs[a.SHA256]
		if !ok {
			t.Fatalf("Parse(%s): attachment %s not in the sink", tt.file, a.SHA256)
		}
		sum := sha256.Sum256(stored)
		if got := hex.EncodeToString(sum[:]); got != want || a.SHA256 != want || a.Size != int64(len(stored)) {
			t.Errorf("Parse(%s) stored sha %s (attachment says %s, size %d of %d), want %s", tt.file, got, a.SHA256, a.Size, len(stored), want)
		}
	}
	// The forwarded message is stored with its raw bytes.
	m, sink := parseFile(t, "forward_and_bounce.eml")
	eml := string(sink.blobs[m.Attachments[0].SHA256])
	if !strings.HasPrefix(eml, "From: support@example.com\r\n") || !strings.Contains(eml, "Message-ID: <t42@example.com>\r\n\r\nOriginal body.") {
		t.Errorf("stored message/rfc822 = %q, want the raw forwarded mail", eml)
	}
}

func TestParseInline(t *testing.T) {
	tests := []struct {
		name, raw, text string
		problems        int
	}{
		{"mbox From line", "From someone@example.com Mon Jan  1 00:00:00 2024\nSubject: s\n\nbody\n", "body", 0},
		{"CR-only", "Subject: s\rFrom: a@b.c\r\rline1\rline2\r", "line1\nline2", 1},
		{"no blank line after header", "Subject: s\nthis is the body\nsecond line\n", "this is the body\nsecond line", 1},
		{"malformed line inside header", "Subject: s\nbroken line\nFrom: a@b.c\n\nbody", "body", 1},
		{"header only", "Subject: s\n", "", 0},
		{"blank lines before header", "\n   \nSubject: s\n\nbody", "body", 1},
		{"unfolded parameter", "Content-Type: multipart/mixed;\nboundary=\"b\"\n\n--b\n\npart\n--b--\n", "part", 1},
		{"multipart without boundary", "Content-Type: multipart/mixed\n\nhello", "hello", 1},
		{"boundary never found", "Content-Type: multipart/mixed; boundary=x\n\nhello\n", "", 1},
		{"qp with literal =", "Content-Transfer-Encoding: quoted-printable\n\na=b =3D c=\n d=E2=82=AC", "a=b = c d€", 1},
		{"crlf text", "Subject: s\r\n\r\na\r\nb\r\n", "a\nb", 0},
		{"unknown transfer encoding", "Content-Transfer-Encoding: x-foo\n\nplain", "plain", 1},
	}
	for _, tt := range tests {
		m, err := Parse(strings.NewReader(tt.raw), nil, Options{})
		if err != nil {
			t.Errorf("Parse(%q) error %v", tt.raw, err)
			continue
		}
		if m.Text != tt.text || len(m.Problems) != tt.problems {
			t.Errorf("%s: Parse(%q) = text %q, problems %q; want %q, %d problems", tt.name, tt.raw, m.Text, m.Problems, tt.text, tt.problems)
		}
	}
}

func TestParseTruncatesText(t *testing.T) {
	raw := "Subject: s\n\n" + strings.Repeat("äöü", 10)
	m, err := Parse(strings.NewReader(raw), nil, Options{MaxTextSize: 11})
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "äöüäö" || !utf8.ValidString(m.Text) {
		t.Errorf("Parse(MaxTextSize 11).Text = %q, want %q", m.Text, "äöüäö")
	}
	if len(m.Problems) != 1 || m.Problems[0] != "text truncated" {
		t.Errorf("Problems = %q, want [text truncated]", m.Problems)
	}
}

type failSink struct{}

func (failSink) Put(r io.Reader) (string, int64, error) { return "", 0, errors.New("disk full") }

func TestParseErrors(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		r    io.Reader
		sink BlobSink
	}{
		{"empty", strings.NewReader(""), nil},
		{"no header", strings.NewReader("just some text\nand more\n"), nil},
		{"only blank lines", strings.NewReader("\n \n\r\n"), nil},
		{"reader fails", io.MultiReader(strings.NewReader("Subject: x\n\nbody"), iotest.ErrReader(boom)), nil},
		{"sink fails", strings.NewReader("Content-Type: image/png\n\nxx"), failSink{}},
	}
	for _, tt := range tests {
		m, err := Parse(tt.r, tt.sink, Options{})
		if err == nil || m != nil {
			t.Errorf("%s: Parse = %v, %v; want nil and an error", tt.name, m, err)
		}
		if errors.Is(err, errInternal) {
			t.Errorf("%s: Parse error %v is a recovered panic", tt.name, err)
		}
	}
}

func TestParseFrom(t *testing.T) {
	tests := []struct {
		from string
		want Address
	}{
		{`MAILER-DAEMON <>`, Address{Name: "MAILER-DAEMON"}},
		{`MAILER-DAEMON`, Address{Addr: "mailer-daemon"}},
		{`Mail Delivery Subsystem <MAILER-DAEMON>`, Address{Name: "Mail Delivery Subsystem", Addr: "mailer-daemon"}},
		{`Pete(A wonderful \) chap) <pete(his account)@silly.test(his host)>`, Address{Name: "Pete", Addr: "pete@silly.test"}},
		{`"Müller, Hans" <Hans@Example.DE>`, Address{Name: "Müller, Hans", Addr: "hans@example.de"}},
		{`=?utf-8?b?w5xiZXI=?= <a@b.de>`, Address{Name: "Über", Addr: "a@b.de"}},
		{`Kunde <kunde@example.de`, Address{Name: "Kunde", Addr: "kunde@example.de"}},
		{`kunde@example.de (Kunde)`, Address{Name: "Kunde", Addr: "kunde@example.de"}},
		{`Müller, Hans <h.mueller@example.de>`, Address{Name: "Müller, Hans", Addr: "h.mueller@example.de"}},
	}
	for _, tt := range tests {
		m, err := Parse(strings.NewReader("From: "+tt.from+"\n\nx"), nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if m.From != tt.want {
			t.Errorf("Parse(From: %s).From = %+v, want %+v", tt.from, m.From, tt.want)
		}
	}
}

// A forger controls display names and comments: a broken From line must never yield an
// address from them, and one that yields no unambiguous address is marked untrusted.
func TestParseFromNeverTakesTheDisplayName(t *testing.T) {
	tests := []struct {
		from    string
		addr    string
		trusted bool
	}{
		{"\"c.berger@kanzlei-berger.demo\r\" <eve@attacker.test>", "eve@attacker.test", true},
		{"\"c.berger@kanzlei-berger.demo\" <eve@attacker.test", "eve@attacker.test", true},
		{"c.berger@kanzlei-berger.demo <eve@attacker.test> x\"", "eve@attacker.test", true},
		{"(c.berger@kanzlei-berger.demo) eve@attacker.test\"", "eve@attacker.test", true},
		{"\"c.berger@kanzlei-berger.demo\" eve@attacker.test\x01", "eve@attacker.test", true},
		{"c.berger@kanzlei-berger.demo\x01 eve@attacker.test", "", false},
		{"Claudia <c.berger@kanzlei-berger.demo> <eve@attacker.test>", "eve@attacker.test", false},
		{"\"unterminated c.berger@kanzlei-berger.demo <eve@attacker.test>", "", true},
		{"Claudia Berger c.berger@kanzlei-berger.demo;", "c.berger@kanzlei-berger.demo", true},
		{"\"\" <>", "", true},
	}
	for _, tt := range tests {
		m, err := Parse(strings.NewReader("From: "+tt.from+"\r\nSubject: Kontingent\r\n\r\nx"), nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if m.From.Addr != tt.addr {
			t.Errorf("Parse(From: %q).From.Addr = %q, want %q", tt.from, m.From.Addr, tt.addr)
		}
		wantProblem := !tt.trusted || tt.addr == ""
		if (m.FromProblem != "") != wantProblem {
			t.Errorf("Parse(From: %q).FromProblem = %q, want a problem: %v", tt.from, m.FromProblem, wantProblem)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(1995, 9, 20, 4, 19, 0, 0, time.UTC)
	for _, d := range []string{"Wed, 20 Sep 1995 00:19:00 -0400", "Wed, 20 Sep 1995 00:19:00 (EDT) -0400", "20 Sep 1995 00:19 -0400 (EDT)"} {
		m, err := Parse(strings.NewReader("Date: "+d+"\n\nx"), nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !m.Date.Equal(want) || len(m.Problems) != 0 {
			t.Errorf("Parse(Date: %s).Date = %v (problems %q), want %v", d, m.Date, m.Problems, want)
		}
	}
	m, _ := Parse(strings.NewReader("Date: Pn, 29 paX 2007\n\nx"), nil, Options{})
	if !m.Date.IsZero() || len(m.Problems) != 1 {
		t.Errorf("Parse(bad date) = %v, problems %q; want zero time and one problem", m.Date, m.Problems)
	}
}

func TestParseLimitsParts(t *testing.T) {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=b\n\n")
	for range maxParts + 100 {
		b.WriteString("--b\nContent-Type: application/octet-stream\n\nx\n")
	}
	b.WriteString("--b--\n")
	m, err := Parse(strings.NewReader(b.String()), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Parts) != maxParts || len(m.Problems) != 1 || m.Problems[0] != "too many parts, rest skipped" {
		t.Errorf("Parse(%d parts) = %d parts, problems %q; want %d and one problem", maxParts+100, len(m.Parts), m.Problems, maxParts)
	}
}

func TestParseLimitsDepth(t *testing.T) {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=b0\n\n")
	for i := range maxDepth + 5 {
		fmt.Fprintf(&b, "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i, i+1)
	}
	m, err := Parse(strings.NewReader(b.String()), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range m.Problems {
		found = found || p == "multipart nested too deep, skipped"
	}
	if !found {
		t.Errorf("Parse(nested %d deep).Problems = %q, want the nesting problem", maxDepth+5, m.Problems)
	}
}
