package pdf

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// monospace measures every character as one unit, so widths in the tests are character counts.
func monospace(s string) float64 { return float64(utf8.RuneCountInString(s)) }

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width float64
		want  []string
	}{
		{"", 10, nil},
		{"   \n\t ", 10, nil},
		{"kurz", 10, []string{"kurz"}},
		{"genau zehn", 10, []string{"genau zehn"}},
		{"eins zwei drei vier", 10, []string{"eins zwei", "drei vier"}},
		{"eins   zwei", 10, []string{"eins zwei"}},
		{"Zeile eins\nZeile zwei", 20, []string{"Zeile eins", "Zeile zwei"}},
		{"a\r\n\r\nb", 20, []string{"a", "b"}},
		{"Überlänge_ohne_Leerzeichen", 10, []string{"Überlänge_", "ohne_Leerz", "eichen"}},
		{"ab Überlänge_ohne", 5, []string{"ab", "Überl", "änge_", "ohne"}},
		{"x", 0.5, []string{"x"}}, // at least one character per line, or the loop never ends
		{"Steuer\x00zeichen\x1b[31m", 30, []string{"Steuer zeichen [31m"}},
		{"weich\u00ADgetrennt", 30, []string{"weichgetrennt"}},
		{"ungültig \xff\xfe", 30, []string{"ungültig \uFFFD"}},
		{"Tab\tgetrennt", 30, []string{"Tab getrennt"}},
		{"Emoji 😀 fehlt", 30, []string{"Emoji ? fehlt"}},
	}
	for _, tt := range tests {
		got := wrap(tt.in, tt.width, monospace)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrap(%q, %v) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

// TestWrapKeepsEveryWord wraps a long text at many widths: no line is too wide (unless it is a
// single character) and the words come out as they went in.
func TestWrapKeepsEveryWord(t *testing.T) {
	text := strings.Repeat("Fehleranalyse am Drucker „Büro 2“ – Treiber neu installiert; ", 20) + strings.Repeat("x", 95)
	for width := 1.0; width <= 60; width++ {
		lines := wrap(text, width, monospace)
		for _, l := range lines {
			if monospace(l) > width && utf8.RuneCountInString(l) > 1 {
				t.Fatalf("width %v: line %q is %v wide", width, l, monospace(l))
			}
		}
		if got, want := strings.Join(lines, ""), strings.ReplaceAll(text, " ", ""); strings.ReplaceAll(got, " ", "") != want {
			t.Fatalf("width %v: words changed:\n%s", width, got)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jörg  Weiß", "Jörg Weiß"},
		{" a\nb\r\nc ", "a b c"},
		{"\u202Eevil\u202C", "evil"}, // bidi override would reverse what the customer reads
		{"a\u2028b", "a b"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLimit(t *testing.T) {
	tests := []struct {
		in    []string
		n     int
		width float64
		want  []string
	}{
		{[]string{"a", "b", "c"}, 2, 10, []string{"a", "b …"}},
		{[]string{"a", "b"}, 2, 10, []string{"a", "b"}},
		{[]string{"eins", "zwei drei", "vier"}, 2, 10, []string{"eins", "zwei …"}}, // "zwei drei …" is 11 wide
		{[]string{"eins", "zweidreivier", "x"}, 2, 10, []string{"eins", "zweidrei …"}},
		{[]string{"a", "b"}, 0, 10, nil},
	}
	for _, tt := range tests {
		in := append([]string(nil), tt.in...)
		if got := limit(in, tt.n, tt.width, monospace); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("limit(%q, %d, %v) = %q, want %q", tt.in, tt.n, tt.width, got, tt.want)
		}
		if !reflect.DeepEqual(in, tt.in) {
			t.Errorf("limit changed its input to %q", in)
		}
	}
}
