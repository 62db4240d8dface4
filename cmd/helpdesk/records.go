package main

// Records from flags: recordFlags registers one flag per field of a record kind (customer,
// contact, contract, technician, ...) and turns the flags given into a whole record (add) or
// into a patch of exactly those fields (edit), which the daemon applies in one transaction.
// --file reads a whole record from a TOML, YAML or JSON file.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"helpdesk/directory"
)

// Help texts shared by the record commands.
const (
	fileFlagHelp = "read the whole record from `FILE` (.toml, .yaml, .yml or .json: the fields at the top\n" +
		"level, not inside [[customers]]); the other flags given override its fields"
	listFlagHelp = "repeatable: given at all, it replaces the list; a single \"\" empties it"
	fileNote     = "If the config sets directory.file, the daemon imports that file at every start and\n" +
		"replaces changes made with these commands: keep the file up to date with 'directory export'."
)

// recordFlags registers flags that set fields of a scratch record and knows, for each flag,
// where in the record's JSON form its field lives, so the flags given become a patch.
type recordFlags[T any] struct {
	fs      *Flags
	prefix  []string // JSON path of the record inside the patched record (contract terms)
	scratch T
	fields  map[string]*recordField[T]
}

type recordField[T any] struct {
	copy func(dst, src *T)
	path []string // JSON names from the record down to the field
	get  func(*T) any
}

func newRecordFlags[T any](f *Flags, prefix ...string) *recordFlags[T] {
	return &recordFlags[T]{fs: f, prefix: prefix, fields: map[string]*recordField[T]{}}
}

// apply copies the fields of the flags given from the scratch record onto dst.
func (r *recordFlags[T]) apply(dst *T) {
	r.fs.Visit(func(fl *flag.Flag) {
		if f := r.fields[fl.Name]; f != nil {
			f.copy(dst, &r.scratch)
		}
	})
}

// given returns the names of r's flags that were given, in lexical order.
func (r *recordFlags[T]) given() []string {
	var names []string
	r.fs.Visit(func(fl *flag.Flag) {
		if r.fields[fl.Name] != nil {
			names = append(names, fl.Name)
		}
	})
	return names
}

// patch adds the fields of the flags given to p, a JSON object under construction.
func (r *recordFlags[T]) patch(p map[string]any) {
	r.fs.Visit(func(fl *flag.Flag) {
		f := r.fields[fl.Name]
		if f == nil {
			return
		}
		path := append(slices.Clone(r.prefix), f.path...)
		m := p
		for _, k := range path[:len(path)-1] {
			sub, ok := m[k].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[k] = sub
			}
			m = sub
		}
		m[path[len(path)-1]] = f.get(&r.scratch)
	})
}

// register adds the flag name for the field get points to; the field's JSON path is found
// from the pointer, so a flag can never patch another field than the one it sets.
func register[T, V any](r *recordFlags[T], name string, get func(*T) *V) {
	path, err := jsonPath(&r.scratch, get(&r.scratch))
	if err != nil {
		panic(fmt.Sprintf("flag --%s: %v", name, err)) // a programming error in a command table
	}
	r.fields[name] = &recordField[T]{
		path: path,
		copy: func(dst, src *T) { *get(dst) = cloneValue(*get(src)) },
		get:  func(t *T) any { return *get(t) },
	}
}

// field registers a flag that sets one field of the record with parse; a parse error is
// reported with the flag's name.
func field[T, V any](r *recordFlags[T], name, usage string, get func(*T) *V, parse func(string) (V, error)) {
	set := func(s string) error {
		v, err := parse(s)
		if err != nil {
			return err
		}
		*get(&r.scratch) = v
		return nil
	}
	r.fs.Func(name, usage, set)
	register(r, name, get)
}

// boolField registers a boolean flag: --name alone means true, --name=false false.
func boolField[T any](r *recordFlags[T], name, usage string, get func(*T) *bool) {
	set := func(s string) error {
		v, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		*get(&r.scratch) = v
		return nil
	}
	r.fs.BoolFunc(name, usage, set)
	register(r, name, get)
}

// listField registers a repeatable flag for a list: given at all, it replaces the list; empty
// values are dropped, so a single "" empties it.
func listField[T any](r *recordFlags[T], name, usage string, get func(*T) *[]string) {
	set := func(s string) error {
		if s = strings.TrimSpace(s); s != "" {
			p := get(&r.scratch)
			*p = append(*p, s)
		}
		return nil
	}
	r.fs.Func(name, usage, set)
	register(r, name, get)
	// A list given only as "" must be sent as [], not as null.
	f := r.fields[name]
	f.get = func(t *T) any {
		if l := *get(t); l != nil {
			return l
		}
		return []string{}
	}
}

// cloneValue copies slices and maps so that a record built from flags shares nothing with the
// scratch record.
func cloneValue[V any](v V) V {
	rv := reflect.ValueOf(&v).Elem()
	switch rv.Kind() {
	case reflect.Slice:
		if !rv.IsNil() {
			c := reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
			reflect.Copy(c, rv)
			rv.Set(c)
		}
	case reflect.Map:
		if !rv.IsNil() {
			c := reflect.MakeMapWithSize(rv.Type(), rv.Len())
			for it := rv.MapRange(); it.Next(); {
				c.SetMapIndex(it.Key(), it.Value())
			}
			rv.Set(c)
		}
	}
	return v
}

// jsonPath returns the JSON names leading from *root to the struct field at ptr.
func jsonPath(root, ptr any) ([]string, error) {
	target := reflect.ValueOf(ptr).Pointer()
	var walk func(v reflect.Value) []string
	walk = func(v reflect.Value) []string {
		if v.Kind() != reflect.Struct {
			return nil
		}
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if !sf.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			fv := v.Field(i)
			if fv.Addr().Pointer() == target && fv.Kind() != reflect.Struct {
				return []string{name}
			}
			if fv.Kind() == reflect.Struct {
				if fv.Addr().Pointer() == target && fv.Type() == reflect.TypeOf(ptr).Elem() {
					return []string{name}
				}
				if sub := walk(fv); sub != nil {
					return append([]string{name}, sub...)
				}
			}
		}
		return nil
	}
	if p := walk(reflect.ValueOf(root).Elem()); p != nil {
		return p, nil
	}
	return nil, errors.New("the field is not in the record")
}

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

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
