package control

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCallNotRunning(t *testing.T) {
	missing := socketPath(t)
	if err := Call(context.Background(), missing, "ticket.list", nil, nil); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Call without socket = %v, want ErrNotRunning", err)
	} else if !strings.Contains(err.Error(), missing) {
		t.Errorf("Call without socket = %v, want the path in the message", err)
	}
	noDir := filepath.Join(filepath.Dir(missing), "gone", "ctl.sock")
	if err := Call(context.Background(), noDir, "ticket.list", nil, nil); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Call without data directory = %v, want ErrNotRunning", err)
	}
}

func TestCallHonorsContext(t *testing.T) {
	ts := startServer(t, func(s *Server) {
		s.Handle("slow", func(ctx context.Context, _ json.RawMessage) (any, error) {
			select {
			case <-ctx.Done():
			case <-time.After(10 * time.Second):
			}
			return nil, nil
		})
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := Call(ctx, ts.Path(), "slow", nil, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Call past its deadline = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Call returned %v after a 50ms deadline", d)
	}

	ctx, cancel = context.WithCancel(context.Background())
	c, err := Dial(ctx, ts.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	time.AfterFunc(50*time.Millisecond, cancel)
	if err := c.Call(ctx, "slow", nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Call cancelled = %v, want context.Canceled", err)
	}
	if err := c.Call(context.Background(), "slow", nil, nil); err == nil || !strings.Contains(err.Error(), "unusable") {
		t.Errorf("Call on a connection after a cancelled call = %v, want an error", err)
	}
}

func TestRemoteErrorIs(t *testing.T) {
	tests := []struct {
		err  *RemoteError
		want bool
	}{
		{&RemoteError{Code: CodeNotFound, Message: "ticket 3: not found"}, true},
		{&RemoteError{Code: CodeUnknownOp, Message: "not found"}, false},
		{&RemoteError{Message: "not found"}, false},
	}
	for _, tt := range tests {
		if got := errors.Is(tt.err, ErrNotFound); got != tt.want {
			t.Errorf("errors.Is(%#v, ErrNotFound) = %v, want %v", tt.err, got, tt.want)
		}
	}
	if got := (&RemoteError{Code: "x"}).Error(); got == "" {
		t.Errorf("RemoteError without message has empty Error()")
	}
}

func TestBadAnswer(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"ok":true,"result":{"id":"x"}}`, "decode result"},
		{`garbage`, "bad answer"},
	}
	for _, tt := range tests {
		var got ticket
		err := decodeResponse("op", []byte(tt.in), &got)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("decodeResponse(%q) = %v, want an error containing %q", tt.in, err, tt.want)
		}
	}
}
