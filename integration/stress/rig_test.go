package stress

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"helpdesk/config"
	"helpdesk/control"
	"helpdesk/daemon"
	"helpdesk/internal/dovecottest"
	"helpdesk/internal/relaytest"
)

const (
	supportUser     = "support@example.test"
	supportPassword = "stress-secret"
	processedFolder = "Processed"
	setAsideFolder  = "Set aside"
)

// rig is one Dovecot with the support mailbox, one relay, and a data_dir for child daemons.
type rig struct {
	t       testing.TB
	dc      *dovecottest.Server
	relay   *relaytest.Relay
	dataDir string // short, for the control socket (at most 107 bytes)
	workDir string // specs and logs
	n       int    // children started, for log and profile names
}

func newRig(t testing.TB) *rig {
	t.Helper()
	dc := dovecottest.Start(t)
	dc.AddUser(supportUser, supportPassword)
	// Strict like Python's smtpd: a second EHLO on a connection is refused, as some relays do.
	relay, err := relaytest.StartWith("127.0.0.1:0", relaytest.Options{StrictHelo: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relay.Close() })
	r := &rig{t: t, dc: dc, relay: relay, workDir: t.TempDir()}
	r.dataDir = r.newDataDir()
	return r
}

// newDataDir returns a new empty data_dir under os.TempDir, removed at the end of the test.
func (r *rig) newDataDir() string {
	dir, err := os.MkdirTemp("", "hd")
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// config is the daemon configuration for the rig: plain IMAP and SMTP on loopback, logging at
// warn, the flood limit left at its default (every test sender is a different address).
func (r *rig) config(dataDir string, batch int) *config.Config {
	r.t.Helper()
	cfg := config.Default()
	cfg.DataDir = dataDir
	cfg.Support.Address = supportUser
	cfg.IMAP.Address = r.dc.IMAPAddr
	cfg.IMAP.Security = config.SecurityNone
	cfg.IMAP.Username = supportUser
	cfg.IMAP.Password = supportPassword
	cfg.IMAP.ProcessedFolder = processedFolder
	cfg.IMAP.SetAsideFolder = setAsideFolder
	cfg.IMAP.BatchSize = batch
	cfg.SMTP.Address = r.relay.Addr()
	cfg.SMTP.Security = config.SecurityNone
	cfg.Log.Level = "warn"
	// Thousands of senders outside the directory: the global flood limit would hold back
	// the confirmations these tests count.
	cfg.Policy.AutoToUnknownPerHour = 1 << 30
	if err := cfg.Validate(); err != nil {
		r.t.Fatalf("config: %v", err)
	}
	return cfg
}

// spec returns a spec for cfg with the log (and profiles, when asked for by the environment)
// named after phase.
func (r *rig) spec(phase string, cfg *config.Config) *childSpec {
	s := &childSpec{Config: cfg, LogFile: filepath.Join(r.workDir, phase+".log")}
	if p := os.Getenv("HELPDESK_STRESS_CPUPROFILE"); p != "" {
		s.CPUProfile = p + "-" + phase + ".pprof"
	}
	if p := os.Getenv("HELPDESK_STRESS_MEMPROFILE"); p != "" {
		s.MemProfile = p + "-" + phase + ".pprof"
	}
	if p := os.Getenv("HELPDESK_STRESS_TRACE"); p != "" {
		s.Trace = p + "-" + phase + ".trace"
	}
	return s
}

// child is a running daemon process.
type child struct {
	t       testing.TB
	cmd     *exec.Cmd
	spec    *childSpec
	started time.Time
	done    chan struct{} // closed when the process has exited
	err     error         // of Wait, valid after done
}

// start runs a child daemon with spec.
func (r *rig) start(spec *childSpec) *child {
	r.t.Helper()
	r.n++
	data, err := json.Marshal(spec)
	if err != nil {
		r.t.Fatal(err)
	}
	path := filepath.Join(r.workDir, fmt.Sprintf("spec-%d.json", r.n))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		r.t.Fatal(err)
	}
	out, err := os.OpenFile(spec.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		r.t.Fatal(err)
	}
	defer out.Close() // the child has its own descriptor
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+path)
	cmd.Stdout, cmd.Stderr = out, out
	c := &child{t: r.t, cmd: cmd, spec: spec, done: make(chan struct{})}
	c.started = time.Now()
	if err := cmd.Start(); err != nil {
		r.t.Fatalf("start child daemon: %v", err)
	}
	go func() {
		c.err = cmd.Wait()
		close(c.done)
	}()
	r.t.Cleanup(func() {
		if !c.exited() {
			c.kill()
		}
	})
	return c
}

func (c *child) pid() int { return c.cmd.Process.Pid }

func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// kill ends the child with SIGKILL and waits for it.
func (c *child) kill() {
	c.t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		c.t.Errorf("kill child %d: %v", c.pid(), err)
	}
	<-c.done
}

// stop ends the child with SIGTERM and fails the test unless it exits with status 0 in time
// (a data race found in a -race child is exit status 66).
func (c *child) stop() {
	c.t.Helper()
	if c.exited() {
		c.t.Fatalf("child daemon %d exited early: %v\n%s", c.pid(), c.err, c.logTail(30))
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		c.t.Fatalf("signal child %d: %v", c.pid(), err)
	}
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		c.kill()
		c.t.Fatalf("child daemon %d did not stop within 30 s of SIGTERM\n%s", c.pid(), c.logTail(30))
	}
	if c.err != nil {
		c.t.Fatalf("child daemon %d: %v\n%s", c.pid(), c.err, c.logTail(60))
	}
}

// logTail returns the last n lines of the child's log.
func (c *child) logTail(n int) string {
	data, err := os.ReadFile(c.spec.LogFile)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "--- " + c.spec.LogFile + "\n" + strings.Join(lines, "\n")
}

// procStatus returns a field of /proc/<pid>/status in KiB (VmHWM: peak resident set size).
func (c *child) procStatus(field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", c.pid()))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %q: %w", field, val, err)
		}
		return kb, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, c.pid())
}

// status asks the child for its status over the control socket.
func (c *child) status() (daemon.StatusResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var st daemon.StatusResult
	err := control.Call(ctx, c.spec.Config.ControlSocket(), "status", nil, &st)
	return st, err
}

// waitFor polls cond every interval until it returns true, the child exits or the timeout
// passes; it fails the test in the latter two cases. cond's error ends the wait too.
func (c *child) waitFor(what string, timeout, interval time.Duration, cond func() (bool, error)) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for {
		ok, err := cond()
		if ok {
			return
		}
		if err != nil {
			last = err
		}
		if c.exited() {
			c.t.Fatalf("waiting for %s: child daemon exited: %v\n%s", what, c.err, c.logTail(30))
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waiting for %s: not within %v (last error: %v)\n%s", what, timeout, last, c.logTail(30))
		}
		time.Sleep(interval)
	}
}

// waitIdle waits until the child's intake is in IDLE with nothing pending in the outbox.
func (c *child) waitIdle(timeout time.Duration) {
	c.t.Helper()
	c.waitFor("the daemon to idle", timeout, 20*time.Millisecond, func() (bool, error) {
		st, err := c.status()
		return err == nil && st.IMAPIdle && st.OutboxPending == 0, err
	})
}

// counts returns the number of mails per folder of the support mailbox.
func (r *rig) counts() (map[string]int, error) { return r.dc.Count(supportUser) }
