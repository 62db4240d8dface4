package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"

	"helpdesk/daemon"
	"helpdesk/internal/cli"
	"helpdesk/internal/testlog"
	"helpdesk/ticketstore"
)

// startDemo runs "helpdesk demo" with extra args in-process on free loopback ports until the
// test ends; it returns the SMTP and IMAP addresses the demo printed.
func startDemo(t *testing.T, args ...string) (smtpAddr, imapAddr string, logs *testlog.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out, errOut testlog.Buffer
	go func() {
		done <- run(ctx, &cli.Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader("")},
			append([]string{"demo", "--imap", "127.0.0.1:0", "--smtp", "127.0.0.1:0"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("demo exited with %d: %s", code, errOut.String())
			}
		case <-time.After(20 * time.Second):
			t.Error("demo did not stop")
		}
	})
	addr := regexp.MustCompile(`(SMTP|IMAP) \((?:send|read) mail\)\s+(\S+)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if ms := addr.FindAllStringSubmatch(out.String(), -1); len(ms) == 2 {
			for _, m := range ms {
				if m[1] == "SMTP" {
					smtpAddr = m[2]
				} else {
					imapAddr = m[2]
				}
			}
			return smtpAddr, imapAddr, &errOut
		}
		select {
		case code := <-done:
			t.Fatalf("demo exited with %d before it ran: %s", code, errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo printed no addresses: %s\n%s", out.String(), errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitForMail returns the first message in user's INBOX that satisfies ok.
func waitForMail(t *testing.T, imapAddr, user string, ok func(*mail.Message) bool) (*mail.Message, string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		for _, raw := range readInbox(t, imapAddr, user) {
			m, err := mail.ReadMessage(strings.NewReader(raw))
			if err == nil && ok(m) {
				return m, raw
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no matching mail for %s", user)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// readInbox reads user's INBOX over IMAP, as a mail client does.
func readInbox(t *testing.T, imapAddr, user string) []string {
	t.Helper()
	c, err := imapclient.DialInsecure(imapAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, "demo").Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil || sel.NumMessages == 0 {
		return nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, string(m.FindBodySection(section)))
	}
	return out
}

// The newcomer's first loop: an incident, the confirmation read over IMAP, and the answer to
// it sent exactly as a mail client sends it — to the confirmation's Reply-To.
func TestDemoAnswerToConfirmationReachesTicket(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "demo.toml")
	cfg := fmt.Sprintf("data_dir = %q\n[support]\naddress = \"support@demo.test\"\n", filepath.Join(dir, "data"))
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	smtpAddr, imapAddr, logs := startDemo(t, "-config", cfgFile)

	const customer = "kunde@beispiel.test"
	incident := "From: Kunde <" + customer + ">\r\nTo: support@demo.test\r\nSubject: Drucker druckt nicht\r\n" +
		"Message-ID: <first@beispiel.test>\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\n\r\nSeit heute früh nichts.\r\n"
	sendMail(t, smtpAddr, customer, "support@demo.test", incident)

	conf, _ := waitForMail(t, imapAddr, customer, func(m *mail.Message) bool {
		return strings.Contains(m.Header.Get("Subject"), "[Ticket#")
	})
	replyTo, err := mail.ParseAddress(conf.Header.Get("Reply-To"))
	if err != nil || !strings.HasPrefix(replyTo.Address, "support+t") {
		t.Fatalf("confirmation Reply-To = %q (%v), want the signed plus-address", conf.Header.Get("Reply-To"), err)
	}
	answer := "From: Kunde <" + customer + ">\r\nTo: " + replyTo.String() + "\r\n" +
		"Subject: AW: " + conf.Header.Get("Subject") + "\r\nMessage-ID: <answer@beispiel.test>\r\n" +
		"In-Reply-To: " + conf.Header.Get("Message-Id") + "\r\nReferences: <first@beispiel.test> " + conf.Header.Get("Message-Id") + "\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\n\r\nEs ist der Drucker in Raum 2.14.\r\n"
	sendMail(t, smtpAddr, customer, replyTo.Address, answer)

	deadline := time.Now().Add(20 * time.Second)
	for {
		code, out, _ := runCmd(t, "ticket", "show", "2026-000001", "--json", "-config", cfgFile)
		if strings.Contains(out, "Raum 2.14") {
			var tk daemon.TicketDetail
			if err := json.Unmarshal([]byte(out), &tk); err != nil || len(tk.Comments) != 2 {
				t.Fatalf("ticket show: %v, %d comments", err, len(tk.Comments))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the answer to the Reply-To never reached the ticket (code %d): %s\n%s", code, out, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got := readInbox(t, imapAddr, replyTo.Address); len(got) != 0 {
		t.Errorf("a mailbox named %s got %d mails", replyTo.Address, len(got))
	}
}

func sendMail(t *testing.T, addr, from, to, raw string) {
	t.Helper()
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.SendMail(from, []string{to}, strings.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
}

// The demo's IMAP server takes any login: it never listens beyond loopback.
func TestDemoRefusesNonLoopback(t *testing.T) {
	for _, args := range [][]string{{"--imap", "0.0.0.0:0"}, {"--smtp", ":2525"}, {"--imap", "192.0.2.1:1143"}} {
		code, _, errOut := runCmd(t, append([]string{"demo"}, args...)...)
		if code != cli.ExitUsage || !strings.Contains(errOut, "loopback") {
			t.Errorf("demo %v: code %d, stderr %q; want %d naming loopback", args, code, errOut, cli.ExitUsage)
		}
	}
}

// A data_dir with a store that serve wrote is never the demo's: its outbox would be delivered
// into the demo world and marked sent.
func TestDemoRefusesServeStore(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o700); err != nil {
		t.Fatal(err)
	}
	s, err := ticketstore.Open(filepath.Join(data, daemon.StoreFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetOrigin(ticketstore.OriginServe); err != nil {
		t.Fatal(err)
	}
	s.Close()
	cfgFile := filepath.Join(dir, "prod.toml")
	if err := os.WriteFile(cfgFile, []byte(fmt.Sprintf("data_dir = %q\n[support]\naddress = \"support@firma.test\"\n", data)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, "demo", "-config", cfgFile, "--imap", "127.0.0.1:0", "--smtp", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errOut, "written by 'helpdesk serve'") {
		t.Errorf("demo on serve's store: code %d, stderr %q", code, errOut)
	}
}

// TestDemoTechnicianWorksByMail: with --seed, the dispatch team's mailbox gets each new ticket;
// its answer "#zuweisen mkeller" sends Max the assignment, and Max's answer to that, sent as a
// mail client sends it, changes the status and records his time.
func TestDemoTechnicianWorksByMail(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "demo.toml")
	cfg := fmt.Sprintf("data_dir = %q\n[support]\naddress = \"support@demo.test\"\n", filepath.Join(dir, "data"))
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	smtpAddr, imapAddr, logs := startDemo(t, "-config", cfgFile, "--seed")

	const customer = "kunde@beispiel.test"
	sendMail(t, smtpAddr, customer, "support@demo.test", "From: Kunde <"+customer+">\r\nTo: support@demo.test\r\n"+
		"Subject: Server startet nicht\r\nMessage-ID: <srv@beispiel.test>\r\nDate: "+time.Now().Format(time.RFC1123Z)+"\r\n\r\nDer Server piept.\r\n")
	isOurs := func(m *mail.Message) bool { return strings.Contains(m.Header.Get("Subject"), "Server startet nicht") }
	disp, _ := waitForMail(t, imapAddr, DemoDispatch, isOurs)
	reply := func(from string, to *mail.Message, body string) {
		t.Helper()
		rt, err := mail.ParseAddress(to.Header.Get("Reply-To"))
		if err != nil {
			t.Fatalf("Reply-To %q: %v", to.Header.Get("Reply-To"), err)
		}
		raw := "From: " + from + "\r\nTo: " + rt.String() + "\r\nSubject: AW: " + to.Header.Get("Subject") + "\r\n" +
			"Message-ID: <" + fmt.Sprint(time.Now().UnixNano()) + "@demo.test>\r\nIn-Reply-To: " + to.Header.Get("Message-Id") + "\r\n" +
			"Date: " + time.Now().Format(time.RFC1123Z) + "\r\n\r\n" + body + "\r\n"
		envFrom := from
		if a, err := mail.ParseAddress(from); err == nil {
			envFrom = a.Address
		}
		sendMail(t, smtpAddr, envFrom, rt.Address, raw)
	}
	reply(DemoDispatch, disp, "#zuweisen mkeller")
	asg, _ := waitForMail(t, imapAddr, DemoTechnician, func(m *mail.Message) bool {
		return isOurs(m) && strings.Contains(m.Header.Get("Reply-To"), ".mkeller.")
	})
	reply("Max Keller <"+DemoTechnician+">", asg, "#status in Arbeit\r\n#zeit 45m Netzteil getauscht\r\n\r\nIch bin um 14 Uhr bei Ihnen.")

	var number string
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, out, _ := runCmd(t, "time", "list", "--json", "-config", cfgFile)
		var entries []daemon.TimeView
		if code == 0 && json.Unmarshal([]byte(out), &entries) == nil && len(entries) == 1 {
			if e := entries[0]; e.Minutes != 45 || e.Technician != "mkeller" || e.Activity != "Netzteil getauscht" {
				t.Errorf("time entry = %+v", e)
			}
			number = entries[0].Ticket
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Max's time never arrived (code %d): %s\n%s", code, out, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	code, out, _ := runCmd(t, "ticket", "show", number, "--json", "-config", cfgFile)
	var tk daemon.TicketDetail
	if err := json.Unmarshal([]byte(out), &tk); code != 0 || err != nil || tk.Status != "in_progress" || tk.Assignee != "mkeller" {
		t.Errorf("ticket after Max's answer: code %d, %+v (%v)", code, tk.TicketSummary, err)
	}
	answer, _ := waitForMail(t, imapAddr, customer, func(m *mail.Message) bool {
		return isOurs(m) && strings.Contains(m.Header.Get("Subject"), "[Ticket#") && !strings.Contains(m.Header.Get("Auto-Submitted"), "replied")
	})
	if from := answer.Header.Get("From"); strings.Contains(from, DemoTechnician) {
		t.Errorf("the customer's answer is from %q", from)
	}
}
