package tenyears

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"helpdesk/control"
	"helpdesk/daemon"
)

// buildHelpdesk builds the helpdesk binary into dir.
func buildHelpdesk(tb testing.TB, dir string) string {
	tb.Helper()
	bin := filepath.Join(dir, "helpdesk")
	cmd := exec.Command("go", "build", "-o", bin, "helpdesk/cmd/helpdesk")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serve is a running `helpdesk serve`.
type serve struct {
	tb     testing.TB
	cmd    *exec.Cmd
	socket string
	log    string
	done   chan struct{}
	err    error
}

// startServe starts bin serve with cfg, logging to logFile.
func startServe(tb testing.TB, bin, cfg, socket, logFile string) *serve {
	tb.Helper()
	out, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	s := &serve{tb: tb, socket: socket, log: logFile, done: make(chan struct{})}
	s.cmd = exec.Command(bin, "serve", "-config", cfg)
	s.cmd.Stdout, s.cmd.Stderr = out, out
	if err := s.cmd.Start(); err != nil {
		tb.Fatalf("start helpdesk serve: %v", err)
	}
	go func() { s.err = s.cmd.Wait(); close(s.done) }()
	tb.Cleanup(func() {
		select {
		case <-s.done:
		default:
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// waitAnswers polls the control socket until status answers and returns how long that took
// since the process started.
func (s *serve) waitAnswers(started time.Time, timeout time.Duration) time.Duration {
	s.tb.Helper()
	for deadline := time.Now().Add(timeout); ; {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		var st daemon.StatusResult
		err := control.Call(ctx, s.socket, daemon.Status.Name, nil, &st)
		cancel()
		if err == nil {
			return time.Since(started)
		}
		select {
		case <-s.done:
			s.tb.Fatalf("helpdesk serve exited: %v\n%s", s.err, tail(s.log, 30))
		default:
		}
		if time.Now().After(deadline) {
			s.tb.Fatalf("the control socket did not answer within %v: %v\n%s", timeout, err, tail(s.log, 30))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// stop ends the daemon with SIGTERM and waits for it.
func (s *serve) stop() {
	s.tb.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		s.tb.Fatalf("helpdesk serve did not stop within 60 s of SIGTERM\n%s", tail(s.log, 30))
	}
	if s.err != nil {
		s.tb.Fatalf("helpdesk serve: %v\n%s", s.err, tail(s.log, 30))
	}
}

// memory is what /proc/PID/status says of the daemon's resident memory, in KiB.
type memory struct{ anon, file int64 }

func (s *serve) memory() memory {
	s.tb.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		s.tb.Fatal(err)
	}
	defer f.Close()
	var m memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, val, _ := strings.Cut(sc.Text(), ":")
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		switch name {
		case "RssAnon":
			m.anon = kb
		case "RssFile":
			m.file = kb
		}
	}
	return m
}

// timed runs bin with args n times and returns the median wall time of one run and the
// bytes the last run printed. A run that fails fails the benchmark.
func timed(tb testing.TB, n int, bin string, args ...string) (time.Duration, int64) {
	tb.Helper()
	var times []time.Duration
	var size int64
	for range n {
		cmd := exec.Command(bin, args...)
		counter := &countWriter{}
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = counter, &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			tb.Fatalf("helpdesk %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		times = append(times, time.Since(start))
		size = counter.n
	}
	slices.Sort(times)
	return times[len(times)/2], size
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
