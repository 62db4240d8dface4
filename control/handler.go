package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
)

// HandlerFunc answers one op. args is the request's "args" value, JSON null when absent. The
// result is encoded with encoding/json. An error is sent to the client as its message, with a
// code chosen by errorCode.
type HandlerFunc func(ctx context.Context, args json.RawMessage) (any, error)

// StreamFunc answers one op with a stream: every item passed to emit is sent at once as a line
// of its own, so neither side holds the whole answer; the result is the stream's last line. An
// error from emit means the client is gone: return it. An error after items were sent ends the
// stream with that error.
type StreamFunc func(ctx context.Context, args json.RawMessage, emit func(item any) error) (any, error)

// handler is one registered op: exactly one of plain and stream is set.
type handler struct {
	plain  HandlerFunc
	stream StreamFunc
}

// decodeArgs decodes a request's args into an A; an unknown field or a value of the wrong
// type is a *RemoteError with code "bad_request".
func decodeArgs[A any](raw json.RawMessage) (A, error) {
	var a A
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			return a, &RemoteError{Code: CodeBadRequest, Message: "bad args: " + err.Error()}
		}
	}
	return a, nil
}

// Func adapts f to a HandlerFunc: the args are decoded into an A, and an unknown field or a
// value of the wrong type is answered with code "bad_request" without calling f.
func Func[A, R any](f func(context.Context, A) (R, error)) HandlerFunc {
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		a, err := decodeArgs[A](raw)
		if err != nil {
			return nil, err
		}
		return f(ctx, a)
	}
}

// errorCode picks the code for a handler error: a *RemoteError's Code, else the Code() of an
// error in the chain that has one, else "not_found" for ErrNotFound, else none.
func errorCode(err error) string {
	var re *RemoteError
	if errors.As(err, &re) {
		return re.Code
	}
	var coder interface{ Code() string }
	if errors.As(err, &coder) {
		return coder.Code()
	}
	if errors.Is(err, ErrNotFound) {
		return CodeNotFound
	}
	return ""
}
