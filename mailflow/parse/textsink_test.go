package parse

import (
	"strings"
	"testing"
)

func TestTextSink(t *testing.T) {
	tests := []struct {
		writes []string
		limit  int64
		want   string
		trunc  bool
	}{
		{[]string{"a\r", "\nb\r\r\nc\x00d"}, 100, "a\nb\n\ncd", false},
		{[]string{"x\ry\rz"}, 100, "x\ny\nz", false},
		{[]string{"äöü"}, 3, "ä", true}, // cut inside ö: the partial rune goes
		{[]string{"ab", "cd"}, 3, "abc", true},
	}
	for _, tt := range tests {
		s := newTextSink(tt.limit)
		for _, w := range tt.writes {
			if n, err := s.Write([]byte(w)); n != len(w) || err != nil {
				t.Fatalf("Write(%q) = %d, %v; want %d, nil", w, n, err, len(w))
			}
		}
		if got := s.String(); got != tt.want || s.truncated != tt.trunc {
			t.Errorf("textSink(%q, limit %d) = %q (truncated %v), want %q (%v)", tt.writes, tt.limit, got, s.truncated, tt.want, tt.trunc)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>a<br>b</p><p>c</p>", "a\nb\n\nc"},
		{"x<script>if (a<b) {}</script>y", "xy"},
		{"<pre>  keep\n   this</pre>after", "  keep\n   this\n\nafter"},
		{"<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", "1 2\n3"},
		{"<a href='http://x'>link &amp; text</a>&#8364;", "link & text€"},
		{"<div>a</div>\n\n\n<div>b</div><br><br><br><br>c", "a\nb\n\nc"},
	}
	for _, tt := range tests {
		sink := newTextSink(1 << 20)
		if err := htmlToText(strings.NewReader(tt.in), sink); err != nil {
			t.Fatal(err)
		}
		if got := tidyText(sink.String()); got != tt.want {
			t.Errorf("htmlToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
