package control

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

type (
	sumArgs   struct{ A, B int }
	countArgs struct {
		N    int    `json:"n"`
		Fail string `json:"fail,omitempty"`
	}
	countEnd struct {
		Next int `json:"next"`
	}
)

var (
	opSum   = Op[sumArgs, int]{Name: "sum"}
	opCount = StreamOp[countArgs, string, countEnd]{Name: "count"}
)

func bindings() []Binding {
	return []Binding{
		Bind(opSum, func(_ context.Context, a sumArgs) (int, error) { return a.A + a.B, nil }),
		BindStream(opCount, func(_ context.Context, a countArgs, emit func(string) error) (countEnd, error) {
			for i := range a.N {
				if err := emit(fmt.Sprintf("item %d", i)); err != nil {
					return countEnd{}, err
				}
			}
			if a.Fail != "" {
				return countEnd{}, errors.New(a.Fail)
			}
			return countEnd{Next: a.N}, nil
		}),
	}
}

// The same typed calls work through a socket and through a pipe in this process.
func TestTypedOpsOverSocketAndPipe(t *testing.T) {
	ts := startServer(t, func(s *Server) { s.Register(bindings()...) })
	sock, err := Dial(context.Background(), ts.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	pipe := Pipe(context.Background(), zerolog.Nop(), bindings()...)
	defer pipe.Close()
	for name, c := range map[string]*Client{"socket": sock, "pipe": pipe} {
		if got, err := Invoke(context.Background(), c, opSum, sumArgs{2, 3}); err != nil || got != 5 {
			t.Errorf("%s: Invoke(sum 2 3) = %d, %v; want 5", name, got, err)
		}
		var items []string
		end, err := InvokeStream(context.Background(), c, opCount, countArgs{N: 1000}, func(s string) error {
			items = append(items, s)
			return nil
		})
		if err != nil || len(items) != 1000 || items[999] != "item 999" || end.Next != 1000 {
			t.Errorf("%s: InvokeStream(count 1000) = %d items, end %+v, %v", name, len(items), end, err)
		}
		// An error after some items ends the stream with that error; the connection stays usable.
		items = nil
		_, err = InvokeStream(context.Background(), c, opCount, countArgs{N: 2, Fail: "disk full"}, func(s string) error {
			items = append(items, s)
			return nil
		})
		var re *RemoteError
		if !errors.As(err, &re) || re.Message != "disk full" || len(items) != 2 {
			t.Errorf("%s: failing stream = %d items, %v; want 2 items and the remote error", name, len(items), err)
		}
		if got, err := Invoke(context.Background(), c, opSum, sumArgs{1, 1}); err != nil || got != 2 {
			t.Errorf("%s: call after a failed stream = %d, %v", name, got, err)
		}
	}
}

// A client that stops reading items mid-stream gets its own error back; the server notices the
// broken connection instead of blocking.
func TestStreamStoppedByClient(t *testing.T) {
	ts := startServer(t, func(s *Server) { s.Register(bindings()...) })
	c, err := Dial(context.Background(), ts.Path())
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("enough")
	n := 0
	_, err = InvokeStream(context.Background(), c, opCount, countArgs{N: 1 << 20}, func(string) error {
		if n++; n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("InvokeStream = %v, want the callback's error", err)
	}
	c.Close()
	ts.stop(t) // returns only when the stream's handler has given up
}

func TestItemOf(t *testing.T) {
	tests := []struct {
		line string
		item string
		ok   bool
	}{
		{`{"item":{"a":1}}`, `{"a":1}`, true},
		{`{"item":"x"}`, `"x"`, true},
		{`{"ok":true,"result":1}`, "", false},
		{`{"item":`, "", false},
		{`{"item":}`, "", false},
	}
	for _, tt := range tests {
		item, ok := itemOf([]byte(tt.line))
		if ok != tt.ok || string(item) != tt.item {
			t.Errorf("itemOf(%s) = %s, %v; want %s, %v", tt.line, item, ok, tt.item, tt.ok)
		}
	}
}

// The socket is born 0600: under umask 000, in a directory anyone may enter, another user
// never connects, not even in the moment between bind and chmod.
func TestSocketNeverConnectableByOthers(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("CI runs as root; this test needs root to try the socket as another user")
		}
		t.Skip("needs root to run a second process as another user (nobody)")
	}
	// t.TempDir's parent is private to us; this directory must be one anyone may enter.
	dir, err := os.MkdirTemp("", "control-perm-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "control.sock")
	// The test binary may sit in a directory nobody cannot enter: copy it out.
	bin := filepath.Join(dir, "control.test")
	if err := copyFile(os.Args[0], bin); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(bin, "-test.run=^TestHelperConnectLoop$")
	child.Env = append(os.Environ(), "CONTROL_TEST_CONNECT="+path)
	child.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out strings.Builder
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	deadline := time.Now().Add(2 * time.Second)
	restarts := 0
	for time.Now().Before(deadline) {
		s, err := Listen(path, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("socket mode after Listen = %v, %v; want 0600", fi.Mode(), err)
		}
		s.Close()
		restarts++
	}
	syscall.Umask(old)
	time.Sleep(50 * time.Millisecond)
	child.Process.Signal(syscall.SIGTERM)
	child.Wait()
	if strings.Contains(out.String(), "CONNECTED") {
		t.Fatalf("another user connected to the socket during %d restarts:\n%s", restarts, out.String())
	}
	var attempts int
	if m := regexp.MustCompile(`attempts (\d+)`).FindStringSubmatch(out.String()); m != nil {
		attempts, _ = strconv.Atoi(m[1])
	}
	if attempts == 0 {
		t.Fatalf("the other user's process never tried (output %q)", out.String())
	}
	t.Logf("%d restarts under umask 000, %d connection attempts by uid 65534, none connected", restarts, attempts)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 { // only the copied binary
		t.Errorf("left in the socket directory: %v", entries)
	}
}

// TestHelperConnectLoop is the other user's side of TestSocketNeverConnectableByOthers.
func TestHelperConnectLoop(t *testing.T) {
	path := os.Getenv("CONTROL_TEST_CONNECT")
	if path == "" {
		t.Skip("helper process of TestSocketNeverConnectableByOthers")
	}
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	go func() { time.Sleep(10 * time.Second); term <- syscall.SIGTERM }()
	attempts := 0
	defer func() { fmt.Printf("attempts %d\n", attempts) }()
	for {
		select {
		case <-term:
			return
		default:
		}
		attempts++
		c, err := net.Dial("unix", path)
		if err == nil {
			fmt.Println("CONNECTED")
			c.Close()
		}
		if attempts%1000 == 0 {
			if _, err := os.Stat(filepath.Dir(path)); err != nil {
				return
			}
		}
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
