package postfixtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

const deliveryTimeout = 15 * time.Second

func testMail(from, to, subject string) []byte {
	return []byte(fmt.Sprintf("From: %s\nTo: %s\nSubject: %s\nMessage-ID: <%d@postfixtest.test>\n"+
		"Date: %s\n\nDer Drucker im 2. OG druckt nicht.\n",
		from, to, subject, time.Now().UnixNano(), time.Now().Format(time.RFC1123Z)))
}

// TestDeliversOverLMTP: mail for a listed domain reaches the LMTP server with envelope sender,
// the plus-address recipient unchanged, and the body; the queue empties and the log says so.
func TestDeliversOverLMTP(t *testing.T) {
	t.Parallel()
	k := startSink(t)
	s := Start(t, k.addr, []string{"example.test", "kunde.test"})
	const rcpt = "support+t2026-000001.abc@example.test"
	if err := s.Submit("dora@kunde.test", []string{rcpt}, testMail("dora@kunde.test", rcpt, "Drucker")); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	got := k.wait(t, 1, deliveryTimeout)[0]
	if got.from != "dora@kunde.test" || len(got.to) != 1 || got.to[0] != rcpt {
		t.Errorf("delivery from %q to %q, want from dora@kunde.test to [%s]", got.from, got.to, rcpt)
	}
	if !bytes.Contains(got.data, []byte("Subject: Drucker\r\n")) || !bytes.Contains(got.data, []byte("druckt nicht.\r\n")) {
		t.Errorf("delivered data lacks the subject or body (with CRLF):\n%s", got.data)
	}
	if err := s.WaitEmpty(deliveryTimeout); err != nil {
		t.Error(err)
	}
	waitLog(t, s, "status=sent")
}

// TestRefusesOtherDomains: a recipient outside the instance's domains is refused at RCPT with
// a permanent error, so a test sees a wrong address at once.
func TestRefusesOtherDomains(t *testing.T) {
	t.Parallel()
	k := startSink(t)
	s := Start(t, k.addr, []string{"example.test"})
	err := s.Submit("a@example.test", []string{"b@elsewhere.test"}, testMail("a@example.test", "b@elsewhere.test", "x"))
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 554 {
		t.Fatalf("Submit to another domain: %v, want a 554 SMTP error", err)
	}
}

// TestDefersWhileLMTPFails: while the LMTP server answers 451 the mail waits in the queue with
// that answer as the reason; when it recovers, Flush (or the short retry) delivers it.
func TestDefersWhileLMTPFails(t *testing.T) {
	t.Parallel()
	k := startSink(t)
	k.failing.Store(true)
	s := Start(t, k.addr, []string{"example.test"})
	if err := s.Submit("a@example.test", []string{"b@example.test"}, testMail("a@example.test", "b@example.test", "später")); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	deadline := time.Now().Add(deliveryTimeout)
	for {
		q, err := s.Queue()
		if err != nil {
			t.Fatalf("Queue: %v", err)
		}
		// With retries every second the mail moves between deferred, incoming and active;
		// the reason stays with it.
		if len(q) == 1 && len(q[0].Recipients) == 1 && strings.Contains(q[0].Recipients[0].DelayReason, "451") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue = %+v, want one mail held back with the sink's 451 as reason", q)
		}
		time.Sleep(50 * time.Millisecond)
	}
	k.failing.Store(false)
	if err := s.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	k.wait(t, 1, deliveryTimeout)
	if err := s.WaitEmpty(deliveryTimeout); err != nil {
		t.Error(err)
	}
}

// TestParallelInstances: two instances at once have their own directories and ports and
// deliver only to their own LMTP server.
func TestParallelInstances(t *testing.T) {
	t.Parallel()
	k1, k2 := startSink(t), startSink(t)
	s1 := Start(t, k1.addr, []string{"eins.test"})
	s2 := Start(t, k2.addr, []string{"zwei.test"})
	if s1.SMTPAddr == s2.SMTPAddr || s1.Dir == s2.Dir {
		t.Fatalf("instances share port or directory: %s %s, %s %s", s1.SMTPAddr, s1.Dir, s2.SMTPAddr, s2.Dir)
	}
	for i, s := range []*Server{s1, s2} {
		to := fmt.Sprintf("x@%s", s.Domains[0])
		if err := s.Submit("a@b.test", []string{to}, testMail("a@b.test", to, fmt.Sprint("Instanz ", i+1))); err != nil {
			t.Fatalf("Submit to instance %d: %v", i+1, err)
		}
	}
	for i, k := range []*sink{k1, k2} {
		got := k.wait(t, 1, deliveryTimeout)
		if want := fmt.Sprintf("Subject: Instanz %d\r\n", i+1); len(got) != 1 || !bytes.Contains(got[0].data, []byte(want)) {
			t.Errorf("sink %d got %d deliveries, want one with %q", i+1, len(got), want)
		}
	}
	if err := s1.Submit("a@b.test", []string{"x@zwei.test"}, testMail("a@b.test", "x@zwei.test", "falsch")); err == nil {
		t.Error("instance 1 accepted mail for instance 2's domain, want a refusal")
	}
}

// TestStopWaitsAndRestartKeepsQueue: Stop returns only when no Postfix process of the instance
// is left and the port is closed; Restart comes back on the same port and delivers the mail
// that was deferred before the stop.
func TestStopWaitsAndRestartKeepsQueue(t *testing.T) {
	t.Parallel()
	k := startSink(t)
	k.failing.Store(true)
	s := Start(t, k.addr, []string{"example.test"})
	if err := s.Submit("a@example.test", []string{"b@example.test"}, testMail("a@example.test", "b@example.test", "bleibt")); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	pid := s.proc.cmd.Process.Pid
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if groupAlive(pid) {
		t.Errorf("processes of master %d still running after Stop", pid)
	}
	if c, err := net.DialTimeout("tcp", s.SMTPAddr, time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after Stop", s.SMTPAddr)
	}
	if err := s.Stop(); err != nil {
		t.Errorf("second Stop: %v, want a no-op", err)
	}
	k.failing.Store(false)
	addr := s.SMTPAddr
	if err := s.Restart(); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if s.SMTPAddr != addr {
		t.Errorf("SMTPAddr after Restart = %s, want %s", s.SMTPAddr, addr)
	}
	got := k.wait(t, 1, deliveryTimeout)
	if !bytes.Contains(got[0].data, []byte("Subject: bleibt")) {
		t.Errorf("delivered after restart: %q, want the mail queued before", got[0].data)
	}
}

// TestWithSetting: a setting passed to Start overrides the harness's main.cf.
func TestWithSetting(t *testing.T) {
	t.Parallel()
	k := startSink(t)
	s := Start(t, k.addr, []string{"example.test"}, WithSetting("message_size_limit", "1000"))
	big := testMail("a@example.test", "b@example.test", strings.Repeat("x", 2000))
	err := s.Submit("a@example.test", []string{"b@example.test"}, big)
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 552 {
		t.Errorf("Submit of 2 kB with message_size_limit 1000: %v, want a 552 SMTP error", err)
	}
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		in    string
		state byte
		pgrp  int
		ok    bool
	}{
		{"123 (qmgr) S 100 100 100 0 -1", 'S', 100, true},
		{"124 (a (b) c) Z 1 77 77 0", 'Z', 77, true},
		{"125 (x) R", 0, 0, false},
		{"garbage", 0, 0, false},
	}
	for _, tt := range tests {
		state, pgrp, ok := parseStat([]byte(tt.in))
		if state != tt.state || pgrp != tt.pgrp || ok != tt.ok {
			t.Errorf("parseStat(%q) = %q, %d, %v; want %q, %d, %v", tt.in, state, pgrp, ok, tt.state, tt.pgrp, tt.ok)
		}
	}
}

// waitLog waits until Postfix's log contains want (postlogd writes it asynchronously).
func waitLog(t *testing.T, s *Server, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(s.Log(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("Postfix log lacks %q:\n%s", want, s.LogTail(20))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStartReportsTakenPort: when another process listens on the port the instance was given,
// start says so (errPortTaken), which is what Start retries on another port.
func TestStartReportsTakenPort(t *testing.T) {
	t.Parallel()
	k := startSink(t)
	s := Start(t, k.addr, []string{"example.test"})
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	ln, err := net.Listen("tcp", s.SMTPAddr)
	if err != nil {
		t.Fatalf("listen on the stopped instance's port: %v", err)
	}
	defer ln.Close()
	start := time.Now()
	err = s.start()
	if !errors.Is(err, errPortTaken) {
		t.Errorf("start on a taken port: %v, want errPortTaken", err)
	}
	t.Logf("the master gave up after %v", time.Since(start))
}
