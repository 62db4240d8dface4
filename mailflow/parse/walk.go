package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/transform"
)

// reportTypes are machine-readable report parts of bounces, read receipts and feedback
// reports (RFC 3464, 8098, 5965, 6533): they are listed in Parts but are neither body text
// nor attachments.
var reportTypes = map[string]bool{
	"message/delivery-status":                 true,
	"message/global-delivery-status":          true,
	"message/disposition-notification":        true,
	"message/global-disposition-notification": true,
	"message/feedback-report":                 true,
	"text/rfc822-headers":                     true,
	"message/global-headers":                  true,
}

// walk handles one entity: multiparts are descended, leaves read. It returns an error only
// when the BlobSink fails.
func (p *parser) walk(body io.Reader, h textproto.Header, mt string, params map[string]string, depth int) error {
	if strings.HasPrefix(mt, "multipart/") {
		boundary := params["boundary"]
		switch {
		case boundary == "":
			p.problem("multipart without boundary, read as text")
			mt, params = "text/plain", map[string]string{"charset": params["charset"]}
		case depth >= maxDepth:
			p.problem("multipart nested too deep, skipped")
			return nil
		default:
			return p.multipart(body, mt, boundary, depth)
		}
	}
	return p.leaf(body, h, mt, params, depth)
}

// multipart reads the parts of one multipart body in order, draining each before the next.
func (p *parser) multipart(body io.Reader, mt, boundary string, depth int) error {
	def := "text/plain"
	if mt == "multipart/digest" {
		def = "message/rfc822" // RFC 2046 section 5.1.5
	}
	br := getReader(body)
	defer putReader(br)
	mr := newMultipartReader(br, boundary)
	for {
		raw, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			p.problem(clip(err.Error(), 80))
			return nil
		}
		if p.parts++; p.parts > maxParts {
			p.problem("too many parts, rest skipped")
			return nil
		}
		if err := p.part(raw, def, depth); err != nil {
			return err
		}
	}
}

// part reads one part of a multipart: its header, then its body as an entity.
func (p *parser) part(raw io.Reader, def string, depth int) error {
	pr := getReader(&tolerantReader{r: raw, p: p, what: "read part"})
	defer putReader(pr)
	h, body, err := p.readHeader(pr, false)
	if err != nil {
		p.problem(clip(err.Error(), 80))
		return nil
	}
	ct, params := p.contentType(h.Get("Content-Type"), def)
	if err := p.walk(body, h, ct, params, depth+1); err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return fmt.Errorf("drain part: %w", err)
	}
	return nil
}

// leaf reads one non-multipart part as body text, attachment or neither.
func (p *parser) leaf(body io.Reader, h textproto.Header, mt string, params map[string]string, depth int) error {
	p.msg.Parts = append(p.msg.Parts, mt)
	disp, dparams := p.parseMediaValue(h.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	cte := h.Get("Content-Transfer-Encoding")
	isBody := mt == "text/plain" || mt == "text/html"
	attach := disp == "attachment" || name != "" || mt == "message/rfc822" ||
		!(strings.HasPrefix(mt, "text/") || reportTypes[mt])
	if depth == 0 && isBody && disp != "attachment" {
		attach = false // a single-part mail's text is its body even when it carries a name
	}
	if attach {
		return p.attachment(body, h, mt, disp, name, cte)
	}
	switch {
	case mt == "text/plain" && p.plain == nil:
		p.plain = newTextSink(p.opts.MaxTextSize)
		p.readText(body, cte, params, p.plain, false)
	case mt == "text/html" && p.html == nil && (p.plain == nil || strings.TrimSpace(p.plain.String()) == ""):
		p.html = newTextSink(p.opts.MaxTextSize)
		p.readText(body, cte, params, p.html, true)
	}
	return nil
}

// readText decodes a text part into sink: transfer encoding, then charset, then (for HTML)
// conversion to text.
func (p *parser) readText(body io.Reader, cte string, params map[string]string, sink *textSink, isHTML bool) {
	decoded := &tolerantReader{r: p.transferDecoder(cte, body), p: p, what: "decode body"}
	t, ok := decoderFor(params["charset"])
	if !ok {
		p.problem(fmt.Sprintf("unknown charset %q, read as UTF-8/Windows-1252", clip(params["charset"], 40)))
	}
	if isHTML {
		// HTML streams through the tokenizer: inline images can make it large.
		text := &tolerantReader{r: transform.NewReader(decoded, t), p: p, what: "decode charset"}
		if err := htmlToText(text, sink); err != nil {
			p.problem("html: " + clip(err.Error(), 80))
		}
		_, _ = io.Copy(io.Discard, text) // what the tokenizer left after an error
		return
	}
	// Plain text is kept anyway: collect the raw bytes up to the cap, then decode at once.
	raw := &limitBuffer{limit: int(p.opts.MaxTextSize)}
	_, _ = io.CopyBuffer(raw, decoded, p.copyBuf()) // never fails: both ends are tolerant
	out, _, err := transform.Bytes(t, raw.buf)
	if err != nil {
		p.problem("decode charset: " + clip(err.Error(), 80))
		out, _, _ = transform.Bytes(utf8Or1252{}, raw.buf)
	}
	_, _ = sink.Write(out)
	sink.truncated = sink.truncated || raw.truncated
}

// attachment streams a part's decoded body to the BlobSink and records it.
func (p *parser) attachment(body io.Reader, h textproto.Header, mt, disp, name, cte string) error {
	n := len(p.msg.Attachments) + 1
	name = sanitizeName(name)
	if name == "" {
		name = defaultName(mt, n)
	}
	cid := first(parseMsgIDs(h.Get("Content-Id")))
	a := Attachment{
		Name:        name,
		ContentType: mt,
		ContentID:   cid,
		Inline:      disp == "inline" || (disp == "" && cid != ""),
	}
	src := &tolerantReader{r: p.transferDecoder(cte, body), p: p, what: "decode attachment"}
	var err error
	if p.blobs == nil {
		a.SHA256, a.Size, err = hashOnly(src, p.copyBuf())
	} else {
		a.SHA256, a.Size, err = p.blobs.Put(src)
	}
	if err != nil {
		return fmt.Errorf("parse: store attachment %d: %w", n, err)
	}
	p.msg.Attachments = append(p.msg.Attachments, a)
	return nil
}

func hashOnly(r io.Reader, buf []byte) (string, int64, error) {
	h := sha256.New()
	n, err := io.CopyBuffer(h, r, buf)
	return hex.EncodeToString(h.Sum(nil)), n, err
}
