package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"helpdesk/config"
	"helpdesk/daemon"
	"helpdesk/ticketstore"
)

// storeTicket puts a ticket into the (stopped) desk of cfgFile, as the mail path would.
func storeTicket(t *testing.T, cfgFile string) string {
	t.Helper()
	return storeTicketFor(t, cfgFile, "")
}

// storeTicketFor is storeTicket for a ticket of customer.
func storeTicketFor(t *testing.T, cfgFile, customer string) string {
	t.Helper()
	cfg, err := config.Load(cfgFile)
	var ps config.Problems
	if err != nil && !errors.As(err, &ps) {
		t.Fatal(err)
	}
	st, err := ticketstore.Open(filepath.Join(cfg.DataDir, daemon.StoreFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	tk := &ticketstore.Ticket{Status: ticketstore.StatusNew, Subject: "Drucker", Requester: "a@kunde.test", Customer: customer, Created: now, Updated: now, Received: now}
	if err := st.Update(func(tx *ticketstore.Tx) error { return tx.CreateTicket(tk, ticketstore.NumberYear) }); err != nil {
		t.Fatal(err)
	}
	return tk.Number
}

// TestTechnicianAndTimeCommands: the names issue 10 gives scripts, through the offline path.
func TestTechnicianAndTimeCommands(t *testing.T) {
	cfg := dirTestConfig(t)
	number := storeTicket(t, cfg)

	ok(t, cfg, "technician", "add", "m.keller", "--name", "Max Keller", "--email", "max.keller@systemhaus.test", "--email", "max@mobil.test")
	ok(t, cfg, "technician", "add", "dispo", "--name", "Disposition", "--email", "dispo@systemhaus.test", "--role", "dispatch")
	if msg := fails(t, cfg, 1, "technician", "add", "m.keller", "--name", "Noch einer", "--email", "x@systemhaus.test"); !strings.Contains(msg, "m.keller") {
		t.Errorf("second add of m.keller: %q", msg)
	}
	fails(t, cfg, 1, "technician", "add", "a.wolf", "--name", "Anna Wolf", "--email", "max@mobil.test") // an address taken

	var list []map[string]any
	okJSON(t, cfg, &list, "technician", "list")
	if len(list) != 2 {
		t.Fatalf("technician list = %v", list)
	}
	max := list[0]
	if max["id"] == "dispo" {
		max = list[1]
	}
	for _, field := range []string{"id", "name", "emails", "role", "active"} {
		if _, ok := max[field]; !ok {
			t.Errorf("technician list --json lacks %q: %v", field, max)
		}
	}
	if max["id"] != "m.keller" || max["role"] != "technician" || max["active"] != true || len(max["emails"].([]any)) != 2 {
		t.Errorf("m.keller = %v", max)
	}

	// An edit changes the given fields only.
	ok(t, cfg, "technician", "edit", "m.keller", "--name", "Max K. Keller")
	var shown map[string]any
	okJSON(t, cfg, &shown, "technician", "show", "m.keller")
	if shown["name"] != "Max K. Keller" || len(shown["emails"].([]any)) != 2 {
		t.Errorf("after edit: %v", shown)
	}

	// Time by the back office: a billable entry with travel, a not-billable one with reason.
	var e1, e2 map[string]any
	okJSON(t, cfg, &e1, "time", "add", number, "1h30", "--technician", "m.keller", "--date", "2026-11-30", "--activity", "Server neu gestartet", "--travel", "1")
	okJSON(t, cfg, &e2, "time", "add", number, "20m", "--technician", "m.keller", "--date", "2026-12-01", "--not-billable", "Kulanz")
	if e1["minutes"] != 90.0 || e1["billable"] != true || e1["date"] != "2026-11-30" || e1["state"] != "recorded" ||
		e1["travel"].(map[string]any)["trips"] != 1.0 {
		t.Errorf("first entry = %v", e1)
	}
	if e2["minutes"] != 20.0 || e2["billable"] != false || e2["reason"] != "Kulanz" {
		t.Errorf("second entry = %v", e2)
	}
	fails(t, cfg, 1, "time", "add", number, "20m", "--technician", "nobody")
	fails(t, cfg, 1, "time", "add", "2099-999999", "20m", "--technician", "m.keller")
	fails(t, cfg, 2, "time", "add", number, "20m", "--technician", "m.keller", "--travel", "1", "--km", "30")
	fails(t, cfg, 2, "time", "add", number, "20", "--technician", "m.keller") // a duration needs a unit

	var entries []map[string]any
	okJSON(t, cfg, &entries, "time", "list", "--ticket", number)
	if len(entries) != 2 {
		t.Fatalf("time list = %v", entries)
	}
	for _, field := range []string{"id", "ticket", "technician", "date", "minutes", "billable", "reason", "activity", "travel", "state"} {
		if _, ok := entries[0][field]; !ok {
			t.Errorf("time list --json lacks %q: %v", field, entries[0])
		}
	}
	okJSON(t, cfg, &entries, "time", "list", "--month", "2026-11")
	if len(entries) != 1 || entries[0]["date"] != "2026-11-30" {
		t.Errorf("time list --month 2026-11 = %v", entries)
	}
	okJSON(t, cfg, &entries, "time", "list", "--technician", "dispo")
	if len(entries) != 0 {
		t.Errorf("time list --technician dispo = %v", entries)
	}

	// Disabled: listed as inactive, and no longer assignable.
	ok(t, cfg, "technician", "disable", "m.keller")
	okJSON(t, cfg, &shown, "technician", "show", "m.keller")
	if shown["active"] != false {
		t.Errorf("after disable: %v", shown)
	}
	fails(t, cfg, 1, "ticket", "assign", number, "m.keller")
}
