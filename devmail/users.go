package devmail

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// inbox is the mailbox deliveries go to.
const inbox = "INBOX"

// userStore holds the in-memory IMAP users, created on first use.
type userStore struct {
	mu    sync.Mutex
	users map[string]*imapmemserver.User
}

func newUserStore() *userStore {
	return &userStore{users: make(map[string]*imapmemserver.User)}
}

// normalizeAddress turns an address or login into the user name: trimmed,
// without angle brackets, lower-case. It rejects empty names and names with
// spaces or control characters.
func normalizeAddress(addr string) (string, error) {
	name := strings.TrimSpace(addr)
	name = strings.TrimSuffix(strings.TrimPrefix(name, "<"), ">")
	name = strings.ToLower(name)
	if name == "" {
		return "", errors.New("empty address")
	}
	if len(name) > 320 {
		return "", fmt.Errorf("address of %d bytes is too long", len(name))
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", fmt.Errorf("address %q contains space or control characters", name)
		}
	}
	return name, nil
}

// lookup returns the user if it exists, without creating it.
func (s *userStore) lookup(name string) (*imapmemserver.User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[name]
	return u, ok
}

// get returns the user with this (normalized) name, creating it with an
// INBOX when it does not exist yet.
func (s *userStore) get(name string) (*imapmemserver.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[name]; ok {
		return u, nil
	}
	// The password stored in imapmemserver.User is never checked: logins go
	// through imapSession.Login, which compares against the shared password.
	u := imapmemserver.NewUser(name, "")
	if err := u.Create(inbox, nil); err != nil {
		return nil, fmt.Errorf("create INBOX of %s: %w", name, err)
	}
	s.users[name] = u
	return u, nil
}

// ensureMailbox creates mailbox for u unless it exists.
func ensureMailbox(u *imapmemserver.User, mailbox string) error {
	err := u.Create(mailbox, nil)
	var imapErr *imap.Error
	if err != nil && errors.As(err, &imapErr) && imapErr.Code == imap.ResponseCodeAlreadyExists {
		return nil
	}
	return err
}
