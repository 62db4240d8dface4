package dovecottest

import (
	"bytes"
	"testing"
	"time"
)

// TestLMTPPlusAddressToInbox: mail over LMTP to user+detail@domain lands in user's INBOX
// (recipient_delimiter = +, lmtp_save_to_detail_mailbox = no), not in a folder named after the
// detail and not refused as an unknown user; WaitMessage finds it.
func TestLMTPPlusAddressToInbox(t *testing.T) {
	t.Parallel()
	s := Start(t)
	const user = "support@helpdesk.test"
	s.AddUser(user, "geheim")
	rcpt := "support+t2026-000001.abc123@helpdesk.test"
	raw := testMail("kunde@example.com", rcpt, "plus")
	if err := s.DeliverLMTP("kunde@example.com", rcpt, raw); err != nil {
		t.Fatalf("DeliverLMTP(%s): %v", rcpt, err)
	}
	got, err := s.WaitMessage(user, "INBOX", 5*time.Second, func(m []byte) bool {
		return bytes.Contains(m, []byte("Subject: plus"))
	})
	if err != nil {
		t.Fatalf("WaitMessage: %v", err)
	}
	if !bytes.Contains(got, raw) {
		t.Errorf("INBOX message = %q, want it to contain the delivered mail %q", got, raw)
	}
	counts, err := s.Count(user)
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	if len(counts) != 1 || counts["INBOX"] != 1 {
		t.Errorf("Count(%s) = %v, want only INBOX: 1", user, counts)
	}
	if err := s.DeliverLMTP("kunde@example.com", "nobody+x@helpdesk.test", raw); err == nil {
		t.Error("DeliverLMTP to an unknown user's plus address succeeded, want a refusal")
	}
}

func TestWaitMessageTimesOut(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.AddUser("leer@helpdesk.test", "pw")
	start := time.Now()
	_, err := s.WaitMessage("leer@helpdesk.test", "Processed", 300*time.Millisecond, func([]byte) bool { return true })
	if err == nil {
		t.Fatal("WaitMessage on a missing mailbox returned a message, want a timeout error")
	}
	if d := time.Since(start); d < 300*time.Millisecond || d > 5*time.Second {
		t.Errorf("WaitMessage returned after %v, want about its 300 ms timeout", d)
	}
}
