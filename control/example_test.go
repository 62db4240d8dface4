package control_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rs/zerolog"

	"helpdesk/control"
)

func Example() {
	dir, _ := os.MkdirTemp("", "ctl")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "control.sock")

	// In the daemon:
	srv, err := control.Listen(path, zerolog.Nop())
	if err != nil {
		fmt.Println(err)
		return
	}
	type getArgs struct {
		ID int `json:"id"`
	}
	srv.Handle("ticket.get", control.Func(func(ctx context.Context, a getArgs) (string, error) {
		if a.ID != 1 {
			return "", fmt.Errorf("ticket %d: %w", a.ID, control.ErrNotFound)
		}
		return "Drucker fällt aus", nil
	}))
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Serve(ctx) }()

	// In the CLI:
	var subject string
	err = control.Call(context.Background(), path, "ticket.get", getArgs{ID: 1}, &subject)
	fmt.Println(subject, err)
	err = control.Call(context.Background(), path, "ticket.get", getArgs{ID: 2}, &subject)
	fmt.Println(err, errors.Is(err, control.ErrNotFound))

	stop()
	<-done
	err = control.Call(context.Background(), path, "ticket.get", getArgs{ID: 1}, &subject)
	fmt.Println(errors.Is(err, control.ErrNotRunning))
	// Output:
	// Drucker fällt aus <nil>
	// ticket 2: not found true
	// true
}
