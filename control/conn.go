package control

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"
	"time"
)

// serveConn answers the requests on c, one at a time, until the client closes it, stays idle
// too long, sends a line over the limit, or the server shuts down.
func (s *Server) serveConn(ctx context.Context, c net.Conn) {
	defer s.wg.Done()
	defer s.dropConn(c)
	defer func() {
		if v := recover(); v != nil {
			s.log.Error().Interface("panic", v).Str("stack", string(debug.Stack())).Msg("connection panicked")
		}
	}()
	r := bufio.NewReader(c)
	w := &lineWriter{c: c, w: bufio.NewWriterSize(c, 32<<10), timeout: s.writeTimeout}
	for s.armRead(c) {
		line, err := readLine(r, s.maxLine)
		if errors.Is(err, errTooLarge) {
			s.log.Debug().Int("limit", s.maxLine).Msg("request line too long, closing connection")
			msg := fmt.Sprintf("request line longer than %d bytes", s.maxLine)
			w.line(encode(failure(CodeTooLarge, msg)))
			w.flush()
			return
		}
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() == nil {
				s.log.Debug().Msg("connection idle too long, closing")
			} else if !errors.Is(err, io.EOF) && ctx.Err() == nil {
				s.log.Debug().Err(err).Msg("read request")
			}
			return
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		w.line(s.handleLine(ctx, line, w.item))
		if err := w.flush(); err != nil {
			s.log.Debug().Err(err).Msg("write answer")
			return
		}
	}
}

// lineWriter writes answer lines through a buffer, each write bounded by timeout. Once a write
// failed it keeps failing: the client is gone.
type lineWriter struct {
	c       net.Conn
	w       *bufio.Writer
	timeout time.Duration
	err     error
}

func (lw *lineWriter) line(b []byte) error {
	if lw.err != nil {
		return lw.err
	}
	lw.c.SetWriteDeadline(time.Now().Add(lw.timeout))
	if _, err := lw.w.Write(b); err != nil {
		lw.err = err
		return err
	}
	lw.err = lw.w.WriteByte('\n')
	return lw.err
}

// item writes one item line of a stream: {"item":...}.
func (lw *lineWriter) item(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode item: %w", err)
	}
	line := make([]byte, 0, len(b)+9)
	line = append(append(append(line, `{"item":`...), b...), '}')
	return lw.line(line)
}

func (lw *lineWriter) flush() error {
	if lw.err != nil {
		return lw.err
	}
	lw.c.SetWriteDeadline(time.Now().Add(lw.timeout))
	lw.err = lw.w.Flush()
	return lw.err
}

// handleLine answers one request line and logs it; a streaming op's items go to emit first.
// The args are never logged: they may hold secrets.
func (s *Server) handleLine(ctx context.Context, line []byte, emit func(any) error) []byte {
	start := time.Now()
	var req request
	var resp response
	if err := json.Unmarshal(line, &req); err != nil {
		resp = failure(CodeBadRequest, "bad request: "+err.Error())
	} else if req.Op == "" {
		resp = failure(CodeBadRequest, `bad request: missing "op"`)
	} else {
		resp = s.call(ctx, req, emit)
	}
	ev := s.log.Debug().Str("op", logOp(req.Op)).
		Float64("duration_ms", float64(time.Since(start).Microseconds())/1000)
	if !resp.OK {
		ev = ev.Str("error", resp.Error).Str("code", resp.Code)
	}
	ev.Msg("request")
	return encode(resp)
}

// call runs the handler for req. A panic in the handler, or in encoding its result, is logged
// and answered with "internal error".
func (s *Server) call(ctx context.Context, req request, emit func(any) error) (resp response) {
	h, ok := s.handler(req.Op)
	if !ok {
		return failure(CodeUnknownOp, fmt.Sprintf("unknown op %q", req.Op))
	}
	defer func() {
		if v := recover(); v != nil {
			s.log.Error().Str("op", req.Op).Interface("panic", v).
				Str("stack", string(debug.Stack())).Msg("handler panicked")
			resp = failure(CodeInternal, "internal error")
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := req.Args
	if len(args) == 0 {
		args = json.RawMessage("null")
	}
	var result any
	var err error
	if h.stream != nil {
		result, err = h.stream(ctx, args, emit)
	} else {
		result, err = h.plain(ctx, args)
	}
	if err != nil {
		return failure(errorCode(err), err.Error())
	}
	b, err := json.Marshal(result)
	if err != nil {
		s.log.Error().Str("op", req.Op).Err(err).Msg("encode result")
		return failure(CodeInternal, "internal error")
	}
	return response{OK: true, Result: b}
}

// encode marshals an answer; it cannot fail, as Result is already valid JSON.
func encode(resp response) []byte {
	b, err := json.Marshal(resp)
	if err != nil {
		b, _ = json.Marshal(failure(CodeInternal, "internal error"))
	}
	return b
}

// logOp bounds the length of a client-chosen op in the log.
func logOp(op string) string {
	const max = 64
	if len(op) > max {
		return op[:max] + "..."
	}
	return op
}
