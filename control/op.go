package control

import (
	"context"
	"encoding/json"
	"fmt"
	"net"

	"github.com/rs/zerolog"
)

// Op declares one operation of the control API with its argument and result types. It is
// declared once (by the daemon) and used by the server (Bind), by a typed client (Invoke) and
// by the offline path (Pipe), so a wrong name or type fails at compile time, not at 2 a.m.
type Op[A, R any] struct {
	Name string
	// Writes says the operation changes the store: run without a daemon, it needs the store
	// opened for writing, otherwise a read-only open will do.
	Writes bool
}

// StreamOp declares an operation that answers with a stream of items of type I, then a
// trailer of type T (for example the cursor of the next page).
type StreamOp[A, I, T any] struct {
	Name   string
	Writes bool
}

// Binding is an operation together with its handler, for Server.Register.
type Binding struct {
	name   string
	writes bool
	h      handler
}

// Name returns the operation's name.
func (b Binding) Name() string { return b.name }

// Writes reports whether the operation changes the store.
func (b Binding) Writes() bool { return b.writes }

// Bind pairs op with its handler.
func Bind[A, R any](op Op[A, R], f func(context.Context, A) (R, error)) Binding {
	return Binding{name: op.Name, writes: op.Writes, h: handler{plain: Func(f)}}
}

// BindStream pairs a streaming op with its handler, which calls emit once per item.
func BindStream[A, I, T any](op StreamOp[A, I, T], f func(context.Context, A, func(I) error) (T, error)) Binding {
	return Binding{name: op.Name, writes: op.Writes, h: handler{stream: func(ctx context.Context, raw json.RawMessage, emit func(any) error) (any, error) {
		a, err := decodeArgs[A](raw)
		if err != nil {
			return nil, err
		}
		return f(ctx, a, func(item I) error { return emit(item) })
	}}}
}

// Register adds the bindings; like Handle it panics on a duplicate name.
func (s *Server) Register(bs ...Binding) {
	for _, b := range bs {
		s.add(b.name, b.h)
	}
}

// Invoke calls op on c.
func Invoke[A, R any](ctx context.Context, c *Client, op Op[A, R], a A) (R, error) {
	var r R
	err := c.Call(ctx, op.Name, a, &r)
	return r, err
}

// InvokeStream calls a streaming op on c, passing each item to each as it arrives, and returns
// the trailer. An error from each ends the call (and the connection) with that error.
func InvokeStream[A, I, T any](ctx context.Context, c *Client, op StreamOp[A, I, T], a A, each func(I) error) (T, error) {
	var t T
	err := c.Stream(ctx, op.Name, a, func(raw json.RawMessage) error {
		var item I
		if err := json.Unmarshal(raw, &item); err != nil {
			return fmt.Errorf("control: %s: decode item: %w", op.Name, err)
		}
		return each(item)
	}, &t)
	return t, err
}

// Pipe serves the bindings in this process over a net.Pipe and returns a client for it: the
// same requests, answers and errors as through the daemon's socket, for when no daemon runs.
// Closing the client ends the server side.
func Pipe(ctx context.Context, log zerolog.Logger, bs ...Binding) *Client {
	s := NewServer(log)
	s.Register(bs...)
	cc, sc := net.Pipe()
	go s.ServeConn(ctx, sc)
	return NewClient(cc)
}
