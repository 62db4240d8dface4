package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// Call connects to the daemon at path, sends one request and decodes the result into result,
// which may be nil. It returns an error wrapping ErrNotRunning when nothing listens on path, a
// *RemoteError when the daemon answers with an error, and ctx's error when ctx ends first.
func Call(ctx context.Context, path, op string, args, result any) error {
	c, err := Dial(ctx, path)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Call(ctx, op, args, result)
}

// Client makes calls on one connection, one at a time. It is safe for concurrent use; calls are
// serialized.
type Client struct {
	conn net.Conn
	r    *bufio.Reader

	mu     sync.Mutex
	broken error // set after a failed exchange: the connection is out of step
}

// Dial connects to the daemon at path. It returns an error wrapping ErrNotRunning when there is
// no socket or nothing listens on it.
func Dial(ctx context.Context, path string) (*Client, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED) {
		return nil, fmt.Errorf("control: %w (nothing listens on %s)", ErrNotRunning, path)
	}
	if err != nil {
		return nil, fmt.Errorf("control: connect to %s: %w", path, err)
	}
	return NewClient(conn), nil
}

// NewClient returns a Client speaking on conn, which it owns from now on.
func NewClient(conn net.Conn) *Client {
	return &Client{conn: conn, r: bufio.NewReader(conn)}
}

// Close closes the connection.
func (c *Client) Close() error {
	return c.conn.Close()
}

// Call sends one request and decodes the result into result, which may be nil. Errors are as
// for the package's Call. After an error other than a *RemoteError the Client is unusable.
func (c *Client) Call(ctx context.Context, op string, args, result any) error {
	req, err := encodeRequest(op, args)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.broken != nil {
		return fmt.Errorf("control: %s: connection unusable after an earlier error: %w", op, c.broken)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("control: %s: %w", op, err)
	}
	line, err := c.exchange(ctx, op, req)
	if err != nil {
		c.broken = err
		return err
	}
	return decodeResponse(op, line, result)
}

// Stream sends one request for a streaming op, passes each item's JSON to each as it arrives
// and decodes the last line's result into trailer, which may be nil. An error from each stops
// reading; the connection is then unusable, as after any error but a *RemoteError.
func (c *Client) Stream(ctx context.Context, op string, args any, each func(json.RawMessage) error, trailer any) error {
	req, err := encodeRequest(op, args)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.broken != nil {
		return fmt.Errorf("control: %s: connection unusable after an earlier error: %w", op, c.broken)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("control: %s: %w", op, err)
	}
	deadline, _ := ctx.Deadline()
	c.conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { c.conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := c.conn.Write(req); err != nil {
		c.broken = c.ioError(ctx, op, "send request", err)
		return c.broken
	}
	for {
		line, err := readLine(c.r, maxResponseSize)
		if err != nil {
			c.broken = c.ioError(ctx, op, "read answer", err)
			return c.broken
		}
		if item, ok := itemOf(line); ok {
			if err := each(item); err != nil {
				c.broken = err
				return err
			}
			continue
		}
		if !stop() {
			c.broken = fmt.Errorf("control: %s: %w", op, ctx.Err())
		}
		return decodeResponse(op, line, trailer)
	}
}

// itemOf returns the item of a stream's item line {"item":...}.
func itemOf(line []byte) (json.RawMessage, bool) {
	const prefix = `{"item":`
	if len(line) <= len(prefix)+1 || string(line[:len(prefix)]) != prefix || line[len(line)-1] != '}' {
		return nil, false
	}
	return json.RawMessage(line[len(prefix) : len(line)-1]), true
}

// exchange writes req and reads the answer line, bounded by ctx.
func (c *Client) exchange(ctx context.Context, op string, req []byte) ([]byte, error) {
	deadline, _ := ctx.Deadline() // zero: none
	c.conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { c.conn.SetDeadline(time.Unix(1, 0)) })
	line, err := c.writeRead(ctx, op, req)
	if !stop() && err == nil {
		// ctx ended just as the answer came; the deadline it sets would break the next call.
		c.broken = fmt.Errorf("control: %s: %w", op, ctx.Err())
	}
	return line, err
}

func (c *Client) writeRead(ctx context.Context, op string, req []byte) ([]byte, error) {
	if _, err := c.conn.Write(req); err != nil {
		return nil, c.ioError(ctx, op, "send request", err)
	}
	line, err := readLine(c.r, maxResponseSize)
	if err != nil {
		return nil, c.ioError(ctx, op, "read answer", err)
	}
	return line, nil
}

// ioError explains a failed exchange; a timeout is reported as ctx's error.
func (c *Client) ioError(ctx context.Context, op, what string, err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		// The connection's deadline comes only from ctx, so ctx is done or about to be.
		select {
		case <-ctx.Done():
			return fmt.Errorf("control: %s: %w", op, ctx.Err())
		case <-time.After(time.Second):
		}
	}
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("control: %s: daemon closed the connection without answering", op)
	}
	return fmt.Errorf("control: %s: %s: %w", op, what, err)
}

func encodeRequest(op string, args any) ([]byte, error) {
	if op == "" {
		return nil, errors.New("control: empty op")
	}
	req := request{Op: op}
	if args != nil {
		b, err := json.Marshal(args)
		if err != nil {
			return nil, fmt.Errorf("control: %s: encode args: %w", op, err)
		}
		req.Args = b
	}
	b, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("control: %s: encode request: %w", op, err)
	}
	if len(b) > MaxRequestSize {
		return nil, fmt.Errorf("control: %s: request is %d bytes, over the limit of %d", op, len(b), MaxRequestSize)
	}
	return append(b, '\n'), nil
}

func decodeResponse(op string, line []byte, result any) error {
	var resp response
	if err := json.Unmarshal(line, &resp); err != nil {
		return fmt.Errorf("control: %s: bad answer from daemon: %w", op, err)
	}
	if !resp.OK {
		return &RemoteError{Code: resp.Code, Message: resp.Error}
	}
	if result == nil || len(resp.Result) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.Result, result); err != nil {
		return fmt.Errorf("control: %s: decode result: %w", op, err)
	}
	return nil
}
