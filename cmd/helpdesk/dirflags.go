package main

// The flags the directory commands share: flags that set the fields of a record
// (recordFlags), and --file, which reads a whole record from a file (readRecord).

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"helpdesk/directory"
)

// Help texts shared by several commands.
const (
	fileFlagHelp = "read the whole record from `FILE` (.toml, .yaml, .yml or .json: the fields at the top\n" +
		"level, not inside [[customers]]); the other flags given override its fields"
	listFlagHelp = "repeatable: given at all, it replaces the list; a single \"\" empties it"
	fileNote     = "If the config sets directory.file, the daemon imports that file at every start and\n" +
		"replaces changes made with these commands: keep the file up to date with 'directory export'."
)

// readRecord decodes one record (a customer, contact or contract, not a whole directory) from
// a .toml, .yaml, .yml or .json file. Unknown fields are errors, so that a misspelt one is not
// silently lost.
func readRecord(path string, v any) error {
	format, err := directory.FormatOf(path)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	switch format {
	case directory.FormatTOML:
		md, err := toml.Decode(string(data), v)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			keys := make([]string, len(und))
			for i, k := range und {
				keys[i] = k.String()
			}
			return fmt.Errorf("%s: unknown setting(s) %s", path, strings.Join(keys, ", "))
		}
	case directory.FormatYAML:
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: %w", path, err)
		}
	case directory.FormatJSON:
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

// recordFlags registers flags that set fields of a scratch record, and copies onto a target
// record exactly the fields whose flags were given (flag.Visit): "edit" changes only what was
// asked, and flags override the fields of a record read with --file.
type recordFlags[T any] struct {
	fs      *flags
	scratch T
	copy    map[string]func(dst, src *T)
}

func newRecordFlags[T any](f *flags) *recordFlags[T] {
	return &recordFlags[T]{fs: f, copy: map[string]func(dst, src *T){}}
}

// apply copies the fields of the flags given from the scratch record onto dst.
func (r *recordFlags[T]) apply(dst *T) {
	r.fs.Visit(func(fl *flag.Flag) {
		if c := r.copy[fl.Name]; c != nil {
			c(dst, &r.scratch)
		}
	})
}

// given returns the names of r's flags that were given, in lexical order.
func (r *recordFlags[T]) given() []string {
	var names []string
	r.fs.Visit(func(fl *flag.Flag) {
		if r.copy[fl.Name] != nil {
			names = append(names, fl.Name)
		}
	})
	return names
}

// field registers a flag that sets one field of the record with parse; a parse error is
// reported with the flag's name.
func field[T, V any](r *recordFlags[T], name, usage string, get func(*T) *V, parse func(string) (V, error)) {
	r.fs.Func(name, usage, func(s string) error {
		v, err := parse(s)
		if err != nil {
			return err
		}
		*get(&r.scratch) = v
		return nil
	})
	r.copy[name] = func(dst, src *T) { *get(dst) = *get(src) }
}

// boolField registers a boolean flag: --name alone means true, --name=false false.
func boolField[T any](r *recordFlags[T], name, usage string, get func(*T) *bool) {
	r.fs.BoolFunc(name, usage, func(s string) error {
		v, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		*get(&r.scratch) = v
		return nil
	})
	r.copy[name] = func(dst, src *T) { *get(dst) = *get(src) }
}

// listField registers a repeatable flag for a list: given at all, it replaces the list; empty
// values are dropped, so a single "" empties it.
func listField[T any](r *recordFlags[T], name, usage string, get func(*T) *[]string) {
	r.fs.Func(name, usage, func(s string) error {
		if s = strings.TrimSpace(s); s != "" {
			p := get(&r.scratch)
			*p = append(*p, s)
		}
		return nil
	})
	r.copy[name] = func(dst, src *T) { *get(dst) = slices.Clone(*get(src)) }
}

// trimmed is the parse function of a plain text field.
func trimmed(s string) (string, error) { return strings.TrimSpace(s), nil }

// oneOf returns the parse function of a field that takes one of values.
func oneOf[V ~string](values ...V) func(string) (V, error) {
	return func(s string) (V, error) {
		v := V(strings.TrimSpace(s))
		if !slices.Contains(values, v) {
			return v, fmt.Errorf("want %s", joinValues(values))
		}
		return v, nil
	}
}

func joinValues[V ~string](values []V) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// noArgs passes on a parse error and rejects positional arguments.
func noArgs(pos []string, err error) error {
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	return nil
}
