package ticketstore

import (
	"fmt"

	"helpdesk/staff"
)

var bTechnicians = []byte("technicians") // id -> staff.Technician

// Technicians returns every technician, active or not, by ID.
func (x *Tx) Technicians() ([]staff.Technician, error) {
	out := []staff.Technician{}
	err := x.tx.Bucket(bTechnicians).ForEach(func(k, v []byte) error {
		var t staff.Technician
		if err := jsonUnmarshal(v, &t); err != nil {
			return fmt.Errorf("technician %s: %w", k, err)
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// Technician returns one technician.
func (x *Tx) Technician(id string) (*staff.Technician, error) {
	var t staff.Technician
	if err := getJSON(x.tx.Bucket(bTechnicians), []byte(id), &t); err != nil {
		return nil, fmt.Errorf("technician %s: %w", id, err)
	}
	return &t, nil
}

// PutTechnician normalises, validates and stores t (new or changed). An address that another
// technician or a directory contact already uses is refused: the mail path must be able to
// tell who an address belongs to.
func (x *Tx) PutTechnician(t *staff.Technician) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	all, err := x.Technicians()
	if err != nil {
		return err
	}
	replaced := false
	for i := range all {
		if all[i].ID == t.ID {
			all[i], replaced = *t, true
		}
	}
	if !replaced {
		all = append(all, *t)
	}
	dir, err := x.Directory()
	if err != nil {
		return err
	}
	taken := map[string]string{}
	for _, c := range dir.Contacts {
		taken[c.Email] = "contact " + c.ID
	}
	if err := staff.CheckUnique(all, taken); err != nil {
		return err
	}
	return putJSON(x.tx.Bucket(bTechnicians), []byte(t.ID), t)
}
