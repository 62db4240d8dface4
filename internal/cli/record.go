package cli

// Records from flags: RecordFlags registers one flag per field of a record kind and turns the
// flags given into a whole record (add) or into a patch of exactly those fields (edit).
// ReadRecord reads a whole record from a TOML, YAML or JSON file.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// RecordFlags registers flags that set fields of a scratch record and knows, for each flag,
// where in the record's JSON form its field lives, so the flags given become a patch.
type RecordFlags[T any] struct {
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

// NewRecordFlags returns the record flags of T on f.
func NewRecordFlags[T any](f *Flags, prefix ...string) *RecordFlags[T] {
	return &RecordFlags[T]{fs: f, prefix: prefix, fields: map[string]*recordField[T]{}}
}

// Apply copies the fields of the flags given from the scratch record onto dst.
func (r *RecordFlags[T]) Apply(dst *T) {
	r.fs.Visit(func(fl *flag.Flag) {
		if f := r.fields[fl.Name]; f != nil {
			f.copy(dst, &r.scratch)
		}
	})
}

// Given returns the names of r's flags that were given, in lexical order.
func (r *RecordFlags[T]) Given() []string {
	var names []string
	r.fs.Visit(func(fl *flag.Flag) {
		if r.fields[fl.Name] != nil {
			names = append(names, fl.Name)
		}
	})
	return names
}

// Patch adds the fields of the flags given to p, a JSON object under construction.
func (r *RecordFlags[T]) Patch(p map[string]any) {
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

// Register adds the flag name for the field get points to; the field's JSON path is found
// from the pointer, so a flag can never patch another field than the one it sets.
func Register[T, V any](r *RecordFlags[T], name string, get func(*T) *V) {
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

// Field registers a flag that sets one field of the record with parse; a parse error is
// reported with the flag's name.
func Field[T, V any](r *RecordFlags[T], name, usage string, get func(*T) *V, parse func(string) (V, error)) {
	set := func(s string) error {
		v, err := parse(s)
		if err != nil {
			return err
		}
		*get(&r.scratch) = v
		return nil
	}
	r.fs.Func(name, usage, set)
	Register(r, name, get)
}

// BoolField registers a boolean flag: --name alone means true, --name=false false.
func BoolField[T any](r *RecordFlags[T], name, usage string, get func(*T) *bool) {
	set := func(s string) error {
		v, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		*get(&r.scratch) = v
		return nil
	}
	r.fs.BoolFunc(name, usage, set)
	Register(r, name, get)
}

// ListField registers a repeatable flag for a list: given at all, it replaces the list; empty
// values are dropped, so a single "" empties it.
func ListField[T any](r *RecordFlags[T], name, usage string, get func(*T) *[]string) {
	set := func(s string) error {
		if s = strings.TrimSpace(s); s != "" {
			p := get(&r.scratch)
			*p = append(*p, s)
		}
		return nil
	}
	r.fs.Func(name, usage, set)
	Register(r, name, get)
	// A list given only as "" must be sent as [], not as null.
	f := r.fields[name]
	f.get = func(t *T) any {
		if l := *get(t); l != nil {
			return l
		}
		return []string{}
	}
	f.copy = func(dst, src *T) { *get(dst) = append([]string{}, *get(src)...) }
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

// ReadRecord decodes one record (a customer, contact or contract, not a whole directory) from
// a .toml, .yaml, .yml or .json file. Unknown fields are errors, so that a misspelt one is not
// silently lost.
func ReadRecord(path string, v any) error {
	format, err := formatOf(path)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	switch format {
	case "toml":
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
	case "yaml":
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: %w", path, err)
		}
	case "json":
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

// Trimmed is the parse function of a plain text field.
func Trimmed(s string) (string, error) { return strings.TrimSpace(s), nil }

// OneOf returns the parse function of a field that takes one of values.
func OneOf[V ~string](values ...V) func(string) (V, error) {
	return func(s string) (V, error) {
		v := V(strings.TrimSpace(s))
		if !slices.Contains(values, v) {
			return v, fmt.Errorf("want %s", JoinValues(values))
		}
		return v, nil
	}
}

// JoinValues lists values as "a, b or c".
func JoinValues[V ~string](values []V) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// formatOf names the format of a record file by its extension.
func formatOf(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		return "toml", nil
	case ".yaml", ".yml":
		return "yaml", nil
	case ".json":
		return "json", nil
	}
	return "", fmt.Errorf("%s: unknown file type, want .toml, .yaml, .yml or .json", path)
}

// Scratch is the record the flags write into, for flags with their own parsing.
func (r *RecordFlags[T]) Scratch() *T { return &r.scratch }
