package control

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
)

// bindPrivate creates a listening socket that is connectable at path only once its mode is
// 0600. A socket is created with the process umask's mode, so chmodding it after bind leaves a
// moment in which another local user may connect (and keep that connection). Instead it is
// bound inside a new directory of mode 0700 next to path, chmodded there, and renamed into
// place: the rename is atomic, and before it nobody else can reach the socket at all.
func bindPrivate(path string) (*net.UnixListener, error) {
	dir, err := os.MkdirTemp(filepath.Dir(path), ".control-")
	if err != nil {
		return nil, fmt.Errorf("control: private directory for the socket: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o700); err != nil { // MkdirTemp uses 0700, but under the umask
		return nil, fmt.Errorf("control: %w", err)
	}
	tmp := filepath.Join(dir, "s")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: tmp, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("control: listen on %s: %w", path, err)
	}
	// The file is renamed away from where the listener would unlink it; Server.Close removes
	// the final path instead.
	ln.SetUnlinkOnClose(false)
	fail := func(err error) (*net.UnixListener, error) {
		ln.Close()
		return nil, fmt.Errorf("control: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fail(err)
	}
	// removeStale cleared path; if another process bound it meanwhile, do not take it over.
	if _, err := os.Lstat(path); err == nil {
		ln.Close()
		return nil, fmt.Errorf("control: listen on %s: %w", path, ErrRunning)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	return ln, nil
}
