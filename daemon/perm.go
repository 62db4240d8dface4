package daemon

import (
	"fmt"
	"os"
	"syscall"

	"github.com/rs/zerolog"
)

// checkPrivateDir makes sure no other user can read or enter dir: the store, the reply key
// and the control socket live there. A directory of ours that others may read or enter is
// tightened to 0700 with a warning; one we cannot tighten (another owner, a shared directory
// with the sticky bit such as /tmp) is refused.
func checkPrivateDir(dir, setting string, log zerolog.Logger) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s %s: %w", setting, dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s %s is not a directory", setting, dir)
	}
	perm := fi.Mode().Perm()
	if perm&0o077 == 0 {
		return nil
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if fi.Mode()&os.ModeSticky != 0 || (ok && int(st.Uid) != os.Geteuid()) {
		return fmt.Errorf("%s %s has mode %v and is shared with other users: the store, the reply key and the control socket need a directory of their own (mode 0700)", setting, dir, fi.Mode())
	}
	if err := os.Chmod(dir, perm&0o700); err != nil {
		return fmt.Errorf("%s %s has mode %v, which lets other users in, and cannot be tightened: %w", setting, dir, perm, err)
	}
	log.Warn().Str("dir", dir).Str("mode", perm.String()).Str("now", (perm & 0o700).String()).
		Msg(setting + " let other users in: tightened to owner only")
	return nil
}
