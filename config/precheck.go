package config

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
)

var (
	configType    = reflect.TypeFor[Config]()
	textUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// precheck walks the decoded TOML tree alongside struct type t and reports every value whose
// type or format does not fit its field, naming it by its full path ("imap.poll_interval",
// "rules[1].name"). It deletes those keys from raw so the real decode succeeds, and reports
// whether it deleted anything. Keys without a field are left for the decoder's Undecoded.
func precheck(raw map[string]any, t reflect.Type, prefix string, ps *Problems) bool {
	changed := false
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		v, ok := raw[name]
		if !ok {
			continue
		}
		setting := prefix + name
		if msg, sub := checkValue(v, f.Type, setting, ps); msg != "" {
			ps.Add(setting, "%s", msg)
			delete(raw, name)
			changed = true
		} else if sub {
			changed = true
		}
	}
	return changed
}

// checkValue returns a problem message for v as a value of type ft ("" if it fits) and
// whether it changed a nested table.
func checkValue(v any, ft reflect.Type, setting string, ps *Problems) (string, bool) {
	if reflect.PointerTo(ft).Implements(textUnmarshal) {
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case int64:
			s = fmt.Sprint(x)
		default:
			return fmt.Sprintf("must be a string, not %s", tomlKind(v)), false
		}
		u := reflect.New(ft).Interface().(encoding.TextUnmarshaler)
		if err := u.UnmarshalText([]byte(s)); err != nil {
			return err.Error(), false
		}
		return "", false
	}
	switch ft.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return fmt.Sprintf("must be a string, not %s", tomlKind(v)), false
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return fmt.Sprintf("must be true or false, not %s", tomlKind(v)), false
		}
	case reflect.Int, reflect.Int64:
		if _, ok := v.(int64); !ok {
			return fmt.Sprintf("must be an integer, not %s", tomlKind(v)), false
		}
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Sprintf("must be a table [%s], not %s", setting, tomlKind(v)), false
		}
		return "", precheck(m, ft, setting+".", ps)
	case reflect.Slice:
		return checkSlice(v, ft.Elem(), setting, ps)
	}
	return "", false
}

// checkSlice checks an array of strings or an array of tables ([[rules]]).
func checkSlice(v any, et reflect.Type, setting string, ps *Problems) (string, bool) {
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case []map[string]any:
		for _, m := range x {
			items = append(items, m)
		}
	default:
		return fmt.Sprintf("must be an array, not %s", tomlKind(v)), false
	}
	changed := false
	for i, item := range items {
		msg, sub := checkValue(item, et, fmt.Sprintf("%s[%d]", setting, i), ps)
		if msg != "" {
			return fmt.Sprintf("item %d: %s", i, msg), false
		}
		changed = changed || sub
	}
	return "", changed
}

// tomlKind names the TOML type of a decoded value for messages.
func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	}
	return fmt.Sprintf("a %T", v)
}
