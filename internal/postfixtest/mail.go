package postfixtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"time"

	"github.com/emersion/go-smtp"
)

// Submit hands raw to Postfix over SMTP as a mail client or the daemon's outbox would:
// envelope sender from ("" for a bounce), recipients to. Bare LF line endings become CRLF.
// A refusal comes back as a wrapped *smtp.SMTPError (e.g. 554 for a domain not delivered).
func (s *Server) Submit(from string, to []string, raw []byte) error {
	c, err := smtp.Dial(s.SMTPAddr)
	if err != nil {
		return fmt.Errorf("dial postfix %s: %w", s.SMTPAddr, err)
	}
	defer c.Close()
	if err := c.Hello("postfixtest.client"); err != nil {
		return fmt.Errorf("ehlo: %w", err)
	}
	if err := c.SendMail(from, to, bytes.NewReader(toCRLF(raw))); err != nil {
		return fmt.Errorf("submit to %v: %w", to, err)
	}
	if err := c.Quit(); err != nil {
		return fmt.Errorf("quit: %w", err)
	}
	return nil
}

// Flush asks the queue manager to retry deferred mail now (postqueue -f), e.g. after the LMTP
// server came back; without it the instance retries within about two seconds anyway.
func (s *Server) Flush() error {
	out, err := exec.Command(command("postqueue"), "-c", s.confDir(), "-f").CombinedOutput()
	if err != nil {
		return fmt.Errorf("postqueue -f: %w: %s", err, out)
	}
	return nil
}

// Queued is one mail in the instance's queue (postqueue -j).
type Queued struct {
	Queue      string      `json:"queue_name"` // incoming, active, deferred, hold
	ID         string      `json:"queue_id"`
	Sender     string      `json:"sender"`
	Arrival    int64       `json:"arrival_time"` // Unix seconds
	Recipients []Recipient `json:"recipients"`
}

// Recipient is one recipient of a Queued mail; DelayReason says why it waits.
type Recipient struct {
	Address     string `json:"address"`
	DelayReason string `json:"delay_reason"`
}

// Queue lists the mails Postfix has not delivered yet: empty once everything is delivered or
// bounced; a deferred recipient carries the LMTP server's answer as DelayReason.
func (s *Server) Queue() ([]Queued, error) {
	cmd := exec.Command(command("postqueue"), "-c", s.confDir(), "-j")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("postqueue -j: %w", err)
	}
	var q []Queued
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m Queued
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("postqueue -j line %q: %w", sc.Text(), err)
		}
		q = append(q, m)
	}
	return q, sc.Err()
}

// WaitEmpty waits until the queue is empty (everything delivered or bounced) and returns an
// error naming what is still queued, and why, when timeout passes first.
func (s *Server) WaitEmpty(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		q, err := s.Queue()
		if err == nil && len(q) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return err
			}
			return fmt.Errorf("queue not empty after %v: %+v", timeout, q)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// toCRLF turns bare LF line endings into CRLF.
func toCRLF(raw []byte) []byte {
	if !bytes.Contains(raw, []byte("\n")) {
		return raw
	}
	out := make([]byte, 0, len(raw)+16)
	for i, c := range raw {
		if c == '\n' && (i == 0 || raw[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}
