package postfixtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"
)

func (s *Server) confDir() string  { return filepath.Join(s.Dir, "conf") }
func (s *Server) queueDir() string { return filepath.Join(s.Dir, "queue") }
func (s *Server) logPath() string  { return filepath.Join(s.Dir, "maillog") }

// command is the path of one of Postfix's commands (postconf, postqueue): Debian puts them in
// /usr/sbin, which a non-login PATH may lack.
func command(name string) string {
	if p := filepath.Join("/usr/sbin", name); isFile(p) {
		return p
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return ""
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}

var daemonDirOnce = sync.OnceValue(func() string {
	// The compiled-in default, not /etc/postfix/main.cf's value: our instance does not read it.
	out, err := exec.Command(command("postconf"), "-dh", "daemon_directory").Output()
	if d := strings.TrimSpace(string(out)); err == nil && d != "" {
		return d
	}
	return "/usr/lib/postfix/sbin"
})

// daemonDir is where Postfix's master and services live.
func daemonDir() string { return daemonDirOnce() }

// queueDirs are the queue's subdirectories with the owner and mode post-install gives them
// (postfix-files); `postfix start` would create them, but we start the master ourselves.
var queueDirs = []struct {
	name     string
	postdrop bool // group postdrop (the set-gid submission programs write there)
	mode     os.FileMode
}{
	{"active", false, 0o700}, {"bounce", false, 0o700}, {"corrupt", false, 0o700},
	{"defer", false, 0o700}, {"deferred", false, 0o700}, {"flush", false, 0o700},
	{"hold", false, 0o700}, {"incoming", false, 0o700}, {"private", false, 0o700},
	{"saved", false, 0o700}, {"trace", false, 0o700},
	{"maildrop", true, 0o730}, {"public", true, 0o710},
}

// prepare writes the directories and the config; pickPort must have run or runs later
// (startFresh rewrites master.cf with the port).
func (s *Server) prepare() error {
	pf, err := lookupIDs("postfix", "postdrop")
	if err != nil {
		return err
	}
	// The postfix user must reach the queue and data directories through every parent.
	if err := os.Chmod(s.Dir, 0o755); err != nil {
		return fmt.Errorf("chmod %s: %w", s.Dir, err)
	}
	for _, d := range []string{s.confDir(), s.queueDir(), filepath.Join(s.queueDir(), "pid")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return fmt.Errorf("mkdir %s: %w", d, err)
		}
	}
	mk := func(path string, gid int, mode os.FileMode) error {
		if err := os.Mkdir(path, mode); err != nil {
			return fmt.Errorf("mkdir %s: %w", path, err)
		}
		if err := os.Chown(path, pf.uid, gid); err != nil {
			return fmt.Errorf("chown %s: %w", path, err)
		}
		return os.Chmod(path, mode) // Mkdir's mode is masked by the umask
	}
	for _, q := range queueDirs {
		gid := 0
		if q.postdrop {
			gid = pf.postdropGID
		}
		if err := mk(filepath.Join(s.queueDir(), q.name), gid, q.mode); err != nil {
			return err
		}
	}
	if err := mk(filepath.Join(s.Dir, "data"), pf.gid, 0o700); err != nil {
		return err
	}
	return s.writeMainCF()
}

type ids struct{ uid, gid, postdropGID int }

func lookupIDs(owner, group string) (ids, error) {
	u, err := user.Lookup(owner)
	if err != nil {
		return ids{}, fmt.Errorf("look up the %s user: %w", owner, err)
	}
	g, err := user.LookupGroup(group)
	if err != nil {
		return ids{}, fmt.Errorf("look up the %s group: %w", group, err)
	}
	var r ids
	r.uid, _ = strconv.Atoi(u.Uid)
	r.gid, _ = strconv.Atoi(u.Gid)
	r.postdropGID, _ = strconv.Atoi(g.Gid)
	return r, nil
}

// pickPort chooses a free loopback port and writes master.cf with it.
func (s *Server) pickPort() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("find free port: %w", err)
	}
	s.SMTPAddr = ln.Addr().String()
	ln.Close()
	return s.writeFile("master.cf", masterTemplate, map[string]any{"SMTPAddr": s.SMTPAddr})
}

func (s *Server) writeMainCF() error {
	for _, d := range s.Domains {
		if d == "" || strings.ContainsAny(d, " \t\r\n,@") {
			return fmt.Errorf("invalid domain %q", d)
		}
	}
	for _, kv := range s.settings {
		if strings.ContainsAny(kv[0]+kv[1], "\r\n") {
			return fmt.Errorf("setting %q: line break in name or value", kv[0])
		}
	}
	return s.writeFile("main.cf", mainTemplate, map[string]any{
		"Dir":      s.Dir,
		"Domains":  strings.Join(s.Domains, " "),
		"LMTPAddr": s.LMTPAddr,
		"Settings": s.settings,
	})
}

func (s *Server) writeFile(name string, tmpl *template.Template, data any) error {
	var b strings.Builder
	if err := tmpl.Execute(&b, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	path := filepath.Join(s.confDir(), name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// Postfix rereads a config file every 300 ms while it is "hot", modified in the second
	// before the read began (it may still be being written): every process started within
	// about 2 s of writing waits, which made a start take 2-3 s. Ours is complete, so it is
	// dated back.
	old := time.Now().Add(-time.Minute)
	if err := os.Chtimes(path, old, old); err != nil {
		return fmt.Errorf("date back %s: %w", path, err)
	}
	return nil
}

// mainTemplate is a self-contained main.cf: nothing of /etc/postfix/main.cf applies. The
// instance is a relay for the test's domains only, tuned so that tests see results in seconds.
var mainTemplate = template.Must(template.New("main.cf").Parse(`# written by helpdesk/internal/postfixtest
compatibility_level = 3.6
queue_directory = {{.Dir}}/queue
data_directory = {{.Dir}}/data
meta_directory = /etc/postfix
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfixtest.invalid
mydomain = postfixtest.invalid
myorigin = $myhostname
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
relayhost =
mynetworks = 127.0.0.0/8
biff = no
smtpd_banner = $myhostname ESMTP postfixtest
# The test's domains go to LMTP; anything else is refused at RCPT (554 Relay access denied),
# so a test sees a wrong address at once instead of mail deferred for DNS that never answers.
virtual_mailbox_domains = {{.Domains}}
virtual_mailbox_maps =
virtual_alias_maps =
virtual_transport = lmtp:inet:{{.LMTPAddr}}
smtpd_relay_restrictions = reject_unauth_destination
default_transport = error:5.1.2 postfixtest delivers only to {{.Domains}}
# Postfix passes the whole address (user+detail@domain) on over LMTP; Dovecot's own
# recipient_delimiter finds the mailbox.
recipient_delimiter = +
smtpd_peername_lookup = no
smtpd_error_sleep_time = 0s
in_flow_delay = 0s
notify_classes =
# Deferred mail (LMTP down) is retried within seconds, not Postfix's minutes.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
# Postfix writes maillog_file only under maillog_file_prefixes (default /var, /dev/stdout).
maillog_file_prefixes = {{.Dir}}
maillog_file = {{.Dir}}/maillog
{{- range .Settings}}
{{index . 0}} = {{index . 1}}
{{- end}}
`))

// masterTemplate is Debian's master.cf reduced to what a relay uses, without chroot: a
// chrooted service would need copies of /etc files inside the queue directory.
var masterTemplate = template.Must(template.New("master.cf").Parse(`# written by helpdesk/internal/postfixtest
# service    type       private unpriv chroot wakeup maxproc command
{{.SMTPAddr}} inet      n       -      n      -      -       smtpd
pickup       unix       n       -      n      60     1       pickup
cleanup      unix       n       -      n      -      0       cleanup
qmgr         unix       n       -      n      300    1       qmgr
rewrite      unix       -       -      n      -      -       trivial-rewrite
bounce       unix       -       -      n      -      0       bounce
defer        unix       -       -      n      -      0       bounce
trace        unix       -       -      n      -      0       bounce
verify       unix       -       -      n      -      1       verify
flush        unix       n       -      n      1000?  0       flush
proxymap     unix       -       -      n      -      -       proxymap
proxywrite   unix       -       -      n      -      1       proxymap
smtp         unix       -       -      n      -      -       smtp
relay        unix       -       -      n      -      -       smtp
showq        unix       n       -      n      -      -       showq
error        unix       -       -      n      -      -       error
retry        unix       -       -      n      -      -       error
discard      unix       -       -      n      -      -       discard
local        unix       -       n      n      -      -       local
virtual      unix       -       n      n      -      -       virtual
lmtp         unix       -       -      n      -      -       lmtp
anvil        unix       -       -      n      -      1       anvil
scache       unix       -       -      n      -      1       scache
postlog      unix-dgram n       -      n      -      1       postlogd
`))
