package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

type ticket struct {
	ID      int      `json:"id"`
	Subject string   `json:"subject"`
	Tags    []string `json:"tags"`
}

type listArgs struct {
	State    string `json:"state"`
	Password string `json:"password"`
}

func registerTickets(s *Server) {
	s.Handle("ticket.list", Func(func(ctx context.Context, a listArgs) ([]ticket, error) {
		return []ticket{{ID: 1, Subject: "Drucker " + a.State, Tags: []string{"hw"}}}, nil
	}))
	s.Handle("ticket.get", Func(func(ctx context.Context, a struct{ ID int }) (*ticket, error) {
		if a.ID != 1 {
			return nil, fmt.Errorf("ticket %d: %w", a.ID, ErrNotFound)
		}
		return &ticket{ID: 1}, nil
	}))
}

func TestRoundTrip(t *testing.T) {
	ts := startServer(t, registerTickets)
	var got []ticket
	err := Call(context.Background(), ts.Path(), "ticket.list", listArgs{State: "open", Password: "hunter2"}, &got)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	want := []ticket{{ID: 1, Subject: "Drucker open", Tags: []string{"hw"}}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ticket.list = %v, want %v", got, want)
	}
	if err := Call(context.Background(), ts.Path(), "ticket.list", nil, nil); err != nil {
		t.Errorf("Call without args and result: %v", err)
	}

	ts.stop(t)
	logs := ts.logs.String()
	if strings.Contains(logs, "hunter2") {
		t.Errorf("log holds the args:\n%s", logs)
	}
	for _, want := range []string{`"component":"control"`, `"op":"ticket.list"`, `"duration_ms":`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

func TestErrorAnswers(t *testing.T) {
	ts := startServer(t, func(s *Server) {
		registerTickets(s)
		s.Handle("fail", func(context.Context, json.RawMessage) (any, error) {
			return nil, errors.New("mailbox locked")
		})
		s.Handle("conflict", func(context.Context, json.RawMessage) (any, error) {
			return nil, fmt.Errorf("close: %w", codeErr("conflict"))
		})
	})
	tests := []struct {
		op       string
		args     any
		code     string
		msg      string
		notFound bool
	}{
		{"ticket.nope", nil, CodeUnknownOp, `unknown op "ticket.nope"`, false},
		{"ticket.get", map[string]int{"id": 7}, CodeNotFound, "ticket 7: not found", true},
		{"ticket.get", map[string]string{"id": "x"}, CodeBadRequest, "bad args: ", false},
		{"ticket.get", map[string]int{"idd": 7}, CodeBadRequest, `bad args: json: unknown field "idd"`, false},
		{"fail", nil, "", "mailbox locked", false},
		{"conflict", nil, "conflict", "close: conflict happened", false},
	}
	for _, tt := range tests {
		err := Call(context.Background(), ts.Path(), tt.op, tt.args, nil)
		var re *RemoteError
		if !errors.As(err, &re) {
			t.Errorf("Call(%s, %v) = %v, want a *RemoteError", tt.op, tt.args, err)
			continue
		}
		if re.Code != tt.code || !strings.HasPrefix(re.Message, tt.msg) {
			t.Errorf("Call(%s, %v) = code %q message %q, want code %q message %q", tt.op, tt.args, re.Code, re.Message, tt.code, tt.msg)
		}
		if got := errors.Is(err, ErrNotFound); got != tt.notFound {
			t.Errorf("errors.Is(Call(%s, %v), ErrNotFound) = %v, want %v", tt.op, tt.args, got, tt.notFound)
		}
	}
}

type codeErr string

func (e codeErr) Error() string { return string(e) + " happened" }
func (e codeErr) Code() string  { return string(e) }

func TestHandlerPanicIsRecovered(t *testing.T) {
	ts := startServer(t, func(s *Server) {
		registerTickets(s)
		s.Handle("boom", func(context.Context, json.RawMessage) (any, error) { panic("nil map") })
		s.Handle("badresult", func(context.Context, json.RawMessage) (any, error) { return func() {}, nil })
	})
	c, err := Dial(context.Background(), ts.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, op := range []string{"boom", "badresult"} {
		err = c.Call(context.Background(), op, nil, nil)
		var re *RemoteError
		if !errors.As(err, &re) || re.Code != CodeInternal || re.Message != "internal error" {
			t.Errorf("Call(%s) = %#v, want internal error", op, err)
		}
	}
	// The same connection and new ones still work.
	if err := c.Call(context.Background(), "ticket.list", nil, nil); err != nil {
		t.Errorf("Call after panic on the same connection: %v", err)
	}
	if err := Call(context.Background(), ts.Path(), "ticket.list", nil, nil); err != nil {
		t.Errorf("Call after panic: %v", err)
	}
	logs := ts.logs.String()
	for _, want := range []string{`"level":"error","component":"control","op":"boom","panic":"nil map"`, `"op":"badresult"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

func TestWireFormat(t *testing.T) {
	ts := startServer(t, registerTickets)
	c, r := rawConn(t, ts.Path())
	tests := []struct{ in, want string }{
		{`{"op":"ticket.get","args":{"id":1}}`, `{"ok":true,"result":{"id":1,"subject":"","tags":null}}`},
		{`not json`, `{"ok":false,"error":"bad request: invalid character 'o' in literal null (expecting 'u')","code":"bad_request"}`},
		{`{"args":{}}`, `{"ok":false,"error":"bad request: missing \"op\"","code":"bad_request"}`},
		{"\n  \n" + `{"op":"ticket.get","args":{"id":2}}`, `{"ok":false,"error":"ticket 2: not found","code":"not_found"}`},
		{`{"op":"x"}`, `{"ok":false,"error":"unknown op \"x\"","code":"unknown_op"}`},
	}
	for _, tt := range tests {
		if got := exchange(t, c, r, tt.in); got != tt.want+"\n" {
			t.Errorf("answer to %q = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestOversizedRequest(t *testing.T) {
	ts := startServer(t, registerTickets)
	c, r := rawConn(t, ts.Path())
	go func() {
		// The server stops reading after the limit; this write may fail.
		line := `{"op":"ticket.list","args":"` + strings.Repeat("x", MaxRequestSize) + "\"}\n"
		c.Write([]byte(line))
	}()
	got, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("read answer: %v", err)
	}
	want := `{"ok":false,"error":"request line longer than 50331648 bytes","code":"too_large"}` + "\n"
	if got != want {
		t.Errorf("answer to an oversized line = %s, want %s", got, want)
	}
	if _, err := r.ReadString('\n'); err == nil {
		t.Errorf("connection still open after an oversized line")
	}
	if err := Call(context.Background(), ts.Path(), "ticket.list", nil, nil); err != nil {
		t.Errorf("Call after oversized line: %v", err)
	}

	// The client refuses to send one.
	err = Call(context.Background(), ts.Path(), "ticket.list", strings.Repeat("x", MaxRequestSize), nil)
	if err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("Call with oversized args = %v, want an error about the limit", err)
	}
}

func TestRequestJustUnderLimit(t *testing.T) {
	ts := startServer(t, func(s *Server) {
		s.Handle("len", Func(func(_ context.Context, a string) (int, error) { return len(a), nil }))
	})
	overhead := len(`{"op":"len","args":""}`)
	var n int
	if err := Call(context.Background(), ts.Path(), "len", strings.Repeat("x", MaxRequestSize-overhead), &n); err != nil {
		t.Fatalf("Call with a request of exactly MaxRequestSize bytes: %v", err)
	}
	if n != MaxRequestSize-overhead {
		t.Errorf("len = %d, want %d", n, MaxRequestSize-overhead)
	}
}

func TestIdleConnectionIsClosed(t *testing.T) {
	ts := startServer(t, func(s *Server) { s.idleTimeout = 50 * time.Millisecond })
	c, r := rawConn(t, ts.Path())
	c.Write([]byte(`{"op":"ticket.li`)) // a stuck client: half a line, then nothing
	start := time.Now()
	if _, err := r.ReadString('\n'); err != io.EOF {
		t.Errorf("read from idle connection = %v, want EOF", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("idle connection closed after %v, want about 50ms", d)
	}
}

func TestServeStops(t *testing.T) {
	started := make(chan struct{})
	var sawCancel bool
	ts := startServer(t, func(s *Server) {
		registerTickets(s)
		s.Handle("wait", func(ctx context.Context, _ json.RawMessage) (any, error) {
			close(started)
			<-ctx.Done()
			sawCancel = true
			return nil, ctx.Err()
		})
	})
	idle, _ := rawConn(t, ts.Path()) // an idle client must not hold Serve
	defer idle.Close()

	callErr := make(chan error, 1)
	go func() { callErr <- Call(context.Background(), ts.Path(), "wait", nil, nil) }()
	<-started
	if err := ts.stop(t); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	if !sawCancel {
		t.Errorf("handler in flight did not see its context cancelled before Serve returned")
	}
	// The request in flight still got its answer.
	var re *RemoteError
	if err := <-callErr; !errors.As(err, &re) || re.Message != "context canceled" {
		t.Errorf("Call in flight during shutdown = %v, want the handler's error", err)
	}
	if _, err := os.Lstat(ts.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket after Serve returned: Lstat = %v, want not exist", err)
	}
	if err := Call(context.Background(), ts.Path(), "ticket.list", nil, nil); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Call after shutdown = %v, want ErrNotRunning", err)
	}
}

func TestCloseStopsServe(t *testing.T) {
	ts := startServer(t, nil)
	if err := ts.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	select {
	case err := <-ts.done:
		ts.done <- err
		if err != nil {
			t.Errorf("Serve after Close = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after Close")
	}
	if _, err := os.Lstat(ts.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket after Close: Lstat = %v, want not exist", err)
	}
}

func TestListen(t *testing.T) {
	log := zerolog.Nop()

	t.Run("mode", func(t *testing.T) {
		s, err := Listen(socketPath(t), log)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		fi, err := os.Stat(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 || fi.Mode().Type() != fs.ModeSocket {
			t.Errorf("socket mode = %v, want socket with 0600", fi.Mode())
		}
	})

	t.Run("stale socket", func(t *testing.T) {
		path := socketPath(t)
		ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
		if err != nil {
			t.Fatal(err)
		}
		ln.SetUnlinkOnClose(false)
		ln.Close() // as after a crash: the file stays, nobody listens
		if _, err := os.Lstat(path); err != nil {
			t.Fatalf("stale socket missing: %v", err)
		}
		if err := Call(context.Background(), path, "x", nil, nil); !errors.Is(err, ErrNotRunning) {
			t.Errorf("Call on stale socket = %v, want ErrNotRunning", err)
		}
		s, err := Listen(path, log)
		if err != nil {
			t.Fatalf("Listen over a stale socket: %v", err)
		}
		s.Close()
	})

	t.Run("regular file", func(t *testing.T) {
		path := socketPath(t)
		if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
		if s, err := Listen(path, log); err == nil {
			s.Close()
			t.Fatal("Listen over a regular file succeeded, want an error")
		} else if !strings.Contains(err.Error(), "not a socket") {
			t.Errorf("Listen over a regular file = %v, want an error saying it is not a socket", err)
		}
		if b, err := os.ReadFile(path); err != nil || string(b) != "keep me" {
			t.Errorf("regular file after Listen = %q, %v; want it untouched", b, err)
		}
	})

	t.Run("running", func(t *testing.T) {
		ts := startServer(t, registerTickets)
		if s, err := Listen(ts.Path(), log); !errors.Is(err, ErrRunning) {
			if s != nil {
				s.Close()
			}
			t.Fatalf("second Listen = %v, want ErrRunning", err)
		}
		if err := Call(context.Background(), ts.Path(), "ticket.list", nil, nil); err != nil {
			t.Errorf("first server after a second Listen: %v", err)
		}
	})

	t.Run("path too long", func(t *testing.T) {
		path := "/tmp/" + strings.Repeat("d", 200) + "/ctl.sock"
		_, err := Listen(path, log)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "longer than") {
			t.Errorf("Listen(long path) = %v, want an error naming the path and the limit", err)
		}
		err = Call(context.Background(), path, "x", nil, nil)
		if err == nil || !strings.Contains(err.Error(), path) || errors.Is(err, ErrNotRunning) {
			t.Errorf("Call(long path) = %v, want an error naming the path", err)
		}
	})
}

func TestHandleDuplicatePanics(t *testing.T) {
	s, err := Listen(socketPath(t), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h := func(context.Context, json.RawMessage) (any, error) { return nil, nil }
	s.Handle("a", h)
	defer func() {
		if recover() == nil {
			t.Error("second Handle(a) did not panic")
		}
	}()
	s.Handle("a", h)
}

func TestConcurrentCalls(t *testing.T) {
	ts := startServer(t, func(s *Server) {
		s.Handle("double", Func(func(_ context.Context, n int) (int, error) { return 2 * n, nil }))
	})
	shared, err := Dial(context.Background(), ts.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer shared.Close()
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 25 {
				n := g*100 + i
				var got int
				var err error
				if i%2 == 0 {
					err = shared.Call(context.Background(), "double", n, &got)
				} else {
					err = Call(context.Background(), ts.Path(), "double", n, &got)
				}
				if err != nil || got != 2*n {
					t.Errorf("double(%d) = %d, %v; want %d", n, got, err, 2*n)
					return
				}
			}
		})
	}
	wg.Wait()
}
