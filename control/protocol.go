package control

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
)

// MaxRequestSize is the longest request line, without its newline, that the server reads.
const MaxRequestSize = 48 << 20 // room for "mail classify" of a large .eml (base64 in JSON)

// maxResponseSize bounds an answer line read by the client; the daemon is trusted, so this only
// stops a runaway.
const maxResponseSize = 256 << 20

// Codes sent in the "code" field of an error answer. Handlers may send their own codes through
// an error with a Code() string method or a *RemoteError.
const (
	CodeUnknownOp  = "unknown_op"
	CodeNotFound   = "not_found"
	CodeBadRequest = "bad_request" // the line is not a request, or Func could not decode the args
	CodeTooLarge   = "too_large"   // the line exceeds MaxRequestSize; the server then closes the connection
	CodeInternal   = "internal"    // a handler panicked or its result could not be encoded
)

var (
	// ErrNotRunning is returned (wrapped) by Call and Dial when nothing listens on the socket.
	ErrNotRunning = errors.New("daemon not running")
	// ErrRunning is returned (wrapped) by Listen when another process answers on the socket.
	ErrRunning = errors.New("daemon already running")
	// ErrNotFound is wrapped by handlers for a missing object; the answer gets code "not_found",
	// and the client's *RemoteError matches it with errors.Is.
	ErrNotFound = errors.New("not found")
)

// RemoteError is an error answer from the server. Handlers may also return one to choose the
// code sent.
type RemoteError struct {
	Code    string // machine-readable, may be empty; see the Code constants
	Message string // the handler's error message
}

// Error returns the message as the handler wrote it.
func (e *RemoteError) Error() string {
	if e.Message == "" {
		return "remote error " + e.Code
	}
	return e.Message
}

// Is reports whether target is ErrNotFound and the code is "not_found".
func (e *RemoteError) Is(target error) bool {
	return target == ErrNotFound && e.Code == CodeNotFound
}

type request struct {
	Op   string          `json:"op"`
	Args json.RawMessage `json:"args,omitempty"`
}

type response struct {
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
	Code   string          `json:"code,omitempty"`
}

func failure(code, msg string) response {
	return response{Error: msg, Code: code}
}

var errTooLarge = errors.New("line too long")

// readLine returns the next line from r without its newline. A last line without newline is
// returned as is; io.EOF comes only when no byte is left. A line longer than max bytes yields
// errTooLarge, with the rest of the line unread.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		frag, err := r.ReadSlice('\n')
		if err == nil {
			frag = frag[:len(frag)-1]
		}
		if len(line)+len(frag) > max {
			return nil, errTooLarge
		}
		line = append(line, frag...)
		switch {
		case err == nil:
			return line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(line) > 0:
			return line, nil
		default:
			return nil, err
		}
	}
}

// maxPathLen is the longest socket path the kernel takes: sockaddr_un.sun_path holds 108 bytes
// on Linux and 104 on the BSDs and macOS, including the terminating NUL.
func maxPathLen() int {
	if runtime.GOOS == "linux" {
		return 107
	}
	return 103
}

// checkPath rejects a path the kernel would refuse, before net.Listen or net.Dial report an
// opaque "invalid argument".
func checkPath(path string) error {
	if path == "" {
		return errors.New("control: empty socket path")
	}
	if n, max := len(path), maxPathLen(); n > max {
		return fmt.Errorf("control: socket path %s is %d bytes, longer than the %d bytes unix sockets allow; use a shorter data directory", path, n, max)
	}
	return nil
}
