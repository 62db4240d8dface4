package policy

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode non-UTF-8 parts of bounces
	"github.com/emersion/go-message/textproto"
)

// BounceInfo is what ParseBounce learned from a delivery status notification.
type BounceInfo struct {
	OriginalMessageID string   // Message-ID of the returned mail, without angle brackets
	FailedRecipients  []string // lower-cased addresses the notice is about
	Status            string   // RFC 3463 status of the first such recipient, e.g. "5.1.1"
	Diagnostic        string   // Diagnostic-Code of the first such recipient
	Delay             bool     // a delay warning: delivery is still being tried
}

// Limits for ParseBounce: total bytes read, bytes scanned per text part, parts and depth.
const (
	maxBounceBytes = 32 << 20
	maxScanBytes   = 256 << 10
	maxBounceParts = 64
	maxBounceDepth = 6
)

// ParseBounce reads a bounce and returns the original Message-ID and the recipients it is
// about. It understands RFC 3464 DSNs (message/delivery-status with Final-Recipient,
// Original-Recipient, Action, Status and Diagnostic-Code; the returned mail as message/rfc822
// or text/rfc822-headers) and, best effort, non-RFC bounces (qmail "<addr>:" lines, a
// "Message-ID:" line of the returned mail in the text, X-Failed-Recipients). It streams the
// mail and reads at most 32 MiB. An error means the input was not a readable mail.
func ParseBounce(raw io.Reader) (BounceInfo, error) {
	br := bufio.NewReader(io.LimitReader(raw, maxBounceBytes))
	skipMboxFrom(br)
	e, err := message.Read(br)
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return BounceInfo{}, fmt.Errorf("parse bounce: %w", err)
	}
	s := &bounceScan{}
	for _, v := range e.Header.Values("X-Failed-Recipients") {
		for _, a := range strings.Split(v, ",") {
			s.addText(a)
		}
	}
	s.walk(e, 0)
	return s.result(), nil
}

// skipMboxFrom drops an mbox "From sender date" separator line.
func skipMboxFrom(br *bufio.Reader) {
	if p, err := br.Peek(5); err == nil && string(p) == "From " {
		_, _ = br.ReadSlice('\n')
	}
}

// bounceScan gathers what the parts of one bounce say.
type bounceScan struct {
	parts int
	dsn   []dsnRecipient // from message/delivery-status
	text  []string       // recipients found in text, best effort
	msgID string         // from the returned mail's header
	txtID string         // from a Message-ID line in a text part
	// textDelay: the text says delivery is still being tried (non-RFC delay warning).
	textDelay bool
}

// textLeadIns introduce a list of failed addresses in non-RFC bounces (Exim, Exchange,
// Sendmail, Lotus), lower-case.
var textLeadIns = []string{
	"following address(es) failed",
	"the following addresses had permanent fatal errors",
	"address to which the message has not yet been delivered",
	"addresses to which the message has not yet been delivered",
	"did not reach the following recipient",
	"delivery has failed to these recipients",
	"delivery to the following recipients failed",
	"konnte an folgende empfänger nicht",
	"übermittlung an folgende empfänger",
}

type dsnRecipient struct{ addr, action, status, diag string }

func (s *bounceScan) walk(e *message.Entity, depth int) {
	s.parts++
	if s.parts > maxBounceParts || depth > maxBounceDepth {
		return
	}
	if mr := e.MultipartReader(); mr != nil {
		for {
			p, err := mr.NextPart()
			if err != nil {
				if errors.Is(err, io.EOF) || !(message.IsUnknownCharset(err) || message.IsUnknownEncoding(err)) {
					return
				}
			}
			if p == nil {
				return
			}
			s.walk(p, depth+1)
			if s.parts > maxBounceParts {
				return
			}
		}
	}
	t, _, err := e.Header.ContentType()
	if err != nil || t == "" {
		t = "text/plain"
	}
	body := io.LimitReader(e.Body, maxScanBytes)
	switch strings.ToLower(t) {
	case "message/delivery-status", "message/global-delivery-status":
		s.readStatus(body)
	case "message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers", "message/global-headers":
		h, _ := textproto.ReadHeader(bufio.NewReader(body))
		if id := cleanID(h.Get("Message-Id")); id != "" && s.msgID == "" {
			s.msgID = id
		}
	case "text/plain", "text/html":
		s.scanText(body)
	}
}

// readStatus parses the per-message and per-recipient field groups of an RFC 3464 body.
func (s *bounceScan) readStatus(r io.Reader) {
	br := bufio.NewReader(r)
	for i := 0; i < 2*maxBounceParts; i++ {
		h, err := textproto.ReadHeader(br)
		addr := dsnAddr(h.Get("Final-Recipient"))
		if addr == "" {
			addr = dsnAddr(h.Get("Original-Recipient"))
		}
		if addr != "" {
			s.dsn = append(s.dsn, dsnRecipient{
				addr:   addr,
				action: strings.ToLower(strings.TrimSpace(h.Get("Action"))),
				status: strings.TrimSpace(h.Get("Status")),
				diag:   oneLine(h.Get("Diagnostic-Code")),
			})
		}
		if err != nil {
			return
		}
		if _, err := br.Peek(1); err != nil {
			return
		}
	}
}

var (
	reTextMsgID = regexp.MustCompile(`(?i)^\s*message-id:\s*<?([^<>\s]+@[^<>\s]+?)>?\s*$`)
	reTextRcpt  = regexp.MustCompile(`^<([^<>\s@]+@[^<>\s@]+)>:`)
)

// scanText looks through a text part for the returned mail's Message-ID line and for
// qmail/Postfix style "<addr>:" recipient lines.
func (s *bounceScan) scanText(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	listLines := 0 // lines left in which an address list may follow a lead-in
	for sc.Scan() {
		line := sc.Bytes()
		lower := strings.ToLower(string(line))
		if p := containsAny(lower, textLeadIns); p != "" {
			listLines = 8
			if strings.Contains(p, "not yet") {
				s.textDelay = true
			}
			continue
		}
		if listLines > 0 {
			listLines--
			if f := strings.Fields(lower); len(f) > 0 {
				if a := strings.Trim(f[0], "<>:,;\"'"); strings.Count(a, "@") == 1 && !strings.HasPrefix(a, "@") {
					s.addText(a)
				}
			}
		}
		if len(line) > 0 && line[0] == '<' {
			if m := reTextRcpt.FindSubmatch(line); m != nil {
				s.addText(string(m[1]))
			}
			continue
		}
		if s.txtID == "" && len(line) > 11 {
			if m := reTextMsgID.FindSubmatch(line); m != nil {
				s.txtID = string(m[1])
			}
		}
	}
}

func (s *bounceScan) addText(a string) {
	a = strings.ToLower(strings.Trim(strings.TrimSpace(a), "<>"))
	if strings.Contains(a, "@") && !contains(s.text, a) {
		s.text = append(s.text, a)
	}
}

func (s *bounceScan) result() BounceInfo {
	var b BounceInfo
	b.OriginalMessageID = s.msgID
	if b.OriginalMessageID == "" {
		b.OriginalMessageID = s.txtID
	}
	var failed, delayed, other []dsnRecipient
	for _, r := range s.dsn {
		switch r.action {
		case "failed":
			failed = append(failed, r)
		case "delayed":
			delayed = append(delayed, r)
		case "delivered", "relayed", "expanded":
		default:
			other = append(other, r)
		}
	}
	pick := failed
	if len(pick) == 0 && len(delayed) > 0 {
		pick, b.Delay = delayed, true
	}
	if len(pick) == 0 {
		pick = other
	}
	for _, r := range pick {
		if !contains(b.FailedRecipients, r.addr) {
			b.FailedRecipients = append(b.FailedRecipients, r.addr)
		}
	}
	if len(pick) > 0 {
		b.Status, b.Diagnostic = pick[0].status, pick[0].diag
	}
	if len(s.dsn) == 0 {
		b.FailedRecipients = s.text
		b.Delay = s.textDelay && len(s.text) > 0
	}
	return b
}

// dsnAddr takes the address from "rfc822; user@example.com".
func dsnAddr(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[i+1:]
	}
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), "<>"))
	if !strings.Contains(v, "@") {
		return ""
	}
	return v
}

// cleanID strips angle brackets and white space from a Message-ID value.
func cleanID(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			return strings.TrimSpace(v[i+1 : i+j])
		}
	}
	if strings.ContainsAny(v, " \t") {
		return ""
	}
	return v
}

// oneLine folds a header value onto one line and caps it.
func oneLine(v string) string {
	v = strings.Join(strings.Fields(v), " ")
	const max = 300
	if len(v) > max {
		v = strings.ToValidUTF8(v[:max], "")
	}
	return v
}
