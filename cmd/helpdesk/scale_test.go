package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"helpdesk/daemon"
	"helpdesk/directory"
)

// runningDesk starts the demo on cfg's data_dir and waits until it answers on its socket.
func runningDesk(t *testing.T, cfg string) (smtpAddr string) {
	t.Helper()
	smtpAddr, _, logs := startDemo(t, "-config", cfg)
	for deadline := time.Now().Add(20 * time.Second); ; {
		var st daemon.StatusResult
		code, out, _ := runCmd(t, "status", "--json", "-config", cfg)
		if code == 0 && json.Unmarshal([]byte(out), &st) == nil && st.Running {
			return smtpAddr
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon did not come up: %s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// IDs are assigned by the daemon inside the transaction that adds the record: twenty
// concurrent adds without --id get twenty distinct IDs.
func TestConcurrentAddsGetDistinctIDs(t *testing.T) {
	cfg := dirTestConfig(t)
	runningDesk(t, cfg)
	ok(t, cfg, "directory", "import", exampleDirectory)
	const n = 20
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c directory.Contact
			code, out, errOut := runCmd(t, "contact", "add", "--customer", "K-1002", "--name", fmt.Sprintf("Neu%d", i),
				"--email", fmt.Sprintf("neu%d@praxis-yilmaz.test", i), "--json", "-config", cfg)
			if code != 0 || json.Unmarshal([]byte(out), &c) != nil {
				t.Errorf("contact add %d: code %d %s%s", i, code, out, errOut)
				return
			}
			ids[i] = c.ID
		}()
	}
	wg.Wait()
	if slices.Sort(ids); len(slices.Compact(slices.Clone(ids))) != n || ids[0] == "" {
		t.Fatalf("IDs of %d concurrent adds = %v, want %d distinct", n, ids, n)
	}
	var cs []directory.Contact
	okJSON(t, cfg, &cs, "contact", "list", "--customer", "K-1002")
	for _, id := range ids {
		if !slices.ContainsFunc(cs, func(c directory.Contact) bool { return c.ID == id }) {
			t.Errorf("contact %s is not in the list", id)
		}
	}
}

// An edit is a patch of the given fields, applied by the daemon in one transaction: two
// editors changing different fields at the same time never undo each other's change.
func TestConcurrentEditsOfDifferentFields(t *testing.T) {
	cfg := dirTestConfig(t)
	runningDesk(t, cfg)
	ok(t, cfg, "directory", "import", exampleDirectory)
	const rounds = 15
	var wg sync.WaitGroup
	edit := func(args ...string) {
		defer wg.Done()
		for i := range rounds {
			a := slices.Clone(args)
			a[len(a)-1] += fmt.Sprint(i)
			a = append(a, "-config", cfg)
			if code, out, errOut := runCmd(t, append([]string{"customer", "edit", "K-1002"}, a...)...); code != 0 {
				t.Errorf("customer edit %v: %d %s%s", a, code, out, errOut)
				return
			}
		}
	}
	wg.Add(2)
	go edit("--city", "Hildesheim")
	go edit("--manager-name", "Jana")
	wg.Wait()
	var d daemon.CustomerDetail
	okJSON(t, cfg, &d, "customer", "show", "K-1002")
	last := fmt.Sprint(rounds - 1)
	if d.Customer.Address.City != "Hildesheim"+last || d.Customer.AccountManager.Name != "Jana"+last {
		t.Errorf("after concurrent edits: city %q, manager %q; want both last values (…%s)", d.Customer.Address.City, d.Customer.AccountManager.Name, last)
	}
	if d.Customer.Name == "" || len(d.Customer.Domains) == 0 {
		t.Errorf("fields nobody edited were lost: %+v", d.Customer)
	}
}

// Without a daemon and without a store, no command but those that set up a desk creates
// anything: they say so and exit 1.
func TestCommandsOnAMissingStoreCreateNothing(t *testing.T) {
	cfg := emptyTestConfig(t)
	dataDir := filepath.Join(filepath.Dir(cfg), "data")
	commands := [][]string{
		{"status"}, {"ticket", "list"}, {"ticket", "list", "--limit", "5"}, {"ticket", "show", "2026-000001"},
		{"ticket", "status", "2026-000001", "resolved"}, {"outbox", "list"}, {"outbox", "retry", "1"},
		{"setaside", "list"}, {"setaside", "release", "1"}, {"customer", "list"}, {"customer", "show", "K-1"},
		{"customer", "add", "--number", "K-9", "--name", "X"}, {"customer", "edit", "K-9", "--name", "Y"},
		{"contact", "list"}, {"contact", "show", "C-0001"}, {"contract", "list"}, {"contract", "show", "V-0001"},
		{"contract", "end", "V-0001"}, {"directory", "export"}, {"backup", filepath.Join(t.TempDir(), "b.db")},
		{"outbox", "show", "1"}, {"compact"}, {"compact", "--output", filepath.Join(t.TempDir(), "c.db")},
	}
	check := func(stage string) {
		for _, args := range commands {
			code, _, errOut := runCmd(t, append(args, "-config", cfg)...)
			if code != 1 || !strings.Contains(errOut, "no store") && !strings.Contains(errOut, "does not exist") {
				t.Errorf("%s: helpdesk %s: code %d, stderr %q; want 1 and a word about the missing store", stage, strings.Join(args, " "), code, errOut)
			}
		}
	}
	check("no data_dir")
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Fatalf("a command created data_dir %s (%v)", dataDir, err)
	}
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	check("empty data_dir")
	if entries, _ := os.ReadDir(dataDir); len(entries) != 0 {
		t.Errorf("commands left %v in data_dir", entries)
	}
	// directory import is how a desk is set up: it may create the store.
	ok(t, cfg, "directory", "import", exampleDirectory)
	if _, err := os.Stat(filepath.Join(dataDir, daemon.StoreFile)); err != nil {
		t.Errorf("directory import did not create the store: %v", err)
	}
}

// Paging newest first with --before returns every ticket exactly once, while new tickets
// keep arriving.
func TestPagingWhileTicketsArrive(t *testing.T) {
	cfg := dirTestConfig(t)
	smtpAddr := runningDesk(t, cfg)
	send := func(from, subject string) {
		raw := "From: " + from + "\r\nTo: support@example.com\r\nSubject: " + subject + "\r\n\r\nbitte helfen\r\n"
		sendMail(t, smtpAddr, from, "support@example.com", raw)
	}
	const first = 30
	for i := range first {
		send(fmt.Sprintf("k%d@kunde%d.test", i, i), fmt.Sprintf("Fall %d", i))
	}
	var all []daemon.TicketSummary
	for deadline := time.Now().Add(20 * time.Second); len(all) < first; {
		okJSON(t, cfg, &all, "ticket", "list")
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d tickets", len(all), first)
		}
		time.Sleep(50 * time.Millisecond)
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // new incidents during the paging
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			send(fmt.Sprintf("neu%d@anders.test", i), fmt.Sprintf("Neu %d", i))
			time.Sleep(5 * time.Millisecond)
		}
	}()
	seen := map[string]int{}
	args := []string{"ticket", "list", "--limit", "7", "--json", "-config", cfg}
	before, pages := "", 0
	for {
		a := slices.Clone(args)
		if before != "" {
			a = append(a, "--before", before)
		}
		code, out, errOut := runCmd(t, a...)
		var page []daemon.TicketSummary
		if code != 0 || json.Unmarshal([]byte(out), &page) != nil {
			t.Fatalf("ticket list %v: code %d %s%s", a, code, out, errOut)
		}
		for _, tk := range page {
			seen[tk.Number]++
		}
		pages++
		next, found := strings.CutPrefix(strings.TrimSpace(errOut), "more: --before ")
		if !found {
			break
		}
		if len(page) != 7 {
			t.Errorf("page %d has %d tickets, want 7", pages, len(page))
		}
		before = next
	}
	close(stop)
	wg.Wait()
	for _, tk := range all {
		if seen[tk.Number] != 1 {
			t.Errorf("ticket %s listed %d times across %d pages, want once", tk.Number, seen[tk.Number], pages)
		}
	}
	for number, n := range seen {
		if n > 1 {
			t.Errorf("ticket %s listed %d times", number, n)
		}
	}
}
