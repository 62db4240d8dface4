package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestExampleLoads(t *testing.T) {
	c, err := loadString(t, Example())
	if err != nil {
		t.Fatalf("Load(Example()) = %v", err)
	}
	if len(c.Rules) == 0 || c.Rules[1].Regexp() == nil {
		t.Errorf("Example rules = %+v, want rules with a compiled regex", c.Rules)
	}
}

// tomlKeys lists the dotted TOML key of every field of t, arrays of tables included.
func tomlKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		key := prefix + name
		keys = append(keys, key)
		ft := f.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			keys = append(keys, tomlKeys(ft, key+".")...)
		}
	}
	return keys
}

func TestExampleCoversEveryField(t *testing.T) {
	var c Config
	md, err := toml.Decode(Example(), &c)
	if err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{}
	for _, k := range md.Keys() {
		present[k.String()] = true
	}
	keys := tomlKeys(reflect.TypeFor[Config](), "")
	if len(keys) < 60 {
		t.Fatalf("found only %d keys in Config, the reflection walk is broken", len(keys))
	}
	for _, k := range keys {
		if !present[k] {
			t.Errorf("Example() does not show setting %s", k)
		}
	}
}

func TestExampleCommentsEverySection(t *testing.T) {
	// Each setting or table line must have a comment line somewhere above it in its table, so
	// at least check that every table header is followed by a comment.
	lines := strings.Split(Example(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "[") && !strings.HasPrefix(l, "[[") {
			if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "#") {
				t.Errorf("Example(): table %s is not followed by a comment", l)
			}
		}
	}
}
