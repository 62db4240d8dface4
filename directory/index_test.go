package directory

import (
	"reflect"
	"testing"
)

// The index gives the same answers as the scan, for every kind of address.
func TestIndexMatchesScan(t *testing.T) {
	d, err := Load("../examples/directory.toml")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(d)
	addrs := []string{"", "nobody", "c.berger@kanzlei-berger.demo", "C.Berger@Kanzlei-Berger.DEMO",
		"Claudia Berger <c.berger@kanzlei-berger.demo>", "someone@kanzlei-berger.demo",
		"s.krueger@kanzlei-berger.demo", "x@sub.kanzlei-berger.demo", "d.oconnor@hoffmann-group.test",
		"stranger@elsewhere.test"}
	for _, c := range d.Contacts {
		addrs = append(addrs, c.Email)
	}
	for _, a := range addrs {
		if got, want := x.Match(a), d.Match(a); !reflect.DeepEqual(got, want) {
			t.Errorf("Match(%q): index %+v, scan %+v", a, got, want)
		}
	}
	if NewIndex(nil).Match("a@b.test").By != "" {
		t.Error("empty index matched")
	}
}
