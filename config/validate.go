package config

import (
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Validate checks every setting and returns nil or a Problems value listing all problems at
// once, each naming its setting. It also compiles the rules' regexps and loads the time zone,
// so call it (Load does) before using Rule.Regexp or Location.
func (c *Config) Validate() error {
	var ps Problems
	c.validateTop(&ps)
	c.validateSupport(&ps)
	c.validateIMAP(&ps)
	c.validateSMTP(&ps)
	c.validateTickets(&ps)
	c.validateLimits(&ps)
	c.validatePolicy(&ps)
	c.validateRules(&ps)
	c.validatePaths(&ps)
	c.validateServices(&ps)
	c.validateBilling(&ps)
	return ps.Err()
}

func (c *Config) validateTop(ps *Problems) {
	if strings.TrimSpace(c.DataDir) == "" {
		ps.Add("data_dir", "required: the directory for the database, blobs and keys")
	}
	oneOf(ps, "language", c.Language, LanguageGerman, LanguageEnglish)
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		ps.Add("timezone", "unknown time zone %q, want an IANA name such as \"Europe/Berlin\"", c.Timezone)
		c.loc = nil
		return
	}
	c.loc = loc
}

func (c *Config) validateSupport(ps *Problems) {
	a := strings.TrimSpace(c.Support.Address)
	switch parsed, err := mail.ParseAddress(a); {
	case a == "":
		ps.Add("support.address", "required: the address customers write to")
	case err != nil:
		ps.Add("support.address", "%q is not a valid mail address: %v", a, err)
	case parsed.Address != a:
		ps.Add("support.address", "%q: write only the address, the display name goes in support.name", a)
	}
	if hasControl(c.Support.Name) {
		ps.Add("support.name", "must not contain line breaks or control characters")
	}
	oneOf(ps, "support.reply_address", c.Support.ReplyAddress, ReplyAddressPlus, ReplyAddressPlain)
}

func (c *Config) validateIMAP(ps *Problems) {
	m := &c.IMAP
	checkServer(ps, "imap", m.Address, m.Security, 993)
	if strings.TrimSpace(m.Username) == "" {
		ps.Add("imap.username", "required: the login of the support mailbox")
	}
	folders := []struct{ setting, name string }{
		{"imap.mailbox", m.Mailbox},
		{"imap.processed_folder", m.ProcessedFolder},
		{"imap.set_aside_folder", m.SetAsideFolder},
	}
	for _, f := range folders {
		if strings.TrimSpace(f.name) == "" {
			ps.Add(f.setting, "must not be empty")
		} else if hasControl(f.name) {
			ps.Add(f.setting, "must not contain control characters")
		}
	}
	for _, f := range folders[1:] {
		if f.name != "" && f.name == m.Mailbox {
			ps.Add(f.setting, "must differ from imap.mailbox (%q)", m.Mailbox)
		}
	}
	atLeast(ps, "imap.poll_interval", m.PollInterval, time.Second)
	atLeast(ps, "imap.safety_poll", m.SafetyPoll, time.Second)
	if m.BatchSize < 1 || m.BatchSize > 5000 {
		ps.Add("imap.batch_size", "%d is out of range 1..5000", m.BatchSize)
	}
}

func (c *Config) validateSMTP(ps *Problems) {
	s := &c.SMTP
	checkServer(ps, "smtp", s.Address, s.Security, 587)
	if s.HELO != "" && (strings.ContainsFunc(s.HELO, unicode.IsSpace) || hasControl(s.HELO)) {
		ps.Add("smtp.helo", "%q must be a single host name", s.HELO)
	}
}

// checkServer validates a mail server's address and security; none is only allowed to
// loopback hosts, so passwords never cross the network in clear text.
func checkServer(ps *Problems, section, address string, sec Security, examplePort int) {
	switch {
	case strings.TrimSpace(address) == "":
		ps.Add(section+".address", "required: host:port, e.g. \"mail.example.com:%d\"", examplePort)
	default:
		if err := checkHostPort(address, 1, false); err != nil {
			ps.Add(section+".address", "%v", err)
		}
	}
	if !sec.Valid() {
		ps.Add(section+".security", "must be one of \"tls\", \"starttls\", \"none\"; got %q", sec)
	} else if sec == SecurityNone && address != "" && !IsLoopback(address) {
		ps.Add(section+".security", "\"none\" is only allowed to a loopback host (127.0.0.1, ::1, localhost), not %q", hostOf(address))
	}
}

func (c *Config) validateTickets(ps *Problems) {
	t := &c.Tickets
	oneOf(ps, "tickets.number_format", t.NumberFormat, NumberFormatYear, NumberFormatPlain)
	oneOf(ps, "tickets.closed_reply", t.ClosedReply, ClosedReplyReopen, ClosedReplyNew)
	if t.ClosedReply == ClosedReplyReopen && t.ReopenClosedWithin <= 0 {
		ps.Add("tickets.reopen_closed_within", "must be positive when closed_reply = \"reopen\"")
	}
}

func (c *Config) validateLimits(ps *Problems) {
	l := &c.Limits
	if l.MaxMessageSize <= 0 {
		ps.Add("limits.max_message_size", "must be positive")
	}
	if l.MaxTextSize <= 0 {
		ps.Add("limits.max_text_size", "must be positive")
	} else if l.MaxMessageSize > 0 && l.MaxTextSize > l.MaxMessageSize {
		ps.Add("limits.max_text_size", "%s is larger than limits.max_message_size (%s)", l.MaxTextSize, l.MaxMessageSize)
	}
}

func (c *Config) validatePolicy(ps *Problems) {
	p := &c.Policy
	oneOf(ps, "policy.senders", p.Senders, SendersAnyone, SendersKnown)
	oneOf(ps, "policy.unknown_senders", p.UnknownSenders, UnknownSendersSetAside, UnknownSendersFlag)
	for _, l := range []struct {
		setting string
		list    []string
	}{{"policy.allow", p.Allow}, {"policy.deny", p.Deny}} {
		for i, pat := range l.list {
			if err := checkSenderPattern(pat); err != nil {
				ps.Add(fmt.Sprintf("%s[%d]", l.setting, i), "%v", err)
			}
		}
	}
	if p.AutoPerAddressPerHour < 1 {
		ps.Add("policy.auto_per_address_per_hour", "must be at least 1, got %d", p.AutoPerAddressPerHour)
	}
	if p.AutoPerTicketPerHour < 1 {
		ps.Add("policy.auto_per_ticket_per_hour", "must be at least 1, got %d", p.AutoPerTicketPerHour)
	}
	if p.AutoToUnknownPerHour < 1 {
		ps.Add("policy.auto_to_unknown_per_hour", "must be at least 1, got %d", p.AutoToUnknownPerHour)
	}
	for i, id := range p.TrustedAuthservIDs {
		if id == "" || strings.ContainsFunc(id, unicode.IsSpace) || hasControl(id) {
			ps.Add(fmt.Sprintf("policy.trusted_authserv_ids[%d]", i), "%q must be a single non-empty word (the authserv-id, usually the MTA's host name)", id)
		}
	}
	oneOf(ps, "policy.confirm_unknown", p.ConfirmUnknown, ConfirmAlways, ConfirmAuthenticated, ConfirmNever)
	if p.ConfirmUnknown == ConfirmAuthenticated && len(p.TrustedAuthservIDs) == 0 {
		ps.Add("policy.confirm_unknown", "\"authenticated\" needs policy.trusted_authserv_ids: without a trusted receiving MTA no sender counts as authenticated")
	}
}

// validatePaths checks the optional files and directories that must exist when set.
func (c *Config) validatePaths(ps *Problems) {
	if d := c.Templates.Dir; d != "" {
		if fi, err := os.Stat(d); err != nil {
			ps.Add("templates.dir", "%v", err)
		} else if !fi.IsDir() {
			ps.Add("templates.dir", "%s is not a directory", d)
		}
	}
	if f := c.Directory.File; f != "" {
		// The same extensions as directory.FormatOf.
		switch strings.ToLower(filepath.Ext(f)) {
		case ".toml", ".yaml", ".yml", ".json":
		default:
			ps.Add("directory.file", "%s: unknown file type, want .toml, .yaml, .yml or .json", f)
		}
		if fi, err := os.Stat(f); err != nil {
			ps.Add("directory.file", "%v", err)
		} else if !fi.Mode().IsRegular() {
			ps.Add("directory.file", "%s is not a regular file", f)
		}
	}
}

// maxSocketPath is the longest unix socket path Linux accepts (sun_path is 108 bytes with NUL).
const maxSocketPath = 107

func (c *Config) validateServices(ps *Problems) {
	if s := c.ControlSocket(); len(s) > maxSocketPath {
		ps.Add("control.socket", "path is %d bytes, unix sockets allow at most %d; set a shorter control.socket", len(s), maxSocketPath)
	}
	if a := strings.TrimSpace(c.Dispatch.Address); a != "" {
		if parsed, err := mail.ParseAddress(a); err != nil || parsed.Address != a {
			ps.Add("dispatch.address", "%q is not a mail address (write only the address)", a)
		} else if strings.EqualFold(a, c.Support.Address) {
			ps.Add("dispatch.address", "must not be the support address: the desk would announce tickets to itself")
		}
	}
	if c.Technicians.RequireAuthenticationResults && len(c.Policy.TrustedAuthservIDs) == 0 {
		ps.Add("technicians.require_authentication_results", "needs policy.trusted_authserv_ids: only a trusted receiving mail server's header counts")
	}
	if c.Technicians.AttachmentLimit < 0 {
		ps.Add("technicians.attachment_limit", "must not be negative")
	}
	if n := c.Outbox.Connections; n < 1 || n > 32 {
		ps.Add("outbox.connections", "%d is out of range 1..32", n)
	}
	// A day at least: "30m" written for thirty months must not drop every body at once.
	if k := c.Outbox.KeepSent.Std(); k != 0 && k < 24*time.Hour {
		ps.Add("outbox.keep_sent", "%s is less than a day; write e.g. \"30d\", or 0 to keep sent mail for ever", c.Outbox.KeepSent)
	}
	oneOf(ps, "log.level", c.Log.Level, "debug", "info", "warn", "error")
	oneOf(ps, "log.format", c.Log.Format, "auto", "json", "console")
}

// oneOf reports value unless it is one of allowed.
func oneOf(ps *Problems, setting, value string, allowed ...string) {
	if slices.Contains(allowed, value) {
		return
	}
	ps.Add(setting, "must be one of %s; got %q", quoteList(allowed), value)
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func atLeast(ps *Problems, setting string, d Duration, min time.Duration) {
	if d.Std() < min {
		ps.Add(setting, "%s is too short, want at least %s", d, min)
	}
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}
