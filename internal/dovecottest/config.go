package dovecottest

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

// owner is who owns mail and runs Dovecot's internal processes. As root that
// is the dovecot user (Dovecot refuses mail for root); otherwise it is the
// current user, the only identity a non-root master can use.
type owner struct {
	root          bool
	uid, gid      int
	internalUser  string
	internalGroup string
	loginUser     string
}

func currentOwner() (owner, error) {
	if os.Geteuid() == 0 {
		u, err := user.Lookup("dovecot")
		if err != nil {
			return owner{}, fmt.Errorf("look up the dovecot user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		g, err := user.LookupGroupId(u.Gid)
		if err != nil {
			return owner{}, fmt.Errorf("look up group %s: %w", u.Gid, err)
		}
		login := "dovenull"
		if _, err := user.Lookup(login); err != nil {
			login = "dovecot"
		}
		return owner{root: true, uid: uid, gid: gid, internalUser: "dovecot", internalGroup: g.Name, loginUser: login}, nil
	}
	u, err := user.Current()
	if err != nil {
		return owner{}, fmt.Errorf("current user: %w", err)
	}
	g, err := user.LookupGroupId(u.Gid)
	if err != nil {
		return owner{}, fmt.Errorf("look up group %s: %w", u.Gid, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return owner{uid: uid, gid: gid, internalUser: u.Username, internalGroup: g.Name, loginUser: u.Username}, nil
}

// chown gives path to the mail owner (a no-op when not root).
func (o owner) chown(path string) error {
	if !o.root {
		return nil
	}
	if err := os.Lchown(path, o.uid, o.gid); err != nil {
		return fmt.Errorf("chown %s: %w", path, err)
	}
	return nil
}

// mkdir creates path (and parents) owned by the mail owner.
func (o owner) mkdir(path string, perm os.FileMode) error {
	if err := os.MkdirAll(path, perm); err != nil {
		return fmt.Errorf("mkdir %s: %w", path, err)
	}
	return o.chown(path)
}

// writeFile writes data to path via a temporary file and rename, owned by
// the mail owner.
func (o owner) writeFile(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := o.chown(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename %s: %w", tmp, err)
	}
	return nil
}

func (s *Server) usersPath() string { return filepath.Join(s.Dir, "users") }

// home is a user's home directory; the Maildir and Sieve script live in it.
func (s *Server) home(name string) string { return filepath.Join(s.Dir, "mail", name) }

// writeUsers writes the passwd-file (passdb and userdb) from s.users.
// Dovecot rereads it when it changes. The caller holds s.mu or owns s.
func (s *Server) writeUsers() error {
	names := make([]string, 0, len(s.users))
	for name := range s.users {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "%s:{PLAIN}%s::::::\n", name, s.users[name])
	}
	return s.owner.writeFile(s.usersPath(), []byte(b.String()), 0o644)
}

// validUserField reports whether v can go into a passwd-file field.
func validUserField(v string) bool {
	return v != "" && !strings.ContainsAny(v, ":\r\n\x00/ \t%") && !strings.HasPrefix(v, ".")
}

func (s *Server) writeConfig() error {
	var b strings.Builder
	err := configTemplate.Execute(&b, map[string]any{
		"Dir":            s.Dir,
		"Users":          s.usersPath(),
		"IMAPPort":       portOf(s.IMAPAddr),
		"LMTPPort":       portOf(s.LMTPAddr),
		"UID":            s.owner.uid,
		"GID":            s.owner.gid,
		"InternalUser":   s.owner.internalUser,
		"InternalGroup":  s.owner.internalGroup,
		"LoginUser":      s.owner.loginUser,
		"SubmissionHost": s.SubmissionHost,
	})
	if err != nil {
		return fmt.Errorf("render config: %w", err)
	}
	return s.owner.writeFile(s.conf, []byte(b.String()), 0o644)
}

func portOf(addr string) string {
	i := strings.LastIndexByte(addr, ':')
	return addr[i+1:]
}

// configTemplate is a self-contained Dovecot 2.3 config: nothing from
// /etc/dovecot is read.
var configTemplate = template.Must(template.New("dovecot.conf").Parse(`# written by helpdesk/internal/dovecottest
base_dir = {{.Dir}}/run
state_dir = {{.Dir}}/state
log_path = {{.Dir}}/dovecot.log
info_log_path = {{.Dir}}/dovecot.log
debug_log_path = {{.Dir}}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
auth_failure_delay = 0
hostname = dovecottest.invalid
postmaster_address = postmaster@dovecottest.invalid
default_internal_user = {{.InternalUser}}
default_internal_group = {{.InternalGroup}}
default_login_user = {{.LoginUser}}
first_valid_uid = {{.UID}}
last_valid_uid = {{.UID}}
first_valid_gid = {{.GID}}
mail_location = maildir:~/Maildir
mailbox_list_index = yes
# user+detail@domain is user's mail, delivered to INBOX: how signed reply addresses
# (support+t...@domain) reach the support mailbox. These are Dovecot's defaults, stated
# because the tests rely on them.
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no
{{- if .SubmissionHost}}
submission_host = {{.SubmissionHost}}
{{- else}}
sendmail_path = /bin/true
{{- end}}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {{.Users}}
}
userdb {
  driver = passwd-file
  args = username_format=%u {{.Users}}
  default_fields = uid={{.UID}} gid={{.GID}} home={{.Dir}}/mail/%u
}

service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = {{.IMAPPort}}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = {{.LMTPPort}}
  }
}
service anvil {
  chroot =
  # No growing delay after failed logins (tests try wrong passwords).
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service ipc {
  chroot =
}
service auth-worker {
  user = $default_internal_user
}

protocol lmtp {
  mail_plugins = $mail_plugins sieve
}
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
  # Lets tests use :seconds instead of :days (RFC 6131 vacation-seconds).
  sieve_extensions = +vacation-seconds
  sieve_vacation_min_period = 1s
}
`))
