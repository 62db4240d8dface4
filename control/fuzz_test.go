package control

import (
	"bufio"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// FuzzHandleLine checks that every request line, however malformed, gets one well-formed answer
// and no panic escapes.
func FuzzHandleLine(f *testing.F) {
	for _, seed := range []string{
		`{"op":"ticket.get","args":{"id":1}}`,
		`{"op":"ticket.get","args":{"id":7}}`,
		`{"op":"ticket.list","args":{"state":"open","password":"x"}}`,
		`{"op":"ticket.list","args":[1,2]}`,
		`{"op":"boom"}`,
		`{"op":""}`,
		`{"op":1}`,
		`null`,
		`[]`,
		`{"op":"ticket.get","args":{"id":1}} trailing`,
		"{\"op\":\"\xff\"}",
	} {
		f.Add(seed)
	}
	s := NewServer(zerolog.Nop())
	registerTickets(s)
	s.Handle("boom", func(context.Context, json.RawMessage) (any, error) { panic("boom") })
	s.HandleStream("count", func(_ context.Context, raw json.RawMessage, emit func(any) error) (any, error) {
		var n int
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, err
		}
		for i := range min(n, 5) {
			if err := emit(i); err != nil {
				return nil, err
			}
		}
		return "done", nil
	})
	f.Add(`{"op":"count","args":3}`)
	f.Fuzz(func(t *testing.T, line string) {
		out := s.handleLine(context.Background(), []byte(line), func(any) error { return nil })
		var resp response
		if err := json.Unmarshal(out, &resp); err != nil {
			t.Fatalf("handleLine(%q) = %s, not JSON: %v", line, out, err)
		}
		if strings.ContainsRune(string(out), '\n') {
			t.Fatalf("handleLine(%q) = %s, holds a newline", line, out)
		}
		if resp.OK == (resp.Error != "") {
			t.Fatalf("handleLine(%q) = %s: ok and error disagree", line, out)
		}
	})
}

// FuzzReadLine checks readLine against strings.Split for lines under the limit.
func FuzzReadLine(f *testing.F) {
	f.Add("a\nbb\n\nccc", 2)
	f.Add("", 0)
	f.Add(strings.Repeat("x", 5000)+"\n", 4999)
	f.Fuzz(func(t *testing.T, in string, max int) {
		if max < 0 || max > 1<<16 {
			return
		}
		r := bufio.NewReaderSize(strings.NewReader(in), 16)
		want := strings.Split(strings.TrimSuffix(in, "\n"), "\n")
		if in == "" {
			want = nil
		}
		for i, w := range want {
			got, err := readLine(r, max)
			if len(w) > max {
				if err != errTooLarge {
					t.Fatalf("readLine(%q, %d) line %d = %q, %v; want errTooLarge", in, max, i, got, err)
				}
				return
			}
			if err != nil || string(got) != w {
				t.Fatalf("readLine(%q, %d) line %d = %q, %v; want %q", in, max, i, got, err, w)
			}
		}
		if got, err := readLine(r, max); err == nil {
			t.Fatalf("readLine(%q, %d) after the last line = %q, want EOF", in, max, got)
		}
	})
}
