package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"helpdesk/internal/cli"
	"helpdesk/internal/testlog"
)

// runCmd runs one helpdesk command in-process and returns its exit code and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), &cli.Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader("")}, args)
	return code, out.String(), errOut.String()
}

func TestConfigExamplePassesCheck(t *testing.T) {
	code, example, _ := runCmd(t, "config", "example")
	if code != 0 || !strings.Contains(example, "[imap]") {
		t.Fatalf("config example: code %d\n%s", code, example)
	}
	file := filepath.Join(t.TempDir(), "helpdesk.toml")
	if err := os.WriteFile(file, []byte(example), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HELPDESK_IMAP_PASSWORD", "x")
	t.Setenv("HELPDESK_SMTP_PASSWORD", "y")
	if code, out, errOut := runCmd(t, "config", "check", "-config", file); code != 0 {
		t.Errorf("config check of the example: code %d\n%s%s", code, out, errOut)
	}
}

func TestConfigCheckReportsEveryProblem(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.toml")
	bad := "data_dir = \"\"\nlanguage = \"fr\"\n[imap]\nsecurity = \"none\"\naddress = \"imap.example.com:143\"\n[[rules]]\nfield = \"subject\"\naction = \"explode\"\ncontains = \"x\"\n"
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCmd(t, "config", "check", "-config", file)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	for _, setting := range []string{"data_dir", "language", "imap.security", "rules[0].action", "support.address"} {
		if !strings.Contains(out, setting) {
			t.Errorf("check output does not name %s:\n%s", setting, out)
		}
	}
}

// Every command answers --help with its usage and exit code 0.
func TestHelpOnEveryCommand(t *testing.T) {
	for _, c := range program().Commands {
		args := strings.Fields(c.Name)
		code, out, errOut := runCmd(t, append(args, "--help")...)
		if code != 0 || !strings.Contains(out+errOut, "Usage: helpdesk "+c.Name) || !strings.Contains(out+errOut, "Example") {
			t.Errorf("%s --help: code %d, want 0, the usage line and an example; output:\n%s%s", c.Name, code, out, errOut)
		}
	}
	if code, _, _ := runCmd(t, "nonsense"); code != cli.ExitUsage {
		t.Errorf("unknown command: code %d, want %d", code, cli.ExitUsage)
	}
	if code, out, _ := runCmd(t, "ticket", "--help"); code != 0 || !strings.Contains(out, "list") || !strings.Contains(out, "status NUMBER STATUS") {
		t.Errorf("ticket --help: code %d, output %q", code, out)
	}
	if code, _, errOut := runCmd(t, "ticket", "frobnicate"); code != cli.ExitUsage || !strings.Contains(errOut, "unknown command") {
		t.Errorf("ticket frobnicate: code %d, stderr %q", code, errOut)
	}
}

func TestMailClassifyWithoutConfig(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"incident.eml": "From: a@kunde.test\r\nTo: support@x.test\r\nSubject: Drucker\r\nMessage-ID: <1@kunde.test>\r\n\r\nGeht nicht.\r\n",
		"ooo.eml":      "From: a@kunde.test\r\nTo: support@x.test\r\nSubject: Abwesenheitsnotiz\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <2@kunde.test>\r\n\r\nBin weg.\r\n",
	}
	var paths []string
	for name, raw := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(raw), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	code, out, errOut := runCmd(t, append([]string{"mail", "classify", "--json", "-config", filepath.Join(dir, "missing.toml")}, paths...)...)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errOut)
	}
	got := map[string]map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r map[string]string
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not one JSON object per line: %q", line)
		}
		got[filepath.Base(r["file"])] = r
	}
	if r := got["incident.eml"]; r["verdict"] != "ticket" || r["from"] != "a@kunde.test" || r["subject"] != "Drucker" {
		t.Errorf("incident: %v", r)
	}
	if r := got["ooo.eml"]; r["verdict"] != "setaside" || r["reason_code"] != "auto_reply" || r["reason"] == "" {
		t.Errorf("out of office: %v", r)
	}
}

// The demo runs the real daemon on the embedded mail world; with -config the other commands
// reach it through the control socket.
func TestDemoSeedAndCommandsWhileRunning(t *testing.T) {
	dir, err := os.MkdirTemp("", "hd")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cfgFile := filepath.Join(dir, "demo.toml")
	cfg := fmt.Sprintf("data_dir = %q\nlanguage = \"de\"\n[support]\naddress = \"support@demo.test\"\nname = \"Demo-Support\"\n", filepath.Join(dir, "data"))
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var demoOut, demoErr testlog.Buffer // the daemon's goroutines log concurrently
	go func() {
		done <- run(ctx, &cli.Env{Stdout: &demoOut, Stderr: &demoErr, Stdin: strings.NewReader("")},
			[]string{"demo", "--seed", "-config", cfgFile, "--imap", "127.0.0.1:0", "--smtp", "127.0.0.1:0"})
	}()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("demo exited with %d: %s", code, demoErr.String())
			}
		case <-time.After(20 * time.Second):
			t.Error("demo did not stop")
		}
	}()

	var tickets []map[string]any
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, out, _ := runCmd(t, "ticket", "list", "--json", "-config", cfgFile)
		if code == 0 && json.Unmarshal([]byte(out), &tickets) == nil && len(tickets) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the seeded incidents did not become tickets: %s\n%s", out, demoErr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, field := range []string{"number", "status", "subject", "requester", "created", "updated", "comments"} {
		if _, ok := tickets[0][field]; !ok {
			t.Errorf("ticket list --json lacks %q: %v", field, tickets[0])
		}
	}
	number := tickets[0]["number"].(string)

	code, out, errOut := runCmd(t, "ticket", "show", number, "--json", "-config", cfgFile)
	var show struct {
		Number   string `json:"number"`
		Comments []struct {
			Author, Kind, Body string
			Attachments        []struct {
				Name   string `json:"name"`
				Size   int64  `json:"size"`
				SHA256 string `json:"sha256"`
			} `json:"attachments"`
		} `json:"comments"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &show) != nil || show.Number != number || len(show.Comments) == 0 {
		t.Fatalf("ticket show: code %d %s %s", code, out, errOut)
	}

	if code, out, errOut := runCmd(t, "ticket", "status", number, "in_progress", "--note", "Wir kümmern uns.", "-config", cfgFile); code != 0 {
		t.Errorf("ticket status: %d %s %s", code, out, errOut)
	}

	var setAside []map[string]any
	deadline = time.Now().Add(20 * time.Second)
	for {
		code, out, _ := runCmd(t, "setaside", "list", "--json", "-config", cfgFile)
		if code == 0 && json.Unmarshal([]byte(out), &setAside) == nil && len(setAside) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the out-of-office reply and the newsletter were not set aside: %s", out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	codes := map[string]bool{}
	for _, s := range setAside {
		codes[s["reason_code"].(string)] = true
		for _, field := range []string{"id", "from", "subject", "reason_code", "reason", "received"} {
			if _, ok := s[field]; !ok {
				t.Errorf("setaside list --json lacks %q", field)
			}
		}
	}
	if !codes["auto_reply"] || !codes["list"] {
		t.Errorf("set-aside reason codes = %v, want auto_reply and list", codes)
	}

	var outbox []map[string]any
	deadline = time.Now().Add(20 * time.Second)
	for {
		code, out, _ := runCmd(t, "outbox", "list", "--state", "sent", "--json", "-config", cfgFile)
		if code == 0 && json.Unmarshal([]byte(out), &outbox) == nil && len(outbox) >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("confirmations and the status mail were not sent: %s", out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, field := range []string{"id", "to", "subject", "state", "attempts", "last_error"} {
		if _, ok := outbox[0][field]; !ok {
			t.Errorf("outbox list --json lacks %q: %v", field, outbox[0])
		}
	}

	backup := filepath.Join(dir, "backup.db")
	if code, out, errOut := runCmd(t, "backup", backup, "-config", cfgFile); code != 0 {
		t.Fatalf("backup while running: %d %s %s", code, out, errOut)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Size() == 0 {
		t.Errorf("backup file: %v", err)
	}
	if !strings.Contains(demoOut.String(), "support@demo.test") || !strings.Contains(demoOut.String(), "swaks") {
		t.Errorf("demo how-to missing:\n%s", demoOut.String())
	}
}
