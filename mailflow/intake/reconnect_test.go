package intake

import (
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
)

// proxy forwards TCP connections to target. down closes the listener and every connection
// (the server "goes away"); up listens again on the same address (a new server comes up).
type proxy struct {
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	p := &proxy{target: target, conns: make(map[net.Conn]struct{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(func() {
		p.down()
		p.wg.Wait()
	})
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.forward(c)
		}
	}()
}

func (p *proxy) forward(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[s] = struct{}{}, struct{}{}
	p.mu.Unlock()
	pipe := func(dst, src net.Conn) {
		defer p.wg.Done()
		io.Copy(dst, src)
		dst.Close()
		src.Close()
	}
	p.wg.Add(2)
	go pipe(s, c)
	go pipe(c, s)
}

func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *proxy) up(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

func TestReconnectAfterServerLossFinishesTheWork(t *testing.T) {
	s := newServer(t, fullCaps)
	for i := 1; i <= 4; i++ {
		s.append(t, "INBOX", mail(i, 200))
	}
	p := newProxy(t, s.addr)
	cfg := testConfig(t, s)
	cfg.Address = p.addr
	cfg.BatchSize = 2

	rec := &recorder{}
	rec.decide = func(n int, batch []*Fetched) (map[imap.UID]string, error) {
		if n == 0 {
			p.down() // committed, but the server vanishes before the move
		}
		dest := map[imap.UID]string{}
		for _, f := range batch {
			dest[f.UID] = "Processed"
		}
		return dest, nil
	}
	in := start(t, cfg, rec)
	eventually(t, "the session to notice the loss", func() bool {
		st := in.Status()
		return !st.Connected && st.LastError != ""
	})
	if got := s.count(t, "INBOX"); got != 4 {
		t.Errorf("INBOX holds %d mails while the server is away, want 4", got)
	}
	p.up(t)
	eventually(t, "INBOX to be emptied after reconnecting", func() bool { return s.count(t, "INBOX") == 0 })

	if got := s.count(t, "Processed"); got != 4 {
		t.Errorf("Processed holds %d mails, want 4", got)
	}
	calls := rec.snapshot()
	seen := map[imap.UID]int{}
	for _, c := range calls {
		for _, uid := range c {
			seen[uid]++
		}
	}
	// UIDs 1 and 2 were committed but not moved: they are handed over again (the Handler
	// dedupes). 3 and 4 were fetched ahead while 1 and 2 were handled: depending on whether that
	// fetch finished before the loss they were committed (and are handed over again) or not.
	for uid, want := range map[imap.UID][2]int{1: {2, 2}, 2: {2, 2}, 3: {1, 2}, 4: {1, 2}} {
		if n := seen[uid]; n < want[0] || n > want[1] {
			t.Errorf("uid %d handed over %d times, want %d to %d (calls %v)", uid, n, want[0], want[1], calls)
		}
	}
	if !in.Status().Connected {
		t.Errorf("Status().Connected = false after reconnecting")
	}
}
