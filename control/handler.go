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

// Func adapts f to a HandlerFunc: the args are decoded into an A, and an unknown field or a
// value of the wrong type is answered with code "bad_request" without calling f.
func Func[A, R any](f func(context.Context, A) (R, error)) HandlerFunc {
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		var a A
		if len(raw) > 0 {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&a); err != nil {
				return nil, &RemoteError{Code: CodeBadRequest, Message: "bad args: " + err.Error()}
			}
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
