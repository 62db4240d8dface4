package integration

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"helpdesk/daemon"
	"helpdesk/reports"
)

// The service-report address of K-1001 in examples/directory.toml.
const reportTo = "buchhaltung@kanzlei-berger.demo"

// TestServiceReportByMail is issue 11's flow against Dovecot: time recorded by a technician's
// mail, one entry rejected (the technician is told), the others approved and reported; the
// report mail with its PDF reaches the report address and no one else; the export row matches
// the report.
func TestServiceReportByMail(t *testing.T) {
	t.Parallel()
	e := startTechEnv(t, nil)
	e.addUser(reportTo)

	e.deliver(newMail("Lena Neumann <"+techCustomer+">", "Router fällt ständig aus", "Seit heute früh kein Internet."))
	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) == 1 }, "the ticket")
	number := e.tickets()[0].Number
	call(t, e, daemon.TicketAssign, daemon.TicketAssignArgs{Number: number, Technician: "mkeller"})
	asg := e.waitMail(techMax, number, "Seit heute früh")
	e.deliver(answer(techMax, asg, "#zeit 45m Router getauscht\n#zeit 20m nb Kulanz: Fehler lag bei uns\n#zeit 10m doppelt\n\nDer Router ist getauscht."))
	e.waitMail(techCustomer, number, "Der Router ist getauscht.")

	pending := collect(t, e, daemon.BillingPending, daemon.BillingPendingArgs{Customer: "K-1001"})
	if len(pending) != 3 {
		t.Fatalf("billing pending = %+v, want the three entries of the mail", pending)
	}
	var ids []uint64
	var dup uint64
	for _, p := range pending {
		if p.Activity == "doppelt" {
			dup = p.ID
		} else {
			ids = append(ids, p.ID)
		}
	}
	call(t, e, daemon.BillingReject, daemon.TimeRejectArgs{ID: dup, Reason: "Doppelt erfasst", By: "Buchhaltung"})
	rej := e.waitMail(techMax, number, "abgelehnt")
	if !strings.Contains(rej.Text, "Doppelt erfasst") {
		t.Errorf("the rejection mail lacks the reason:\n%s", rej.Text)
	}
	call(t, e, daemon.BillingApprove, daemon.TimeApproveArgs{IDs: ids})
	show := call(t, e, daemon.TimeShow, daemon.IDArgs{ID: ids[0]})
	if len(show.Audit) != 1 || show.Audit[0].What != "approve" || show.Audit[0].Before.State != "recorded" || show.Audit[0].After.State != "approved" {
		t.Errorf("time show audit = %+v, want one approve from recorded to approved", show.Audit)
	}

	made := call(t, e, daemon.ReportCreate, daemon.ReportCreateArgs{Customer: "K-1001"})
	if len(made) != 1 || made[0].State != "sent" || len(made[0].Entries) != 2 || made[0].Warning != "" {
		t.Fatalf("report create = %+v, want one report of two entries, sent", made)
	}
	r := made[0]
	// 45 min (three started quarter hours) at 95,00 €: 71,25 €; the 20 min not billed.
	if r.BillableMinutes != 45 || r.NonBillableMinutes != 20 || r.NetCents != 7125 {
		t.Errorf("report %+v, want 45 billed, 20 not billed, net 7125", r)
	}
	if _, err := tryCall(e, daemon.TimeEdit, daemon.TimeEditArgs{ID: ids[0], Activity: ptr("geändert")}); err == nil {
		t.Error("a reported entry could be edited")
	}

	var got *gotMail
	waitForState(t, ingestTimeout, func() (bool, string) {
		for _, m := range e.inbox(reportTo) {
			if strings.Contains(m.Subject, r.ID) {
				got = m
				return true, ""
			}
		}
		return false, "no report mail yet"
	}, "the report mail at "+reportTo)
	for _, want := range []string{"application/pdf", r.ID + ".pdf", "Router getauscht", "Kulanz: Fehler lag bei uns", "71,25"} {
		if !strings.Contains(string(got.Raw), want) && !strings.Contains(got.Text, want) {
			t.Errorf("the report mail lacks %q", want)
		}
	}
	for _, bad := range []string{techMax, techMaxHome} {
		if strings.Contains(string(got.Raw), bad) {
			t.Errorf("the report mail names the technician's address %s", bad)
		}
	}
	// The report went to the report address alone.
	time.Sleep(500 * time.Millisecond)
	for _, m := range e.relayed("") {
		if strings.Contains(m.Subject, r.ID) && (len(m.EnvTo) != 1 || !strings.EqualFold(m.EnvTo[0], reportTo)) {
			t.Errorf("the report mail was relayed to %v, want only %s", m.EnvTo, reportTo)
		}
	}
	for _, u := range []string{techCustomer, techStatusTo, techMax, techMaxHome, techDispatch, techDana} {
		for _, m := range e.inbox(u) {
			if strings.Contains(m.Subject, r.ID) {
				t.Errorf("%s got the report mail", u)
			}
		}
	}

	pdf := call(t, e, daemon.ReportPDF, daemon.IDStringArgs{ID: r.ID})
	if !bytes.HasPrefix(pdf.PDF, []byte("%PDF-")) {
		t.Error("report pdf is no PDF")
	}
	rows := call(t, e, daemon.BillingExport, daemon.MonthArgs{Month: r.Date[:7]})
	if len(rows) != 1 {
		t.Fatalf("export = %+v, want one row", rows)
	}
	row := rows[0]
	if row.ReportID != r.ID || row.Customer != "K-1001" || row.DATEVAdvisor != "29384" || row.BillableMinutes != r.BillableMinutes ||
		row.NonBillableMinutes != r.NonBillableMinutes || row.NetCents != r.NetCents || row.TravelCents != r.TravelCents || row.Branch != r.Branch {
		t.Errorf("export row %+v does not match report %+v", row, r)
	}
	var buf bytes.Buffer
	if err := reports.WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := func() ([][]string, error) {
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff")))
		cr.Comma = ';'
		return cr.ReadAll()
	}()
	if err != nil || len(recs) != 2 || recs[1][0] != r.ID || recs[1][9] != "71,25" || recs[1][6] != strconv.FormatInt(r.BillableMinutes, 10) {
		t.Errorf("export CSV = %q (%v)", buf.String(), err)
	}
}

func ptr[T any](v T) *T { return &v }
