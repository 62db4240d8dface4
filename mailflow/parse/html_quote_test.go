package parse

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// htmlText converts in as the parser does for a text/html body.
func htmlText(t *testing.T, in string) string {
	t.Helper()
	sink := newTextSink(1 << 20)
	if err := htmlToText(strings.NewReader(in), sink); err != nil {
		t.Fatalf("htmlToText(%q): %v", in, err)
	}
	return tidyText(sink.String())
}

func TestHTMLToTextQuotes(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{
			"apple mail: attribution inside the cite blockquote",
			`<div>Passt, danke.</div><div><br><blockquote type="cite"><div>Am 01.12.2026 um 10:15 schrieb Anna Lange &lt;a@example.de&gt;:</div><br class="Apple-interchange-newline"><div><div>Der Drucker geht nicht.</div><div>Gruß Anna</div></div></blockquote></div>`,
			"Passt, danke.\n\n> Am 01.12.2026 um 10:15 schrieb Anna Lange <a@example.de>:\n>\n> Der Drucker geht nicht.\n> Gruß Anna",
		},
		{
			"thunderbird: moz-cite-prefix stays plain, blockquote is quoted",
			`<p>Erledigt.</p><div class="moz-cite-prefix">Am 01.12.26 um 10:15 schrieb Anna Lange:<br></div><blockquote type="cite" cite="mid:x@y"><p>Bitte prüfen.</p><p>Anna</p></blockquote>`,
			"Erledigt.\n\nAm 01.12.26 um 10:15 schrieb Anna Lange:\n\n> Bitte prüfen.\n>\n> Anna",
		},
		{
			"gmail: gmail_attr plain, blockquote.gmail_quote quoted",
			`<div dir="ltr">Thanks!</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Dec 1, 2026 at 10:15 AM Anna &lt;<a href="mailto:a@b.de">a@b.de</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex"><div dir="ltr">Printer broken.</div></blockquote></div>`,
			"Thanks!\n\nOn Mon, Dec 1, 2026 at 10:15 AM Anna <a@b.de> wrote:\n\n> Printer broken.",
		},
		{
			"gmx: div name=quote with its header",
			`<div>Geht wieder.</div><div name="quote" style="margin:10px"><div style="margin:0 0 10px 0;"><b>Gesendet:</b>&nbsp;Montag, 01. Dezember 2026 um 10:15 Uhr<br/><b>Von:</b>&nbsp;Support<br/></div><div name="quoted-content">Alt</div></div>`,
			"Geht wieder.\n> Gesendet: Montag, 01. Dezember 2026 um 10:15 Uhr\n> Von: Support\n> Alt",
		},
		{
			"yahoo",
			`<div>Ok</div><div class="yahoo_quoted"><div>On Monday, Anna wrote:</div><div>old</div></div>`,
			"Ok\n> On Monday, Anna wrote:\n> old",
		},
		{
			"nested quotes and text after the quote",
			`<p>Neu</p><blockquote type="cite"><p>eins</p><blockquote type="cite"><p>zwei</p></blockquote><p>drei</p></blockquote><p>Antwort unten</p>`,
			"Neu\n\n> eins\n>\n>> zwei\n>\n> drei\n\nAntwort unten",
		},
		{
			"interleaved answers between cite blockquotes",
			`<blockquote type="cite">Frage 1?</blockquote><div>Ja.</div><blockquote type="cite">Frage 2?</blockquote><div>Nein.</div>`,
			"> Frage 1?\n\nJa.\n\n> Frage 2?\n\nNein.",
		},
		{
			"a bare blockquote is indentation, not a quote",
			`<p>Bitte beachten:</p><blockquote><p>Wichtig</p></blockquote>`,
			"Bitte beachten:\n\nWichtig",
		},
		{
			"a class merely containing gmail_quote as a substring is not one",
			`<blockquote class="xgmail_quotex">Eigener Text</blockquote>`,
			"Eigener Text",
		},
		{
			"pre and list inside a quote keep the prefix on every line",
			`<blockquote type="cite"><pre>a
b</pre><ul><li>x</li><li>y</li></ul></blockquote>`,
			"> a\n> b\n>\n> - x\n> - y",
		},
		{
			"unclosed div inside the quote is closed by </blockquote>",
			`<blockquote type="cite"><div>alt</blockquote><div>neu</div>`,
			"> alt\n\nneu",
		},
		{
			"stray </div> inside a quote does not end it",
			`<blockquote type="cite">a</div>b</blockquote>c`,
			"> a\n> b\n\nc",
		},
		{
			"unclosed quote runs to the end",
			`<p>neu</p><blockquote type="cite"><p>alt`,
			"neu\n\n> alt",
		},
		{
			"TYPE=CITE in upper case",
			`<BLOCKQUOTE TYPE="CITE">x</BLOCKQUOTE>`,
			"> x",
		},
	}
	for _, tt := range tests {
		if got := htmlText(t, tt.in); got != tt.want {
			t.Errorf("%s: htmlToText(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// Deep nesting is capped: the prefix stops growing and the stack stops tracking.
func TestHTMLToTextQuoteDepthCapped(t *testing.T) {
	in := strings.Repeat(`<blockquote type="cite">`, 3*maxOpenBlocks) + "x" + strings.Repeat(`</blockquote>`, 3*maxOpenBlocks) + "y"
	got := htmlText(t, in)
	want := strings.Repeat(">", maxQuotePrefix) + " x\n\ny"
	if got != want {
		t.Errorf("htmlToText(%d nested quotes) = %q, want %q", 3*maxOpenBlocks, got, want)
	}
}

func TestParseHTMLReplyQuoted(t *testing.T) {
	raw := "From: a@example.de\r\nSubject: AW: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p>Danke</p><blockquote type="cite"><p>Alt</p></blockquote>`
	m, err := Parse(bytes.NewReader([]byte(raw)), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Danke\n\n> Alt"; m.Text != want || !m.TextFromHTML {
		t.Errorf("Parse(html reply).Text = %q (fromHTML %v), want %q (true)", m.Text, m.TextFromHTML, want)
	}
}

// FuzzHTMLToText: the conversion never panics, keeps valid UTF-8 valid, and the quote
// prefixes cannot blow the text up (each is capped, and needs a tag to start a line).
func FuzzHTMLToText(f *testing.F) {
	for _, s := range []string{
		`<div>Passt.</div><blockquote type="cite"><div>Am 01.12.2026 schrieb A:</div><div>alt</div></blockquote>`,
		`<div class="gmail_quote"><div class="gmail_attr">On Mon wrote:</div><blockquote class="gmail_quote">x<br>y</blockquote></div>`,
		`<div name="quote"><b>Gesendet:</b>&nbsp;Mo<br/><b>Von:</b> S</div>neu`,
		`<div class="yahoo_quoted">a</div>`,
		`<blockquote type=cite><pre>a` + "\n" + `b</pre><ul><li>x</ul></blockquote></div></div>c`,
		strings.Repeat(`<blockquote type="cite">`, 20) + "deep<br>er" + strings.Repeat(`</blockquote>`, 5),
		`<BLOCKQUOTE TYPE="CITE"><DIV>x</BLOCKQUOTE></DIV>y`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sink := newTextSink(1 << 20)
		if err := htmlToText(strings.NewReader(in), sink); err != nil {
			return // a token over maxHTMLToken: the parser records a problem
		}
		out := tidyText(sink.String())
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("htmlToText(%q) = %q: invalid UTF-8", in, out)
		}
		if len(out) > 4*len(in)+64 {
			t.Fatalf("htmlToText(%d bytes) gave %d bytes", len(in), len(out))
		}
	})
}
