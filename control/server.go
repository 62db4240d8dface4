package control

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rs/zerolog"
)

// Server answers requests on the control socket. Create it with Listen, register handlers
// with Handle, then run Serve.
type Server struct {
	path string
	ln   *net.UnixListener
	log  zerolog.Logger

	idleTimeout  time.Duration // between requests, and for reading one request line
	writeTimeout time.Duration // for writing one answer
	maxLine      int

	started   atomic.Bool
	wg        sync.WaitGroup // one per connection goroutine
	closeOnce sync.Once
	closeErr  error

	mu       sync.Mutex
	handlers map[string]handler
	conns    map[net.Conn]struct{}
	shutdown bool // set once Serve stops accepting; conns get no new read deadline
}

// NewServer returns a Server without a socket, logging to log with component=control: it
// serves connections handed to ServeConn, such as one end of a net.Pipe (see Pipe).
func NewServer(log zerolog.Logger) *Server {
	return &Server{
		log:          log.With().Str("component", "control").Logger(),
		idleTimeout:  5 * time.Minute,
		writeTimeout: time.Minute,
		maxLine:      MaxRequestSize,
		handlers:     make(map[string]handler),
		conns:        make(map[net.Conn]struct{}),
	}
}

// Listen creates the socket at path, born with mode 0600 (see bindPrivate), and returns a
// Server logging to log with component=control. A socket file already at path is removed when
// nothing answers on it (left by a crash); when something answers, Listen returns an error
// wrapping ErrRunning. Any other file at path is an error and is left alone.
func Listen(path string, log zerolog.Logger) (*Server, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	s := NewServer(log)
	if err := removeStale(path, s.log); err != nil {
		return nil, err
	}
	ln, err := bindPrivate(path)
	if err != nil {
		return nil, err
	}
	s.path, s.ln = path, ln
	return s, nil
}

// removeStale removes a socket at path that nobody answers on.
func removeStale(path string, log zerolog.Logger) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("control: %w", err)
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("control: %s exists and is not a socket; not removing it", path)
	}
	c, err := net.DialTimeout("unix", path, time.Second)
	switch {
	case err == nil:
		c.Close()
		return fmt.Errorf("control: %s: %w", path, ErrRunning)
	case errors.Is(err, syscall.EAGAIN) || errors.Is(err, os.ErrDeadlineExceeded):
		// A full accept backlog: someone listens but is busy.
		return fmt.Errorf("control: %s: %w", path, ErrRunning)
	case errors.Is(err, fs.ErrNotExist):
		return nil // removed meanwhile
	case !errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("control: check existing socket: %w", err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("control: remove stale socket: %w", err)
	}
	log.Info().Str("path", path).Msg("removed stale socket")
	return nil
}

// Handle registers h for op. Register before Serve. Handle panics when op is empty, h is nil or
// op already has a handler.
func (s *Server) Handle(op string, h HandlerFunc) {
	if h == nil {
		panic("control: Handle needs a handler")
	}
	s.add(op, handler{plain: h})
}

// HandleStream registers a streaming handler for op; see StreamFunc.
func (s *Server) HandleStream(op string, h StreamFunc) {
	if h == nil {
		panic("control: HandleStream needs a handler")
	}
	s.add(op, handler{stream: h})
}

func (s *Server) add(op string, h handler) {
	if op == "" {
		panic("control: a handler needs an op")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.handlers[op]; dup {
		panic(fmt.Sprintf("control: duplicate handler for op %q", op))
	}
	s.handlers[op] = h
}

func (s *Server) handler(op string) (handler, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.handlers[op]
	return h, ok
}

// ServeConn answers the requests on c until the client closes it, stays idle too long or ctx
// ends; it closes c. It is how a Server without socket serves (see Pipe).
func (s *Server) ServeConn(ctx context.Context, c net.Conn) {
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	s.wg.Add(1)
	stop := context.AfterFunc(ctx, func() { c.SetReadDeadline(time.Now()) })
	defer stop()
	s.serveConn(ctx, c)
}

// Path returns the socket's path.
func (s *Server) Path() string { return s.path }

// Close closes the listener and removes the socket file. It is for a daemon that fails to start
// after Listen; a running Serve treats it like the end of its context.
func (s *Server) Close() error {
	if s.ln == nil {
		return nil
	}
	s.closeOnce.Do(func() {
		s.closeErr = s.ln.Close()
		if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) && s.closeErr == nil {
			s.closeErr = err
		}
	})
	return s.closeErr
}

// Serve accepts connections until ctx is done or Close is called. Then it closes the listener
// (removing the socket file), cancels the context of the requests in flight, waits for them to
// be answered and for every connection to close, and returns nil. Serve may be called once.
func (s *Server) Serve(ctx context.Context) error {
	if s.started.Swap(true) {
		return errors.New("control: Serve called twice")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()

	s.log.Info().Str("path", s.path).Msg("listening")
	s.accept(ctx)

	cancel()
	s.Close()
	s.interruptConns()
	s.wg.Wait()
	s.log.Info().Msg("stopped")
	return nil
}

// accept runs connections until the listener is closed. Other accept errors (out of file
// descriptors) are logged and retried with backoff.
func (s *Server) accept(ctx context.Context) {
	var delay time.Duration
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			s.log.Error().Err(err).Dur("retry_in", delay).Msg("accept")
			select {
			case <-time.After(delay):
			case <-ctx.Done():
			}
			continue
		}
		delay = 0
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serveConn(ctx, c)
	}
}

// interruptConns makes every pending and future read fail at once, so idle connections close
// while requests in flight still get their answer written.
func (s *Server) interruptConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown = true
	for c := range s.conns {
		c.SetReadDeadline(time.Now())
	}
}

// armRead sets the read deadline for the next request; false means the server is shutting down.
// It holds mu so that it cannot undo interruptConns.
func (s *Server) armRead(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return false
	}
	c.SetReadDeadline(time.Now().Add(s.idleTimeout))
	return true
}

func (s *Server) dropConn(c net.Conn) {
	c.Close()
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}
