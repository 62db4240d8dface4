// Package staff holds the desk's own people: technicians and dispatchers, with the addresses
// they mail from. A Roster answers who an address belongs to; the mail path trusts an answer
// only together with a reply address issued to that person (package thread).
package staff

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"helpdesk/internal/problems"
	"helpdesk/mailflow/thread"
)

// Role is what a person does at the desk.
type Role string

const (
	RoleTechnician Role = "technician" // works tickets
	RoleDispatch   Role = "dispatch"   // also gets new and unassigned tickets, assigns them
)

// Technician is one person of the desk. ID is the login name ("m.keller"), which appears in
// their reply addresses; Emails are the addresses they mail from, the first one is where the
// desk writes to them.
type Technician struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Emails   []string `json:"emails"`
	Role     Role     `json:"role"`
	Active   bool     `json:"active"`
	Language string   `json:"language,omitempty"` // of the mails to them: de or en; "" the desk's
}

// Address is where the desk writes to t.
func (t *Technician) Address() string {
	if len(t.Emails) == 0 {
		return ""
	}
	return t.Emails[0]
}

// Normalize lower-cases and trims the ID and addresses and fills the defaults.
func (t *Technician) Normalize() {
	t.ID = strings.ToLower(strings.TrimSpace(t.ID))
	t.Name = strings.TrimSpace(t.Name)
	for i, e := range t.Emails {
		t.Emails[i] = strings.ToLower(strings.TrimSpace(e))
	}
	t.Emails = slices.DeleteFunc(t.Emails, func(e string) bool { return e == "" })
	if t.Role == "" {
		t.Role = RoleTechnician
	}
}

// Validate reports every problem of t at once, each naming the field.
func (t *Technician) Validate() error {
	var ps problems.List
	if !thread.ValidTechnicianID(t.ID) {
		ps.Add("id", "%q: want 1 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter or digit (a login name such as m.keller)", t.ID)
	}
	if t.Name == "" {
		ps.Add("name", "required")
	}
	if len(t.Emails) == 0 {
		ps.Add("emails", "at least one address")
	}
	for i, e := range t.Emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			ps.Add(fmt.Sprintf("emails[%d]", i), "%q is not a mail address", e)
		} else if slices.Index(t.Emails, e) != i {
			ps.Add(fmt.Sprintf("emails[%d]", i), "%q is given twice", e)
		}
	}
	if t.Role != RoleTechnician && t.Role != RoleDispatch {
		ps.Add("role", "%q: want technician or dispatch", t.Role)
	}
	if t.Language != "" && t.Language != "de" && t.Language != "en" {
		ps.Add("language", "%q: want de or en", t.Language)
	}
	return ps.Err()
}

// Roster is a read-only view of the technicians for the mail path.
type Roster struct {
	byID   map[string]*Technician
	byAddr map[string]*Technician
}

// NewRoster indexes ts (nil: an empty roster). ts must not change afterwards.
func NewRoster(ts []Technician) *Roster {
	r := &Roster{byID: map[string]*Technician{}, byAddr: map[string]*Technician{}}
	for i := range ts {
		t := &ts[i]
		r.byID[t.ID] = t
		for _, e := range t.Emails {
			r.byAddr[e] = t
		}
	}
	return r
}

// ByID returns the technician with id, active or not, or nil.
func (r *Roster) ByID(id string) *Technician { return r.byID[strings.ToLower(id)] }

// ByAddress returns the technician who mails from addr, active or not, or nil.
func (r *Roster) ByAddress(addr string) *Technician {
	return r.byAddr[strings.ToLower(strings.TrimSpace(addr))]
}

// Active returns the active technicians by ID.
func (r *Roster) Active() []*Technician {
	var out []*Technician
	for _, t := range r.byID {
		if t.Active {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *Technician) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Dispatchers returns the active technicians with the dispatch role.
func (r *Roster) Dispatchers() []*Technician {
	var out []*Technician
	for _, t := range r.byID {
		if t.Active && t.Role == RoleDispatch {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *Technician) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// CheckUnique reports an address used by two technicians, or by a technician and a directory
// contact (given as taken: address -> who).
func CheckUnique(ts []Technician, taken map[string]string) error {
	var ps problems.List
	owner := map[string]string{}
	for _, t := range ts {
		for _, e := range t.Emails {
			if o, dup := owner[e]; dup {
				ps.Add("technician "+t.ID+".emails", "%q is also technician %s's address", e, o)
			} else if who, ok := taken[e]; ok {
				ps.Add("technician "+t.ID+".emails", "%q is %s's address", e, who)
			}
			owner[e] = t.ID
		}
	}
	return ps.Err()
}
