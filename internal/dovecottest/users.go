package dovecottest

import (
	"fmt"
	"os"
)

// AddUser adds (or changes the password of) a user. Names are used as
// given, e.g. "support@example.com"; they must not contain ':', '/', '%',
// whitespace or line breaks. The user's home directory is created at once,
// so DeliverMaildir and SetVacation work before the first login.
func (s *Server) AddUser(name, password string) {
	s.t.Helper()
	if err := s.addUser(name, password); err != nil {
		s.t.Fatalf("dovecottest: AddUser(%q): %v", name, err)
	}
}

func (s *Server) addUser(name, password string) error {
	if !validUserField(name) {
		return fmt.Errorf("invalid user name %q", name)
	}
	if !validUserField(password) {
		return fmt.Errorf("invalid password for %q (empty or with ':', '/', '%%', space or line break)", name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[name] = password
	if err := s.writeUsers(); err != nil {
		return err
	}
	return s.owner.mkdir(s.home(name), 0o700)
}

// password returns the user's password, or an error for unknown users.
func (s *Server) password(name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pw, ok := s.users[name]
	if !ok {
		return "", fmt.Errorf("unknown user %q: call AddUser first", name)
	}
	return pw, nil
}

// userExists reports whether name was added.
func (s *Server) userExists(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.users[name]
	return ok
}

// ensureDir creates a directory owned by the mail owner unless it exists.
func (s *Server) ensureDir(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil
	}
	return s.owner.mkdir(path, 0o700)
}
