package relaytest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

func send(addr string) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.SendMail("a@x.test", []string{"b@y.test"}, strings.NewReader("Message-ID: <m1@x.test>\r\nSubject: hi\r\n\r\nbody\r\n"))
}

func TestRelayAcceptsFailsAndRestarts(t *testing.T) {
	var handed []string
	r, err := Start("127.0.0.1:0", func(from string, to []string, raw []byte) error {
		handed = append(handed, to...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := send(r.Addr()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.Wait(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if m := r.Messages(); len(m) != 1 || m[0].MessageID != "m1@x.test" || len(handed) != 1 {
		t.Fatalf("messages = %+v, handed = %v", m, handed)
	}
	r.SetFailing(451)
	var se *smtp.SMTPError
	if err := send(r.Addr()); err == nil || !errors.As(err, &se) || se.Code != 451 {
		t.Fatalf("failing relay: %v", err)
	}
	r.SetFailing(0)
	addr := r.Addr()
	r.Stop()
	if err := send(addr); err == nil {
		t.Fatal("stopped relay accepted mail")
	}
	if err := r.Restart(); err != nil {
		t.Fatal(err)
	}
	if r.Addr() != addr {
		t.Fatalf("address changed: %s -> %s", addr, r.Addr())
	}
	if err := send(addr); err != nil {
		t.Fatal(err)
	}
	if n := len(r.Messages()); n != 2 {
		t.Fatalf("accepted %d, want 2", n)
	}
}
