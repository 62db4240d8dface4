package devmail

import (
	"sync"
	"time"

	"github.com/emersion/go-imap/v2/imapserver"
)

// idlePollInterval bounds how late an IDLE client hears of changes that did
// not come from a delivery (e.g. another IMAP session moving mail).
const idlePollInterval = 100 * time.Millisecond

// changeSignal wakes IDLE sessions after each delivery. wait returns a
// channel that is closed at the next notify.
type changeSignal struct {
	mu sync.Mutex
	ch chan struct{}
}

func newChangeSignal() *changeSignal { return &changeSignal{ch: make(chan struct{})} }

func (c *changeSignal) wait() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ch
}

func (c *changeSignal) notify() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.ch)
	c.ch = make(chan struct{})
}

// Idle implements imapserver.Session. imapmemserver's own IDLE (via
// imapserver.SessionTracker.Idle) misses an update that arrives between the
// "+ idling" continuation and its registration, and then stays silent until
// the next change. Instead we poll the session's update queue after every
// delivery and at a short interval; the wake channel is taken before each
// poll, so no delivery can slip through.
func (s *imapSession) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	if s.UserSession == nil {
		return nil
	}
	ticker := time.NewTicker(idlePollInterval)
	defer ticker.Stop()
	for {
		wake := s.world.changed.wait()
		if err := s.UserSession.Poll(w, true); err != nil {
			return err
		}
		select {
		case <-stop:
			return nil
		case <-wake:
		case <-ticker.C:
		}
	}
}
