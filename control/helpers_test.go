package control

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// logBuf collects log lines from several goroutines.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// socketPath returns a socket path in a fresh directory short enough for sun_path, which
// t.TempDir (with the test's name in it) may not be.
func socketPath(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "ctl.sock")
}

type testServer struct {
	*Server
	logs   *logBuf
	cancel context.CancelFunc
	done   chan error
}

// startServer listens on a fresh path, lets setup register handlers and tune the server, and
// runs Serve until the test ends.
func startServer(t *testing.T, setup func(*Server)) *testServer {
	t.Helper()
	logs := &logBuf{}
	s, err := Listen(socketPath(t), zerolog.New(logs).Level(zerolog.DebugLevel))
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	if setup != nil {
		setup(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{Server: s, logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- s.Serve(ctx) }()
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

// stop cancels Serve and waits for it to return.
func (ts *testServer) stop(t *testing.T) error {
	t.Helper()
	ts.cancel()
	select {
	case err := <-ts.done:
		ts.done <- err // for a second stop
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return 5s after its context was cancelled")
		return nil
	}
}

// rawConn connects to ts without the Client, for tests of the wire format.
func rawConn(t *testing.T, path string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(time.Minute)) // a hang guard: the 48 MiB case is slow under -race on a busy machine
	return c, bufio.NewReader(c)
}

// exchange writes line and returns the answer line.
func exchange(t *testing.T, c net.Conn, r *bufio.Reader, line string) string {
	t.Helper()
	if _, err := c.Write([]byte(line + "\n")); err != nil {
		t.Fatalf("write %q: %v", line, err)
	}
	got, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("read answer to %q: %v", line, err)
	}
	return got
}
