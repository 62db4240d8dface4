package staff

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	good := Technician{ID: "m.keller", Name: "Max Keller", Emails: []string{"max.keller@systemhaus.test"}, Role: RoleTechnician, Active: true}
	tests := []struct {
		name  string
		edit  func(*Technician)
		field string // "" when valid
	}{
		{"valid", func(*Technician) {}, ""},
		{"dispatch", func(t *Technician) { t.Role = RoleDispatch }, ""},
		{"id with space", func(t *Technician) { t.ID = "max keller" }, "id"},
		{"id upper case is normalized", func(t *Technician) { t.ID = "M.Keller" }, ""},
		{"no name", func(t *Technician) { t.Name = " " }, "name"},
		{"no address", func(t *Technician) { t.Emails = nil }, "emails"},
		{"bad address", func(t *Technician) { t.Emails = []string{"Max <max@x.test>"} }, "emails[0]"},
		{"address twice", func(t *Technician) { t.Emails = []string{"a@x.test", "A@x.test"} }, "emails[1]"},
		{"bad role", func(t *Technician) { t.Role = "boss" }, "role"},
		{"bad language", func(t *Technician) { t.Language = "fr" }, "language"},
	}
	for _, tt := range tests {
		tk := good
		tk.Emails = append([]string(nil), good.Emails...)
		tt.edit(&tk)
		tk.Normalize()
		err := tk.Validate()
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: Validate = %v, want nil", tt.name, err)
		case tt.field != "" && (err == nil || !strings.Contains(err.Error(), tt.field+":")):
			t.Errorf("%s: Validate = %v, want a problem with %s", tt.name, err, tt.field)
		}
	}
}

func TestRoster(t *testing.T) {
	r := NewRoster([]Technician{
		{ID: "m.keller", Emails: []string{"max.keller@systemhaus.test", "max@privat.test"}, Role: RoleTechnician, Active: true},
		{ID: "s.wolf", Emails: []string{"s.wolf@systemhaus.test"}, Role: RoleDispatch, Active: true},
		{ID: "old", Emails: []string{"old@systemhaus.test"}, Role: RoleDispatch},
	})
	if tk := r.ByAddress(" Max@Privat.test "); tk == nil || tk.ID != "m.keller" {
		t.Errorf("ByAddress(second address) = %+v", tk)
	}
	if tk := r.ByAddress("eve@x.test"); tk != nil {
		t.Errorf("ByAddress(stranger) = %+v", tk)
	}
	if ds := r.Dispatchers(); len(ds) != 1 || ds[0].ID != "s.wolf" {
		t.Errorf("Dispatchers = %+v, want only the active one", ds)
	}
	err := CheckUnique([]Technician{{ID: "a", Emails: []string{"x@y.test"}}, {ID: "b", Emails: []string{"x@y.test"}}, {ID: "c", Emails: []string{"k@kunde.test"}}},
		map[string]string{"k@kunde.test": "contact C-0001"})
	if err == nil || !strings.Contains(err.Error(), "also technician a") || !strings.Contains(err.Error(), "contact C-0001") {
		t.Errorf("CheckUnique = %v", err)
	}
}
