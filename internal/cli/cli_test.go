package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestPositionalArguments(t *testing.T) {
	type got struct{ a, b, opt string }
	tests := []struct {
		args    []string
		want    got
		rest    []string
		flagVal string
		err     string
	}{
		{args: []string{"x", "y"}, want: got{"x", "y", ""}},
		{args: []string{"x", "y", "z"}, want: got{"x", "y", "z"}},
		{args: []string{"--flag", "v", "x", "y"}, want: got{"x", "y", ""}, flagVal: "v"},
		{args: []string{"x", "--flag", "v", "y"}, want: got{"x", "y", ""}, flagVal: "v"},
		{args: []string{"x", "y", "--flag=v"}, want: got{"x", "y", ""}, flagVal: "v"},
		{args: []string{"x", "--", "--flag"}, want: got{"x", "--flag", ""}},
		{args: []string{"x"}, err: "want A B [OPT]"},
		{args: []string{"x", "y", "z", "w"}, err: "want A B [OPT]"},
		{args: []string{"--nope", "x", "y"}, err: "flag provided but not defined"},
	}
	for _, tt := range tests {
		var g got
		f := NewFlags("t", io.Discard)
		fl := f.String("flag", "", "")
		f.Arg("A", &g.a)
		f.Arg("B", &g.b)
		f.OptArg("OPT", &g.opt)
		_, err := f.parse(tt.args)
		if tt.err != "" {
			var ue UsageError
			if err == nil || !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parse(%q) = %v, want a usage error %q", tt.args, err, tt.err)
			}
			continue
		}
		if err != nil || g != tt.want || *fl != tt.flagVal {
			t.Errorf("parse(%q) = %+v flag %q, %v; want %+v flag %q", tt.args, g, *fl, err, tt.want, tt.flagVal)
		}
	}
}

func TestRestAndNoArguments(t *testing.T) {
	var files []string
	f := NewFlags("t", io.Discard)
	f.Rest("FILE", &files)
	if _, err := f.parse(nil); err == nil || f.Synopsis() != "FILE..." {
		t.Errorf("Rest with no argument: %v (synopsis %q), want an error", err, f.Synopsis())
	}
	f = NewFlags("t", io.Discard)
	f.Rest("FILE", &files)
	if _, err := f.parse([]string{"a", "b"}); err != nil || strings.Join(files, ",") != "a,b" {
		t.Errorf("Rest(a b) = %q, %v", files, err)
	}
	f = NewFlags("t", io.Discard)
	if _, err := f.parse([]string{"stray"}); err == nil || !strings.Contains(err.Error(), `unexpected argument "stray"`) {
		t.Errorf("no positional declared, one given: %v", err)
	}
}

type inner struct {
	City string   `json:"city"`
	Tags []string `json:"tags"`
}

type record struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	Address inner  `json:"address"`
	Active  bool   `json:"active"`
	Skip    string `json:"-"`
}

// The patch of an edit holds exactly the fields whose flags were given, at their JSON paths.
func TestRecordFlagsPatch(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--city", " Hannover "}, `{"address":{"city":"Hannover"}}`},
		{[]string{"--name", "A", "--active=false"}, `{"active":false,"name":"A"}`},
		{[]string{"--tag", ""}, `{"address":{"tags":[]}}`},
		{[]string{"--tag", "x", "--tag", "y", "--city", "C"}, `{"address":{"city":"C","tags":["x","y"]}}`},
		{nil, `{}`},
	}
	for _, tt := range tests {
		f2 := NewFlags("t", io.Discard)
		r2 := NewRecordFlags[record](f2)
		Field(r2, "name", "", func(x *record) *string { return &x.Name }, Trimmed)
		Field(r2, "city", "", func(x *record) *string { return &x.Address.City }, Trimmed)
		ListField(r2, "tag", "", func(x *record) *[]string { return &x.Address.Tags })
		BoolField(r2, "active", "", func(x *record) *bool { return &x.Active })
		if _, err := f2.parse(tt.args); err != nil {
			t.Fatal(err)
		}
		p := map[string]any{}
		r2.Patch(p)
		b, _ := json.Marshal(p)
		if string(b) != tt.want {
			t.Errorf("Patch after %q = %s, want %s", tt.args, b, tt.want)
		}
		// Applied to a stored record, the patch changes those fields and no other.
		stored := record{ID: "R-1", Name: "Alt", Address: inner{City: "Celle", Tags: []string{"old"}}, Active: true}
		want := stored
		r2.Apply(&want)
		if err := json.Unmarshal(b, &stored); err != nil {
			t.Fatal(err)
		}
		if gb, wb := mustJSON(stored), mustJSON(want); gb != wb {
			t.Errorf("patch %s applied = %s, want %s (Apply)", b, gb, wb)
		}
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestJSONPathOfAFieldElsewherePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Register with a pointer outside the record did not panic")
		}
	}()
	var other string
	f := NewFlags("t", io.Discard)
	r := NewRecordFlags[record](f)
	Register(r, "x", func(*record) *string { return &other })
}

// The runner: exit codes, help, a command's action with its arguments.
func TestProgramMain(t *testing.T) {
	var seen []string
	p := &Program{Name: "prog", Groups: []Group{{Name: "thing", Summary: "things"}}, Commands: []*Command{
		{Name: "thing add", Summary: "add a thing", Help: "Adds.\n\nExample:\n  prog thing add X", Setup: func(f *Flags) Action {
			var x string
			f.Arg("X", &x)
			return func(_ context.Context, r *Run) error {
				seen = append(seen, x)
				if x == "bad" {
					return errors.New("no\nsecond line")
				}
				return nil
			}
		}},
	}}
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := p.Main(context.Background(), &Env{Stdout: &out, Stderr: &errOut}, args)
		return code, out.String(), errOut.String()
	}
	if code, _, _ := run("thing", "add", "ok"); code != 0 || strings.Join(seen, ",") != "ok" {
		t.Errorf("thing add ok: code %d, seen %v", code, seen)
	}
	if code, _, errOut := run("thing", "add", "bad"); code != 1 || errOut != "prog thing add: no\n  second line\n" {
		t.Errorf("failing action: code %d, stderr %q", code, errOut)
	}
	if code, _, errOut := run("thing", "add"); code != ExitUsage || !strings.Contains(errOut, "want X") {
		t.Errorf("missing argument: code %d, stderr %q", code, errOut)
	}
	if code, out, _ := run(); code != ExitUsage || !strings.Contains(out, "thing") || !strings.Contains(out, "things") {
		t.Errorf("no arguments: code %d, out %q", code, out)
	}
	if code, out, _ := run("thing", "help"); code != 0 || !strings.Contains(out, "add X") {
		t.Errorf("thing help: code %d, out %q", code, out)
	}
	if code, _, errOut := run("thing", "add", "--help"); code != 0 || !strings.Contains(errOut, "Usage: prog thing add [flags] X") {
		t.Errorf("--help: code %d, stderr %q", code, errOut)
	}
	var doc bytes.Buffer
	if err := p.WriteUsage(&doc, "regen"); err != nil || !strings.Contains(doc.String(), "## thing add") || !strings.Contains(doc.String(), "```\n  prog thing add X\n```") {
		t.Errorf("WriteUsage = %v\n%s", err, doc.String())
	}
}

func TestRequiredFlagsAndRestFunc(t *testing.T) {
	tests := []struct {
		args []string
		ids  []int
		err  string
	}{
		{args: []string{"--reason", "doppelt", "3", "4"}, ids: []int{3, 4}},
		{args: []string{"3"}, err: "want --reason TEXT"},
		{args: []string{"--reason", "  ", "3"}, err: "want --reason TEXT"},
		{args: []string{"--reason", "x", "3", "drei"}, err: `ENTRY "drei": not a number`},
		{args: []string{"--reason", "x"}, err: "want ENTRY..."},
	}
	for _, tt := range tests {
		f := NewFlags("t", io.Discard)
		f.String("reason", "", "why (`TEXT`)")
		f.Require("reason")
		var ids []int
		f.RestFunc("ENTRY", func(s string) error {
			var n int
			for _, c := range s {
				if c < '0' || c > '9' {
					return errors.New("not a number")
				}
				n = n*10 + int(c-'0')
			}
			ids = append(ids, n)
			return nil
		})
		_, err := f.parse(tt.args)
		if tt.err != "" {
			var ue UsageError
			if err == nil || !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parse(%q) = %v, want a usage error %q", tt.args, err, tt.err)
			}
			continue
		}
		if err != nil || len(ids) != len(tt.ids) || ids[0] != tt.ids[0] || ids[1] != tt.ids[1] {
			t.Errorf("parse(%q) = %v, %v; want %v", tt.args, ids, err, tt.ids)
		}
	}
}
