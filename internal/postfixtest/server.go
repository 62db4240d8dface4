// Package postfixtest starts a private Postfix (Debian's package, 3.7) for integration tests:
// an SMTP listener on a free 127.0.0.1 port that accepts mail for given domains and delivers it
// over LMTP to a given address, typically a private Dovecot (internal/dovecottest). Config,
// queue, data and log live in a temporary directory of their own, so several instances run at
// once; each is stopped, and waited for, when its test ends.
//
// Postfix's master must run as root (it drops to the postfix user per service), so tests skip
// when Postfix is not installed or the test is not root, except under CI (env CI non-empty),
// where they fail. Install it with .ci/install-postfix.sh.
//
// The master runs as a child of the test (`master -c DIR`), not through `postfix start`: as root
// nothing then has to be listed in /etc/postfix/main.cf (alternate_config_directories is only
// checked for unprivileged callers), the system instance's files are never touched, and Stop
// can wait for the process it started.
package postfixtest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is one private Postfix instance.
type Server struct {
	Dir      string   // everything of this instance: conf/, queue/, data/, maillog
	SMTPAddr string   // 127.0.0.1:port where Postfix accepts mail (no TLS, no AUTH)
	LMTPAddr string   // host:port Postfix delivers to
	Domains  []string // the domains it accepts and delivers; mail to others is refused (554)

	master   string // path of the master binary
	settings [][2]string

	mu   sync.Mutex
	proc *process // nil while stopped
}

// Option changes how Start configures the instance.
type Option func(*Server)

// WithSetting adds a main.cf setting after the harness's own, so it wins over them
// (postconf(5): the last definition counts), e.g. WithSetting("message_size_limit", "100000").
func WithSetting(name, value string) Option {
	return func(s *Server) { s.settings = append(s.settings, [2]string{name, value}) }
}

// Start starts a private Postfix that accepts mail for domains on a free loopback port and
// delivers it to lmtpAddr (host:port) over LMTP. It is stopped and its directory removed when
// the test ends. Without Postfix or root it skips the test, or fails it when the environment
// variable CI is set: tests must never skip in CI.
func Start(t testing.TB, lmtpAddr string, domains []string, opts ...Option) *Server {
	t.Helper()
	master, why := available()
	if why != "" {
		if os.Getenv("CI") != "" {
			t.Fatal("postfixtest: " + why + " (CI is set, so this is a failure, not a skip)")
		}
		t.Skip("postfixtest: " + why)
	}
	if len(domains) == 0 {
		t.Fatal("postfixtest: Start needs at least one domain to deliver")
	}
	// Not t.TempDir: its 0700 parent would lock the postfix user out of the queue.
	dir, err := os.MkdirTemp("", "postfixtest-")
	if err != nil {
		t.Fatalf("postfixtest: %v", err)
	}
	s := &Server{Dir: dir, LMTPAddr: lmtpAddr, Domains: append([]string(nil), domains...), master: master}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("postfixtest: %v", err)
		}
		if t.Failed() {
			t.Logf("postfixtest: log of the failed test's Postfix:\n%s", s.LogTail(40))
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("postfixtest: remove %s: %v", dir, err)
		}
	})
	for _, o := range opts {
		o(s)
	}
	if err := s.prepare(); err != nil {
		t.Fatalf("postfixtest: %v", err)
	}
	if err := s.startFresh(); err != nil {
		t.Fatalf("postfixtest: %v\n%s", err, s.LogTail(40))
	}
	return s
}

// available returns the master binary, or why this machine cannot run a private Postfix.
func available() (master, why string) {
	const install = "run .ci/install-postfix.sh (apt-get install postfix, no system configuration)"
	if command("postconf") == "" || command("postqueue") == "" {
		return "", "postfix not installed (no postconf, postqueue): " + install
	}
	master = filepath.Join(daemonDir(), "master")
	if !isFile(master) {
		return "", fmt.Sprintf("postfix not installed (no %s): %s", master, install)
	}
	if os.Geteuid() != 0 {
		return "", "Postfix needs root: its master starts each service as root and drops to the postfix user"
	}
	return master, ""
}

// startFresh starts the instance on new ports. Between picking a free port and Postfix
// binding it another test may take the port; that failure is retried on other ports.
func (s *Server) startFresh() error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = s.pickPort(); err != nil {
			return err
		}
		if err = s.start(); !errors.Is(err, errPortTaken) {
			return err
		}
	}
	return err
}

// Restart stops and starts Postfix again: same port, same queue, so mail deferred while it was
// down is delivered afterwards.
func (s *Server) Restart() error {
	if err := s.Stop(); err != nil {
		return err
	}
	if err := s.start(); err != nil {
		return fmt.Errorf("%w\n%s", err, s.LogTail(20))
	}
	return nil
}

// start runs the master and waits until the SMTP port greets.
func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		return errors.New("postfix already running")
	}
	p, err := startMaster(s.master, s.confDir())
	if err != nil {
		return err
	}
	s.proc = p
	if err := waitGreeting(s.SMTPAddr, time.Now().Add(15*time.Second), p.done); err != nil {
		_ = s.stopLocked()
		if errors.Is(err, errExited) && !portFree(s.SMTPAddr) {
			err = errPortTaken
		}
		return fmt.Errorf("postfix did not come up on %s: %w", s.SMTPAddr, err)
	}
	return nil
}

// errPortTaken: the master gave up because something else listens on its port.
var errPortTaken = errors.New("port taken by another process")

func portFree(addr string) bool {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// Stop shuts Postfix down (SIGTERM to the master, which ends its services) and waits until
// the master and every service process have exited, so the port is free and the queue no
// longer written. The queue stays; Restart brings the instance back. Stopping a stopped
// instance is a no-op.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopLocked()
}

func (s *Server) stopLocked() error {
	if s.proc == nil {
		return nil
	}
	p := s.proc
	s.proc = nil
	if err := p.stop(10 * time.Second); err != nil {
		return fmt.Errorf("stop postfix: %w", err)
	}
	return nil
}

// Log returns Postfix's whole log (maillog_file): one line per event, e.g.
// "status=sent (250 2.0.0 <user@domain> ... Saved)" or "status=bounced (...)".
func (s *Server) Log() string {
	data, err := os.ReadFile(s.logPath())
	if err != nil {
		return ""
	}
	return string(data)
}

// LogTail returns the last n lines of Postfix's log, for failure messages.
func (s *Server) LogTail(n int) string {
	lines := strings.Split(strings.TrimRight(s.Log(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
