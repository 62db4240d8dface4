package directory

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadExample(t *testing.T) {
	d, err := Load(examplePath)
	if err != nil {
		t.Fatalf("Load(%s) = %v", examplePath, err)
	}
	if len(d.Customers) != 3 || len(d.Contacts) < 5 || len(d.Contracts) < 5 {
		t.Errorf("example has %d customers, %d contacts, %d contracts; want 3, >=5, >=5",
			len(d.Customers), len(d.Contacts), len(d.Contracts))
	}
	kinds := map[Kind]bool{}
	for _, k := range d.Contracts {
		kinds[k.Kind] = true
	}
	for _, k := range Kinds() {
		if !kinds[k] {
			t.Errorf("example has no %s contract", k)
		}
	}
	perms, langs := map[Permission]bool{}, map[Language]bool{}
	for _, c := range d.Contacts {
		perms[c.Permission] = true
	}
	for _, c := range d.Customers {
		langs[c.Language] = true
		for _, dom := range c.Domains {
			if !strings.HasSuffix(dom, ".demo") && !strings.HasSuffix(dom, ".test") && !strings.Contains(dom, "example.") {
				t.Errorf("customer %s: domain %q is not a reserved example domain", c.Number, dom)
			}
		}
	}
	if !perms[PermReport] || !perms[PermExtended] || !langs[German] || !langs[English] {
		t.Errorf("example lacks a permission or language: permissions %v, languages %v", perms, langs)
	}
}

// TestRoundTrip loads the example, writes it in each format, loads that, and writes again:
// the bytes must be identical and the directory equal.
func TestRoundTrip(t *testing.T) {
	orig, err := Load(examplePath)
	if err != nil {
		t.Fatalf("Load(%s) = %v", examplePath, err)
	}
	for _, format := range []string{FormatTOML, FormatYAML, FormatJSON} {
		t.Run(format, func(t *testing.T) {
			first := writeString(t, orig, format)
			again, err := Read(strings.NewReader(first), format)
			if err != nil {
				t.Fatalf("Read(Write(example)) = %v\n%s", err, first)
			}
			if !reflect.DeepEqual(orig, again) {
				t.Errorf("Read(Write(d)) differs from d:\n got %+v\nwant %+v", again, orig)
			}
			if second := writeString(t, again, format); second != first {
				t.Errorf("second Write differs from first:\n--- first\n%s\n--- second\n%s", first, second)
			}
			// Through a file, as the CLI does it.
			path := filepath.Join(t.TempDir(), "directory."+format)
			if err := os.WriteFile(path, []byte(first), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(path); err != nil {
				t.Errorf("Load(%s) = %v", path, err)
			}
		})
	}
}

func TestWriteSortsRecords(t *testing.T) {
	d := validDir(t)
	d.Customers[0], d.Customers[1] = d.Customers[1], d.Customers[0]
	d.Contacts[0], d.Contacts[2] = d.Contacts[2], d.Contacts[0]
	d.Contracts[0], d.Contracts[4] = d.Contracts[4], d.Contracts[0]
	before := d.clone()
	out := writeString(t, d, FormatTOML)
	if !reflect.DeepEqual(d, before) {
		t.Errorf("Write changed the directory")
	}
	for _, pair := range [][2]string{{`"K-1"`, `"K-2"`}, {`"C-1"`, `"C-3"`}, {`id = "V-1"`, `id = "V-5"`}} {
		if i, j := strings.Index(out, pair[0]), strings.Index(out, pair[1]); i < 0 || j < 0 || i > j {
			t.Errorf("Write: %s at %d, %s at %d; want both, sorted", pair[0], i, pair[1], j)
		}
	}
}

func TestReadNormalises(t *testing.T) {
	in := `
[[customers]]
number = "K-1"
name = "Berger"
domains = ["Berger.DEMO."]
[customers.notify]
new_ticket = [" IT@Berger.demo "]

[[contacts]]
id = "C-1"
customer = "K-1"
name = "Berger"
email = "C.Berger@BERGER.demo"
active = true

[[contracts]]
id = "V-1"
customer = "K-1"
kind = "cooperation"
valid_from = 2024-01-01            # TOML local date, unquoted
[contracts.cooperation]
hourly_rate = 95.5                 # TOML float
daily_rate = 720                   # TOML integer
travel_per_trip = "35,00"
travel_per_km = "0.42"
`
	d, err := Read(strings.NewReader(in), FormatTOML)
	if err != nil {
		t.Fatalf("Read() = %v", err)
	}
	c, ct, k := d.Customers[0], d.Contacts[0], d.Contracts[0]
	if c.Billing != BillingCentral || c.Language != German || ct.Permission != PermReport {
		t.Errorf("defaults: billing %q, language %q, permission %q; want central, de, report", c.Billing, c.Language, ct.Permission)
	}
	if c.Domains[0] != "berger.demo" || c.Notify.NewTicket[0] != "it@berger.demo" || ct.Email != "c.berger@berger.demo" {
		t.Errorf("not lower-cased: %q %q %q", c.Domains[0], c.Notify.NewTicket[0], ct.Email)
	}
	if k.ValidFrom != date(t, "2024-01-01") {
		t.Errorf("valid_from = %s, want 2024-01-01", k.ValidFrom)
	}
	co := k.Cooperation
	if co.HourlyRate != 9550 || co.DailyRate != 72000 || co.TravelPerTrip != 3500 || co.TravelPerKm != 42 {
		t.Errorf("rates = %v %v %v %v, want 95.50 720.00 35.00 0.42", co.HourlyRate, co.DailyRate, co.TravelPerTrip, co.TravelPerKm)
	}
}

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name, format, in, want string
	}{
		{"unknown toml key", FormatTOML, "[[customers]]\nnumber = \"K-1\"\nname = \"X\"\nemial = \"a@b.demo\"\n", "customers.emial: unknown setting"},
		{"unknown yaml key", FormatYAML, "customers:\n  - number: K-1\n    name: X\n    emial: a@b.demo\n", "emial"},
		{"unknown json key", FormatJSON, `{"customers":[{"number":"K-1","name":"X","emial":"a"}]}`, "emial"},
		{"bad money", FormatYAML, "contracts:\n  - id: V-1\n    cooperation:\n      hourly_rate: 9x\n", `invalid amount "9x"`},
		{"bad date", FormatTOML, "[[contracts]]\nid = \"V-1\"\nvalid_from = \"01.01.2024\"\n", `invalid date "01.01.2024"`},
		{"invalid directory", FormatYAML, "contacts:\n  - id: C-1\n    customer: K-9\n    name: X\n    email: x@\n", `contact C-1: email: invalid address "x@"`},
		{"syntax", FormatTOML, "[[customers]\n", "decode toml"},
		{"format", "ini", "", "unknown format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read(strings.NewReader(tt.in), tt.format)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read(%q) = %v, %v; want error containing %q", tt.in, d, err, tt.want)
			}
		})
	}
}

func TestReadEmpty(t *testing.T) {
	for _, format := range []string{FormatTOML, FormatYAML} {
		d, err := Read(strings.NewReader(""), format)
		if err != nil || len(d.Customers)+len(d.Contacts)+len(d.Contracts) != 0 {
			t.Errorf("Read(empty %s) = %+v, %v; want empty directory", format, d, err)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "directory.ini")); err == nil || !strings.Contains(err.Error(), "unknown file type") {
		t.Errorf("Load(.ini) = %v, want unknown file type", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want os.ErrNotExist", err)
	}
	bad := filepath.Join(dir, "bad.yml")
	if err := os.WriteFile(bad, []byte("customers:\n  - number: K-1\n    name: X\n    datev_advisor: \"12\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(bad)
	var ps Problems
	if !errors.As(err, &ps) || !strings.Contains(err.Error(), "customer K-1: datev_advisor") {
		t.Errorf("Load(bad.yml) = %v, want Problems naming customer K-1: datev_advisor", err)
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.toml", FormatTOML}, {"a.yaml", FormatYAML}, {"A.YML", FormatYAML}, {"a.json", FormatJSON}, {"a.txt", ""}, {"toml", ""},
	}
	for _, tt := range tests {
		if got, _ := FormatOf(tt.in); got != tt.want {
			t.Errorf("FormatOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzReadTOML(f *testing.F) {
	if b, err := os.ReadFile(examplePath); err == nil {
		f.Add(string(b))
	}
	f.Add("[[customers]]\nnumber = \"K-1\"\nname = \"X\"\n")
	f.Add("[[contracts]]\nid = \"V\"\nvalid_from = 2024-01-01T10:00:00Z\n")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := Read(strings.NewReader(in), FormatTOML)
		if err != nil {
			return
		}
		first := writeString(t, d, FormatTOML)
		again, err := Read(strings.NewReader(first), FormatTOML)
		if err != nil {
			t.Fatalf("Read(Write(Read(%q))) = %v", in, err)
		}
		if second := writeString(t, again, FormatTOML); second != first {
			t.Errorf("round trip of %q not stable:\n%s\n---\n%s", in, first, second)
		}
	})
}

// TestRoundTripEmptyLists: empty lists and tables must not make the second write differ.
func TestRoundTripEmptyLists(t *testing.T) {
	in := `
[[customers]]
number = "K-1"
name = "Berger"
domains = []
branches = []
[customers.notify]
new_ticket = []
[customers.address]

[[contracts]]
id = "V-1"
customer = "K-1"
kind = "cooperation"
valid_from = "2024-01-01"
[contracts.cooperation]
hourly_rate = "95"
daily_rate = "0"
travel_per_trip = "0"
travel_per_km = "0"
[contracts.cooperation.reaction_times]
`
	d, err := Read(strings.NewReader(in), FormatTOML)
	if err != nil {
		t.Fatalf("Read() = %v", err)
	}
	for _, format := range []string{FormatTOML, FormatYAML, FormatJSON} {
		first := writeString(t, d, format)
		again, err := Read(strings.NewReader(first), format)
		if err != nil {
			t.Fatalf("%s: Read(Write(d)) = %v\n%s", format, err, first)
		}
		if second := writeString(t, again, format); second != first {
			t.Errorf("%s: second Write differs:\n--- first\n%s\n--- second\n%s", format, first, second)
		}
	}
}
