package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBillingCommands walks the back office's month through the offline path: pending,
// approve, reject, a report, its PDF, the Kontingent, the export and the statistics, with the
// names issue 11 gives scripts.
func TestBillingCommands(t *testing.T) {
	cfg := dirTestConfig(t)
	ok(t, cfg, "directory", "import", exampleDirectory)
	ok(t, cfg, "technician", "add", "m.keller", "--name", "Max Keller", "--email", "max.keller@systemhaus.test")
	number := storeTicketFor(t, cfg, "K-1002")
	today := time.Now().Format("2006-01-02")

	var e1, e2 map[string]any
	okJSON(t, cfg, &e1, "time", "add", number, "50m", "--technician", "m.keller", "--date", today, "--activity", "Praxissoftware aktualisiert")
	okJSON(t, cfg, &e2, "time", "add", number, "20m", "--technician", "m.keller", "--date", today, "--not-billable", "Kulanz")
	id1, id2 := jsonID(e1), jsonID(e2)

	var pending []map[string]any
	okJSON(t, cfg, &pending, "billing", "pending", "--customer", "K-1002")
	if len(pending) != 2 {
		t.Fatalf("billing pending = %v", pending)
	}
	for _, field := range []string{"id", "ticket", "technician", "date", "minutes", "billable", "reason", "activity", "travel", "state"} {
		if _, ok := pending[0][field]; !ok {
			t.Errorf("billing pending --json lacks %q (the fields of time list): %v", field, pending[0])
		}
	}
	ok(t, cfg, "billing", "approve", id1)
	fails(t, cfg, 2, "billing", "reject", id2) // the reason is required
	ok(t, cfg, "billing", "reject", id2, "--reason", "doppelt erfasst")
	okJSON(t, cfg, &pending, "billing", "pending")
	if len(pending) != 0 {
		t.Errorf("billing pending after approve and reject = %v", pending)
	}
	var shown map[string]any
	okJSON(t, cfg, &shown, "time", "show", id2)
	audit, _ := shown["audit"].([]any)
	if shown["state"] != "rejected" || len(audit) != 1 || audit[0].(map[string]any)["what"] != "reject" || audit[0].(map[string]any)["reason"] != "doppelt erfasst" {
		t.Errorf("time show of the rejected entry = %v", shown)
	}

	var created []map[string]any
	okJSON(t, cfg, &created, "report", "create", "--customer", "K-1002")
	if len(created) != 1 {
		t.Fatalf("report create = %v", created)
	}
	rep := created[0]
	rid, _ := rep["id"].(string)
	if !strings.HasPrefix(rid, "SB-"+today[:4]+"-") || len(rid) != len("SB-2026-00001") {
		t.Errorf("report id = %q, want SB-YYYY-NNNNN", rid)
	}
	var list []map[string]any
	okJSON(t, cfg, &list, "report", "list")
	if len(list) != 1 {
		t.Fatalf("report list = %v", list)
	}
	for _, field := range []string{"id", "customer", "branch", "created", "from", "until", "billable_minutes", "nonbillable_minutes", "travel_cents", "net_cents", "state"} {
		if _, ok := list[0][field]; !ok {
			t.Errorf("report list --json lacks %q: %v", field, list[0])
		}
	}
	if l := list[0]; l["customer"] != "K-1002" || l["state"] != "sent" || l["billable_minutes"] != 60.0 {
		t.Errorf("report = %v, want K-1002, sent, 60 billable minutes (50 rounded up to the quarter hour)", l)
	}
	fails(t, cfg, 1, "time", "edit", id1, "--duration", "1h")    // reported: frozen
	fails(t, cfg, 1, "report", "create", "--customer", "K-1002") // nothing left to report

	file := filepath.Join(t.TempDir(), "report.pdf")
	ok(t, cfg, "report", "pdf", rid, "-o", file)
	if b, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("report pdf wrote %d bytes (%v), want a PDF", len(b), err)
	}

	var k map[string]any
	okJSON(t, cfg, &k, "kontingent", "show", "K-1002")
	if k["contract"] != "V-0003" {
		t.Errorf("kontingent show contract = %v", k["contract"])
	}
	moves, _ := k["movements"].([]any)
	var deducted, credited float64
	found := false
	for _, m := range moves {
		mv := m.(map[string]any)
		switch mv["kind"] {
		case "deduction":
			deducted += mv["minutes"].(float64)
			found = found || mv["report"] == rid
		case "credit":
			credited += mv["minutes"].(float64)
		}
	}
	if !found || deducted != -60 {
		t.Errorf("kontingent movements %v: want the report's deduction of 60 minutes", moves)
	}
	if bal := k["balance_minutes"].(float64); credited == 0 || bal != credited-60 {
		t.Errorf("balance_minutes = %v, want credits %v minus 60", bal, credited)
	}

	csv := ok(t, cfg, "billing", "export", "--month", today[:7])
	if !strings.HasPrefix(csv, "\ufeffreport_id;date;customer;customer_name;datev_advisor;branch;billable_minutes;nonbillable_minutes;travel;net_amount\r\n") {
		t.Errorf("export header = %q", strings.SplitN(csv, "\n", 2)[0])
	}
	if !strings.Contains(csv, rid+";") || strings.Count(csv, "\r\n") != 2 {
		t.Errorf("export = %q, want the header and one row for %s", csv, rid)
	}

	var stats json.RawMessage
	okJSON(t, cfg, &stats, "stats", "--customer", "K-1002", "--month", today[:7])
	if !strings.Contains(string(stats), "K-1002") {
		t.Errorf("stats = %s", stats)
	}
}

func jsonID(m map[string]any) string {
	v, _ := m["id"].(float64)
	return strconv.FormatInt(int64(v), 10)
}
