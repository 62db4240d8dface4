// Package dovecottest starts a private Dovecot 2.3 (IMAP, LMTP with Sieve)
// for integration tests: its own config, users, ports and mail under a
// temporary directory, stopped when the test ends. Tests skip when Dovecot is
// not installed, except under CI (env CI non-empty), where they fail.
//
// Install it with .ci/install-dovecot.sh or
// `apt-get install dovecot-imapd dovecot-lmtpd dovecot-sieve`.
package dovecottest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is one private Dovecot instance.
type Server struct {
	Dir      string // everything of this instance: config, users, mail, logs, sockets
	IMAPAddr string // 127.0.0.1:port of IMAP (plaintext, LOGIN/AUTH PLAIN allowed)
	LMTPAddr string // 127.0.0.1:port of LMTP (Sieve runs on delivery)

	// SubmissionHost is where Dovecot sends Sieve vacation replies and
	// redirects (SMTP); empty means such mail is dropped.
	SubmissionHost string

	t       testing.TB
	binary  string
	conf    string
	logPath string
	owner   owner

	mu    sync.Mutex
	users map[string]string // name -> password
	cmd   *exec.Cmd
	done  chan struct{} // closed when cmd has exited
}

// Option changes how Start configures the server.
type Option func(*Server)

// WithSubmissionHost makes Dovecot send vacation replies and other mail it
// generates by SMTP to addr (host:port), e.g. a go-smtp sink the test runs.
func WithSubmissionHost(addr string) Option {
	return func(s *Server) { s.SubmissionHost = addr }
}

// Binary returns the path of the dovecot binary, or "" when it is missing.
func Binary() string {
	if fi, err := os.Stat("/usr/sbin/dovecot"); err == nil && !fi.IsDir() {
		return "/usr/sbin/dovecot"
	}
	if p, err := exec.LookPath("dovecot"); err == nil {
		return p
	}
	return ""
}

// Start starts a private Dovecot and stops it (and removes its directory)
// when the test ends. Without Dovecot it skips the test, or fails it when
// the environment variable CI is set: tests must never skip in CI.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	bin := Binary()
	if bin == "" {
		const msg = "dovecot not installed: apt-get install dovecot-imapd dovecot-lmtpd dovecot-sieve"
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " (CI is set, so this is a failure, not a skip)")
		}
		t.Skip(msg)
	}
	own, err := currentOwner()
	if err != nil {
		t.Fatalf("dovecottest: %v", err)
	}
	// Not t.TempDir: its 0700 parent blocks the dovecot user, and its long
	// path can exceed the 108-byte limit of unix socket names.
	dir, err := os.MkdirTemp("", "dovecottest-")
	if err != nil {
		t.Fatalf("dovecottest: %v", err)
	}
	s := &Server{
		Dir:     dir,
		t:       t,
		binary:  bin,
		conf:    filepath.Join(dir, "dovecot.conf"),
		logPath: filepath.Join(dir, "dovecot.log"),
		owner:   own,
		users:   make(map[string]string),
	}
	t.Cleanup(func() {
		s.kill() // the data goes away with it, so no graceful shutdown (it costs 1 s)
		if t.Failed() {
			t.Logf("dovecottest: log of the failed test's Dovecot:\n%s", s.logTail(40))
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("dovecottest: remove %s: %v", dir, err)
		}
	})
	for _, o := range opts {
		o(s)
	}
	if err := s.prepare(); err != nil {
		t.Fatalf("dovecottest: %v", err)
	}
	if err := s.start(); err != nil {
		t.Fatalf("dovecottest: %v\n%s", err, s.logTail(40))
	}
	return s
}

// prepare picks ports and writes the directories, users file and config.
func (s *Server) prepare() error {
	if err := os.Chmod(s.Dir, 0o755); err != nil {
		return fmt.Errorf("chmod %s: %w", s.Dir, err)
	}
	for _, sub := range []string{"run", "state", "mail"} {
		if err := s.owner.mkdir(filepath.Join(s.Dir, sub), 0o755); err != nil {
			return err
		}
	}
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	s.IMAPAddr = fmt.Sprintf("127.0.0.1:%d", ports[0])
	s.LMTPAddr = fmt.Sprintf("127.0.0.1:%d", ports[1])
	if err := s.writeUsers(); err != nil {
		return err
	}
	return s.writeConfig()
}

// Restart stops and starts Dovecot again: same ports, same users, same mail.
func (s *Server) Restart() error {
	if err := s.Stop(); err != nil {
		return err
	}
	if err := s.start(); err != nil {
		return fmt.Errorf("%w\n%s", err, s.logTail(20))
	}
	return nil
}

// start runs `dovecot -F -c conf` and waits until IMAP and LMTP answer.
func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return errors.New("dovecot already running")
	}
	logFile, err := os.OpenFile(filepath.Join(s.Dir, "dovecot.out"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open output file: %w", err)
	}
	defer logFile.Close() // the child keeps its own descriptor
	cmd := exec.Command(s.binary, "-F", "-c", s.conf)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so Stop can end the whole group
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", s.binary, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	s.cmd, s.done = cmd, done
	deadline := time.Now().Add(15 * time.Second)
	for _, addr := range []string{s.IMAPAddr, s.LMTPAddr} {
		if err := waitGreeting(addr, deadline, done); err != nil {
			s.stopLocked()
			return fmt.Errorf("dovecot did not come up on %s: %w", addr, err)
		}
	}
	return nil
}

// Stop shuts Dovecot down gracefully (SIGTERM; SIGKILL to its process group
// after 10 s), which takes about a second. Data stays; Restart brings it
// back. Stopping a stopped server is a no-op.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopLocked()
}

func (s *Server) stopLocked() error {
	if s.cmd == nil {
		return nil
	}
	cmd, done := s.cmd, s.done
	s.cmd, s.done = nil, nil
	pid := cmd.Process.Pid
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal dovecot %d: %w", pid, err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-done
		return fmt.Errorf("dovecot %d did not stop within 10 s; killed", pid)
	}
	// The master ends its children; make sure none is left holding a port.
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	return nil
}

// kill ends Dovecot's whole process group at once.
func (s *Server) kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
	s.cmd, s.done = nil, nil
}

// waitGreeting dials addr until it sends a greeting line, the deadline
// passes, or the process exits.
func waitGreeting(addr string, deadline time.Time, exited <-chan struct{}) error {
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("dovecot exited")
		default:
		}
		lastErr = readGreeting(addr)
		if lastErr == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return lastErr
}

func readGreeting(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 256)
	n, err := conn.Read(buf)
	if err != nil {
		return fmt.Errorf("read greeting: %w", err)
	}
	if line := string(buf[:n]); !strings.HasPrefix(line, "* OK") && !strings.HasPrefix(line, "220") {
		return fmt.Errorf("unexpected greeting %q", line)
	}
	return nil
}

// freePorts returns n distinct free loopback TCP ports.
func freePorts(n int) ([]int, error) {
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find free port: %w", err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// logTail returns the last n lines of Dovecot's log and output.
func (s *Server) logTail(n int) string {
	var b strings.Builder
	for _, p := range []string{s.logPath, filepath.Join(s.Dir, "dovecot.out")} {
		data, err := os.ReadFile(p)
		if err != nil || len(data) == 0 {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
		if len(lines) > n {
			lines = lines[len(lines)-n:]
		}
		fmt.Fprintf(&b, "--- %s\n%s\n", filepath.Base(p), strings.Join(lines, "\n"))
	}
	return b.String()
}
