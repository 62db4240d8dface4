package postfixtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// process is a running master and the process group it leads.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the master has exited
}

// startMaster runs `master -c confDir` as a child. The master makes itself a session and
// process group leader (setsid), so its group holds exactly its services; it must therefore
// not be started with Setpgid (setsid fails for a group leader, and the master gives up).
func startMaster(master, confDir string) (*process, error) {
	cmd := exec.Command(master, "-c", confDir)
	// A clean environment: the services run with whatever the master got.
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"}
	cmd.Dir = "/"
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", master, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// stop sends SIGTERM to the master (which passes it to its group and exits) and waits for the
// master and then for every live process of its group; after timeout the group is killed.
func (p *process) stop(timeout time.Duration) error {
	pid := p.cmd.Process.Pid
	deadline := time.Now().Add(timeout)
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal master %d: %w", pid, err)
	}
	select {
	case <-p.done:
	case <-time.After(timeout):
		p.killGroup()
		<-p.done
		return fmt.Errorf("master %d did not exit within %v; killed its group", pid, timeout)
	}
	// The services get SIGTERM from the master and exit at once; a delivery agent in the
	// middle of a write finishes it first.
	for groupAlive(pid) {
		if time.Now().After(deadline) {
			p.killGroup()
			return fmt.Errorf("services of master %d still running after %v; killed", pid, timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}

// killGroup ends the master's process group. The group ID is the master's PID only after its
// setsid; before that no group of that ID exists and the signal goes nowhere (ESRCH), so this
// never reaches the test's own group.
func (p *process) killGroup() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
}

// groupAlive reports whether a process of group pgid is still running. Zombies do not count:
// the services are orphaned when the master exits and are reaped by init, whenever it gets to
// it, but hold no port or file any more.
func groupAlive(pgid int) bool {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // exited meanwhile
		}
		state, group, ok := parseStat(stat)
		if ok && group == pgid && state != 'Z' && state != 'X' {
			return true
		}
	}
	return false
}

// parseStat reads state and process group from /proc/PID/stat: "pid (comm) S ppid pgrp ...".
// comm may contain spaces and parentheses, so the fields are counted from its last ')'.
func parseStat(stat []byte) (state byte, pgrp int, ok bool) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 3 || len(f[0]) != 1 {
		return 0, 0, false
	}
	g, err := strconv.Atoi(f[2])
	if err != nil {
		return 0, 0, false
	}
	return f[0][0], g, true
}

// errExited: the master ended during start. Errors it meets before its log service runs
// (a bad main.cf value, a taken port) go to syslog, which test machines often lack; Postfix's
// own log then says nothing.
var errExited = errors.New("the master exited during start (early errors go to syslog, not to its log)")

// waitGreeting dials addr until it sends an SMTP greeting, the deadline passes, or the master
// exits (a bad config or a taken port: the reason is in the log).
func waitGreeting(addr string, deadline time.Time, exited <-chan struct{}) error {
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errExited
		default:
		}
		if lastErr = readGreeting(addr); lastErr == nil {
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
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 256)
	n, err := conn.Read(buf)
	if err != nil {
		return fmt.Errorf("read greeting: %w", err)
	}
	if line := string(buf[:n]); !strings.HasPrefix(line, "220") {
		return fmt.Errorf("unexpected greeting %q", line)
	}
	_, _ = conn.Write([]byte("QUIT\r\n"))
	return nil
}
