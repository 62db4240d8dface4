package ticketstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"helpdesk/billing"
	"helpdesk/directory"
)

// Service reports: approved time entries priced and frozen under an ID of their own
// (SB-YYYY-NNNNN, from a per-year counter, never reused), and the stored movements of the
// prepaid-hours ledger (deductions of reported entries, adjustments, corrections). A report,
// its entries and its deductions are written in one transaction; afterwards only its delivery
// (state, recipients, sent) changes. A correction is a new report naming the old one.
var (
	bReports        = []byte("reports")         // report ID -> ServiceReport
	bReportCustomer = []byte("report_customer") // customer \x00 report ID -> nil
	bReportMonth    = []byte("report_month")    // YYYY-MM (report date) report ID -> nil
	bReportSeq      = []byte("report_seq")      // year (4 digits) -> last number (uint64)
	bLedger         = []byte("ledger")          // contract \x00 seq -> billing.Movement
)

// ReportState is where a report is on its way to the customer.
type ReportState string

// Report states.
const (
	ReportCreated ReportState = "created" // frozen, its mail not yet queued (no address, or queued later)
	ReportSent    ReportState = "sent"    // its mail is in the outbox for the report addresses
)

// ServiceReport is one frozen service report.
type ServiceReport struct {
	ID       string         `json:"id"` // SB-2026-00042
	Customer string         `json:"customer"`
	Branch   string         `json:"branch,omitempty"`
	Date     directory.Date `json:"date"` // the report's day (desk's time zone)
	Created  time.Time      `json:"created"`
	From     directory.Date `json:"from"`  // first day of work on it
	Until    directory.Date `json:"until"` // last day of the period
	Corrects string         `json:"corrects,omitempty"`
	Language string         `json:"language"`
	Entries  []uint64       `json:"entries"` // the time entries frozen on it
	Priced   billing.Report `json:"priced"`  // lines (each entry as billed) and totals
	// Kontingent is the movement of each prepaid-hours contract the report touched.
	Kontingent []KontingentMove `json:"kontingent,omitempty"`
	// Names of the technicians and subjects of the tickets as they were when it was made.
	Technicians map[string]string `json:"technicians,omitempty"`
	Subjects    map[string]string `json:"subjects,omitempty"`
	PDF         string            `json:"pdf,omitempty"` // SHA-256 of the PDF in the blob store

	State      ReportState `json:"state"`
	Recipients []string    `json:"recipients,omitempty"`
	Sent       time.Time   `json:"sent,omitzero"` // when its mail was last queued
}

// KontingentMove is a prepaid-hours contract's balance around one report, in minutes.
type KontingentMove struct {
	Contract      string `json:"contract"`
	HoursPerMonth int64  `json:"hours_per_month"` // minutes credited per month
	Before        int64  `json:"before"`          // balance before the period (or before the report, Credited 0)
	Credited      int64  `json:"credited"`        // monthly credits within the period
	Used          int64  `json:"used"`            // deducted by the report
	After         int64  `json:"after"`           // Before + Credited − Used
	OverdrawLimit int64  `json:"overdraw_limit"`  // 0: none agreed (or unlimited, see Unlimited)
	Unlimited     bool   `json:"unlimited,omitempty"`
	Excess        int64  `json:"excess"` // minutes billed beyond the limit
}

// ErrReportConflict is returned when a report cannot be frozen as asked: an entry not approved,
// already reported, or of another customer.
var ErrReportConflict = errors.New("report conflict")

func reportCustomerKey(customer, id string) []byte {
	return append(append([]byte(customer), 0), id...)
}

// nextReportID takes the next number of year's counter.
func (x *Tx) nextReportID(year int) (string, error) {
	if year < 1000 || year > 9999 {
		return "", fmt.Errorf("report year %d out of range", year)
	}
	b := x.tx.Bucket(bReportSeq)
	key := fmt.Appendf(nil, "%04d", year)
	var n uint64
	if v := b.Get(key); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	n++
	if n > 99999 {
		return "", fmt.Errorf("report numbers of %d exhausted", year)
	}
	if err := b.Put(key, u64(n)); err != nil {
		return "", err
	}
	return fmt.Sprintf("SB-%04d-%05d", year, n), nil
}

// CreateReport freezes r: it assigns the ID from the counter of the report's year, sets every
// entry of r.Entries to reported on it (each must be approved and of r.Customer), stores the
// ledger movements (their Report field set to the ID) and the report, all in this transaction.
// r.ID is set on return.
func (x *Tx) CreateReport(r *ServiceReport, movements []billing.Movement) error {
	if r.Customer == "" || r.Date.IsZero() || len(r.Entries) == 0 {
		return fmt.Errorf("create report: customer, date and entries are required")
	}
	if r.Corrects != "" {
		old, err := x.Report(r.Corrects)
		if err != nil {
			return fmt.Errorf("create report: corrects %s: %w", r.Corrects, err)
		}
		if old.Customer != r.Customer {
			return fmt.Errorf("%w: report %s is of customer %s, not %s", ErrReportConflict, r.Corrects, old.Customer, r.Customer)
		}
	}
	id, err := x.nextReportID(r.Date.Time(nil).Year())
	if err != nil {
		return fmt.Errorf("create report: %w", err)
	}
	r.ID = id
	if r.State == "" {
		r.State = ReportCreated
	}
	if r.Created.IsZero() {
		r.Created = x.now
	}
	for _, eid := range r.Entries {
		if err := x.freezeEntry(eid, r.Customer, id); err != nil {
			return fmt.Errorf("create report %s: %w", id, err)
		}
	}
	for _, m := range movements {
		m.Report = id
		if err := x.AddMovement(m); err != nil {
			return fmt.Errorf("create report %s: %w", id, err)
		}
	}
	if err := x.tx.Bucket(bReportCustomer).Put(reportCustomerKey(r.Customer, id), nil); err != nil {
		return err
	}
	if err := x.tx.Bucket(bReportMonth).Put([]byte(r.Date.String()[:7]+id), nil); err != nil {
		return err
	}
	return putJSON(x.tx.Bucket(bReports), []byte(id), r)
}

// freezeEntry moves an approved entry to reported on report id. Only here does an entry
// become reported; PutTimeEntry refuses to change it afterwards.
func (x *Tx) freezeEntry(id uint64, customer, report string) error {
	e, err := x.TimeEntry(id)
	if err != nil {
		return err
	}
	switch {
	case e.State != TimeApproved:
		return fmt.Errorf("%w: time entry %d is %s, not approved", ErrReportConflict, id, e.State)
	case e.Customer != customer:
		return fmt.Errorf("%w: time entry %d is of customer %q, not %q", ErrReportConflict, id, e.Customer, customer)
	}
	if err := x.tx.Bucket(bTimeState).Delete(timeKey(string(e.State), id)); err != nil {
		return err
	}
	e.State, e.Report = TimeReported, report
	if err := x.tx.Bucket(bTimeState).Put(timeKey(string(e.State), id), nil); err != nil {
		return err
	}
	return putJSON(x.tx.Bucket(bTime), u64(id), e)
}

// Report returns one report.
func (x *Tx) Report(id string) (*ServiceReport, error) {
	var r ServiceReport
	if err := getJSON(x.tx.Bucket(bReports), []byte(id), &r); err != nil {
		return nil, fmt.Errorf("service report %s: %w", id, err)
	}
	return &r, nil
}

// MarkReportSent records the delivery of a report: its mail queued to recipients.
func (x *Tx) MarkReportSent(id string, recipients []string, at time.Time) error {
	r, err := x.Report(id)
	if err != nil {
		return err
	}
	r.State, r.Recipients, r.Sent = ReportSent, recipients, at
	return putJSON(x.tx.Bucket(bReports), []byte(id), r)
}

// SetReportPDF records the SHA-256 of the report's PDF in the blob store, once.
func (x *Tx) SetReportPDF(id, sha string) error {
	r, err := x.Report(id)
	if err != nil {
		return err
	}
	if r.PDF != "" && r.PDF != sha {
		return fmt.Errorf("service report %s: its PDF is already %s", id, r.PDF)
	}
	r.PDF = sha
	return putJSON(x.tx.Bucket(bReports), []byte(id), r)
}

// ReportFilter selects reports; the zero value selects all, in ID order.
type ReportFilter struct {
	Customer string
	Month    string // YYYY-MM of the report's date
}

// Reports lists the reports f selects in ID order (year, then number), walking an index.
func (x *Tx) Reports(f ReportFilter) ([]ServiceReport, error) {
	var ids []string
	switch {
	case f.Customer != "":
		prefix := append([]byte(f.Customer), 0)
		c := x.tx.Bucket(bReportCustomer).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			ids = append(ids, string(k[len(prefix):]))
		}
	case f.Month != "":
		prefix := []byte(f.Month)
		c := x.tx.Bucket(bReportMonth).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			ids = append(ids, string(k[len(prefix):]))
		}
	default:
		c := x.tx.Bucket(bReports).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			ids = append(ids, string(k))
		}
	}
	slices.Sort(ids)
	out := []ServiceReport{}
	for _, id := range ids {
		r, err := x.Report(id)
		if err != nil {
			return nil, err
		}
		if f.Month != "" && r.Date.String()[:7] != f.Month {
			continue
		}
		out = append(out, *r)
	}
	return out, nil
}

// AddMovement stores a ledger movement of a prepaid-hours contract (not a credit: credits are
// derived from the contract).
func (x *Tx) AddMovement(m billing.Movement) error {
	if m.Contract == "" || m.Kind == billing.Credit || m.Kind == "" {
		return fmt.Errorf("ledger movement: contract and a stored kind are required (got %q, %q)", m.Contract, m.Kind)
	}
	b := x.tx.Bucket(bLedger)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, timeKey(m.Contract, seq), m)
}

// Movements returns the stored movements of a contract in the order they were stored.
func (x *Tx) Movements(contract string) ([]billing.Movement, error) {
	prefix := append([]byte(contract), 0)
	out := []billing.Movement{}
	c := x.tx.Bucket(bLedger).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+8; k, v = c.Next() {
		var m billing.Movement
		if err := jsonUnmarshal(v, &m); err != nil {
			return nil, fmt.Errorf("ledger %s %x: %w", contract, k, err)
		}
		out = append(out, m)
	}
	return out, nil
}
