package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestValidateOneProblem(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "customers.toml")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		mutate  func(c *Config)
		setting string
		msg     string // substring of the message
	}{
		{"missing data_dir", func(c *Config) { c.DataDir = "" }, "data_dir", "required"},
		{"bad language", func(c *Config) { c.Language = "fr" }, "language", `got "fr"`},
		{"bad timezone", func(c *Config) { c.Timezone = "Europe/Atlantis" }, "timezone", "unknown time zone"},
		{"missing support address", func(c *Config) { c.Support.Address = "" }, "support.address", "required"},
		{"invalid support address", func(c *Config) { c.Support.Address = "not an address" }, "support.address", "not a valid mail address"},
		{"support address with name", func(c *Config) { c.Support.Address = "Support <s@example.com>" }, "support.address", "display name"},
		{"support name with newline", func(c *Config) { c.Support.Name = "A\r\nBcc: x@evil" }, "support.name", "line breaks"},
		{"missing imap address", func(c *Config) { c.IMAP.Address = "" }, "imap.address", "required"},
		{"imap address without port", func(c *Config) { c.IMAP.Address = "imap.example.com" }, "imap.address", "not host:port"},
		{"imap bad port", func(c *Config) { c.IMAP.Address = "imap.example.com:99999" }, "imap.address", "invalid port"},
		{"imap named port", func(c *Config) { c.IMAP.Address = "imap.example.com:imaps" }, "imap.address", "invalid port"},
		{"imap port zero", func(c *Config) { c.IMAP.Address = "imap.example.com:0" }, "imap.address", "invalid port"},
		{"imap no host", func(c *Config) { c.IMAP.Address = ":993" }, "imap.address", "no host"},
		{"bad imap security", func(c *Config) { c.IMAP.Security = "ssl" }, "imap.security", `got "ssl"`},
		{"imap none to remote", func(c *Config) { c.IMAP.Security = SecurityNone }, "imap.security", "loopback"},
		{"smtp none to remote", func(c *Config) { c.SMTP.Security = SecurityNone }, "smtp.security", `not "smtp.example.com"`},
		{"bad smtp security", func(c *Config) { c.SMTP.Security = "" }, "smtp.security", `got ""`},
		{"missing smtp address", func(c *Config) { c.SMTP.Address = "" }, "smtp.address", "required"},
		{"smtp bad port", func(c *Config) { c.SMTP.Address = "smtp.example.com:x" }, "smtp.address", "invalid port"},
		{"missing imap username", func(c *Config) { c.IMAP.Username = " " }, "imap.username", "required"},
		{"empty mailbox", func(c *Config) { c.IMAP.Mailbox = "" }, "imap.mailbox", "empty"},
		{"processed is mailbox", func(c *Config) { c.IMAP.ProcessedFolder = "INBOX" }, "imap.processed_folder", "differ"},
		{"set aside is mailbox", func(c *Config) { c.IMAP.SetAsideFolder = "INBOX" }, "imap.set_aside_folder", "differ"},
		{"poll interval too short", func(c *Config) { c.IMAP.PollInterval = Duration(500 * time.Millisecond) }, "imap.poll_interval", "at least 1s"},
		{"safety poll zero", func(c *Config) { c.IMAP.SafetyPoll = 0 }, "imap.safety_poll", "at least 1s"},
		{"batch size zero", func(c *Config) { c.IMAP.BatchSize = 0 }, "imap.batch_size", "1..5000"},
		{"batch size too big", func(c *Config) { c.IMAP.BatchSize = 5001 }, "imap.batch_size", "1..5000"},
		{"helo with space", func(c *Config) { c.SMTP.HELO = "mail example" }, "smtp.helo", "single host name"},
		{"bad number format", func(c *Config) { c.Tickets.NumberFormat = "uuid" }, "tickets.number_format", `got "uuid"`},
		{"bad closed reply", func(c *Config) { c.Tickets.ClosedReply = "ignore" }, "tickets.closed_reply", `got "ignore"`},
		{"reopen without window", func(c *Config) { c.Tickets.ReopenClosedWithin = 0 }, "tickets.reopen_closed_within", "positive"},
		{"zero message size", func(c *Config) { c.Limits.MaxMessageSize = 0 }, "limits.max_message_size", "positive"},
		{"zero text size", func(c *Config) { c.Limits.MaxTextSize = 0 }, "limits.max_text_size", "positive"},
		{"text above message size", func(c *Config) { c.Limits.MaxTextSize = c.Limits.MaxMessageSize + 1 }, "limits.max_text_size", "larger than"},
		{"bad senders", func(c *Config) { c.Policy.Senders = "some" }, "policy.senders", `got "some"`},
		{"bad unknown senders", func(c *Config) { c.Policy.UnknownSenders = "drop" }, "policy.unknown_senders", `got "drop"`},
		{"bad allow entry", func(c *Config) { c.Policy.Allow = []string{"example.com", "exa mple.com"} }, "policy.allow[1]", "invalid character"},
		{"bad deny address", func(c *Config) { c.Policy.Deny = []string{"a@@b"} }, "policy.deny[0]", "not a valid mail address"},
		{"rate per address zero", func(c *Config) { c.Policy.AutoPerAddressPerHour = 0 }, "policy.auto_per_address_per_hour", "at least 1"},
		{"rate per ticket negative", func(c *Config) { c.Policy.AutoPerTicketPerHour = -1 }, "policy.auto_per_ticket_per_hour", "at least 1"},
		{"blank authserv id", func(c *Config) { c.Policy.TrustedAuthservIDs = []string{"mx", ""} }, "policy.trusted_authserv_ids[1]", "non-empty"},
		{"authenticated without ids", func(c *Config) { c.Policy.ConfirmUnknown = ConfirmAuthenticated }, "policy.confirm_unknown", "needs policy.trusted_authserv_ids"},
		{"bad confirm_unknown", func(c *Config) { c.Policy.ConfirmUnknown = "sometimes" }, "policy.confirm_unknown", "must be one of"},
		{"bad reply address", func(c *Config) { c.Support.ReplyAddress = "detail" }, "support.reply_address", "must be one of"},
		{"no outbox connections", func(c *Config) { c.Outbox.Connections = 0 }, "outbox.connections", "out of range"},
		{"keep_sent under a day", func(c *Config) { c.Outbox.KeepSent = Duration(30 * time.Minute) }, "outbox.keep_sent", "less than a day"},
		{"missing templates dir", func(c *Config) { c.Templates.Dir = filepath.Join(dir, "nope") }, "templates.dir", "no such file"},
		{"templates dir is a file", func(c *Config) { c.Templates.Dir = file }, "templates.dir", "not a directory"},
		{"missing directory file", func(c *Config) { c.Directory.File = filepath.Join(dir, "nope.toml") }, "directory.file", "no such file"},
		{"directory file is a dir", func(c *Config) { c.Directory.File = dir }, "directory.file", "unknown file type"},
		{"long control socket", func(c *Config) { c.Control.Socket = "/" + strings.Repeat("s", 120) }, "control.socket", "at most 107"},
		{"bad log level", func(c *Config) { c.Log.Level = "trace" }, "log.level", `got "trace"`},
		{"bad log format", func(c *Config) { c.Log.Format = "text" }, "log.format", `got "text"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig(t)
			tt.mutate(c)
			ps := problemsOf(t, c.Validate())
			if len(ps) == 0 {
				t.Fatalf("Validate() = nil, want a problem for %s", tt.setting)
			}
			if _, ok := findProblem(ps, tt.setting, tt.msg); !ok {
				t.Fatalf("Validate() =\n%v\nwant a problem %s: ...%s...", ps, tt.setting, tt.msg)
			}
			// "directory file is a dir" reports both the type and "not a regular file".
			if len(ps) != 1 && tt.setting != "directory.file" {
				t.Errorf("Validate() reported %d problems, want 1:\n%v", len(ps), ps)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "customers.yaml")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		mutate func(c *Config)
	}{
		{"none to 127.0.0.1", func(c *Config) { c.IMAP.Security, c.IMAP.Address = SecurityNone, "127.0.0.1:1143" }},
		{"none to 127.8.9.10", func(c *Config) { c.SMTP.Security, c.SMTP.Address = SecurityNone, "127.8.9.10:25" }},
		{"none to ::1", func(c *Config) { c.IMAP.Security, c.IMAP.Address = SecurityNone, "[::1]:143" }},
		{"none to localhost", func(c *Config) { c.SMTP.Security, c.SMTP.Address = SecurityNone, "LocalHost:2525" }},
		{"english", func(c *Config) { c.Language = LanguageEnglish }},
		{"plain reply address", func(c *Config) { c.Support.ReplyAddress = ReplyAddressPlain }},
		{"authenticated with ids", func(c *Config) {
			c.Policy.TrustedAuthservIDs = []string{"mx.example.com"}
			c.Policy.ConfirmUnknown = ConfirmAuthenticated
		}},
		{"closed reply new without window", func(c *Config) { c.Tickets.ClosedReply, c.Tickets.ReopenClosedWithin = ClosedReplyNew, 0 }},
		{"templates dir exists", func(c *Config) { c.Templates.Dir = dir }},
		{"directory file exists", func(c *Config) { c.Directory.File = file }},
		{"patterns", func(c *Config) {
			c.Policy.Allow = []string{"example.com", "@example.com", "*.example.com", "a.b@example.com", "müller.de"}
		}},
		{"utc", func(c *Config) { c.Timezone = "UTC" }},
		{"rules", func(c *Config) {
			c.Rules = []Rule{
				{Name: "a", Field: FieldBody, Contains: "x", Action: ActionTag, Tag: "t"},
				{Name: "b", Field: FieldHeader, Header: "X-Spam", Regex: "^yes$", Action: ActionSetAside, Reason: "spam"},
				{Name: "c", Field: FieldSender, Contains: "boss", Action: ActionPriority, Priority: "urgent", Reason: "boss"},
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig(t)
			tt.mutate(c)
			if err := c.Validate(); err != nil {
				t.Fatalf("Validate() = %v, want nil", err)
			}
		})
	}
}

func TestValidateRules(t *testing.T) {
	ok := Rule{Name: "ok", Field: FieldSubject, Contains: "x", Action: ActionTag, Tag: "t"}
	tests := []struct {
		name    string
		rule    Rule
		setting string // of rules[2]
		msg     string
	}{
		{"bad regex", Rule{Name: "r", Field: FieldSubject, Regex: "(", Action: ActionTag, Tag: "t"}, "rules[2].regex", "error parsing regexp: missing closing )"},
		{"contains and regex", Rule{Name: "r", Field: FieldSubject, Contains: "a", Regex: "b", Action: ActionTag, Tag: "t"}, "rules[2].regex", "exactly one"},
		{"neither contains nor regex", Rule{Name: "r", Field: FieldSubject, Action: ActionTag, Tag: "t"}, "rules[2].contains", "exactly one"},
		{"missing name", Rule{Field: FieldSubject, Contains: "a", Action: ActionTag, Tag: "t"}, "rules[2].name", "required"},
		{"bad field", Rule{Name: "r", Field: "from", Contains: "a", Action: ActionTag, Tag: "t"}, "rules[2].field", `got "from"`},
		{"header missing", Rule{Name: "r", Field: FieldHeader, Contains: "a", Action: ActionTag, Tag: "t"}, "rules[2].header", "required"},
		{"header with colon", Rule{Name: "r", Field: FieldHeader, Header: "X-A:", Contains: "a", Action: ActionTag, Tag: "t"}, "rules[2].header", "not a header field name"},
		{"header without field header", Rule{Name: "r", Field: FieldBody, Header: "X-A", Contains: "a", Action: ActionTag, Tag: "t"}, "rules[2].header", "only used"},
		{"bad action", Rule{Name: "r", Field: FieldBody, Contains: "a", Action: "drop"}, "rules[2].action", `got "drop"`},
		{"setaside without reason", Rule{Name: "r", Field: FieldBody, Contains: "a", Action: ActionSetAside}, "rules[2].reason", "required"},
		{"tag without tag", Rule{Name: "r", Field: FieldBody, Contains: "a", Action: ActionTag}, "rules[2].tag", "required"},
		{"tag on setaside", Rule{Name: "r", Field: FieldBody, Contains: "a", Action: ActionSetAside, Reason: "x", Tag: "t"}, "rules[2].tag", "only used"},
		{"priority missing", Rule{Name: "r", Field: FieldBody, Contains: "a", Action: ActionPriority}, "rules[2].priority", `got ""`},
		{"priority invalid", Rule{Name: "r", Field: FieldBody, Contains: "a", Action: ActionPriority, Priority: "asap"}, "rules[2].priority", `got "asap"`},
		{"priority on tag", Rule{Name: "r", Field: FieldBody, Contains: "a", Action: ActionTag, Tag: "t", Priority: "high"}, "rules[2].priority", "only used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig(t)
			c.Rules = []Rule{ok, ok, tt.rule}
			ps := problemsOf(t, c.Validate())
			if _, found := findProblem(ps, tt.setting, tt.msg); !found || len(ps) != 1 {
				t.Fatalf("Validate() =\n%v\nwant exactly one problem %s: ...%s...", ps, tt.setting, tt.msg)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := validConfig(t)
	c.DataDir = ""
	c.Language = "fr"
	c.IMAP.Security = SecurityNone
	c.SMTP.Address = "smtp.example.com"
	c.Rules = []Rule{{Name: "r", Field: FieldSubject, Regex: "[", Action: ActionTag, Tag: "t"}}
	ps := problemsOf(t, c.Validate())
	want := []string{"data_dir", "language", "imap.security", "smtp.address", "rules[0].regex"}
	if len(ps) != len(want) {
		t.Fatalf("Validate() reported %d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for i, s := range want {
		if ps[i].Setting != s {
			t.Errorf("problem %d is for %q, want %q", i, ps[i].Setting, s)
		}
	}
	lines := strings.Split(ps.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("Error() has %d lines, want %d:\n%s", len(lines), len(want), ps.Error())
	}
	for i, s := range want {
		if !strings.HasPrefix(lines[i], s+": ") {
			t.Errorf("Error() line %d = %q, want prefix %q", i, lines[i], s+": ")
		}
	}
}

func TestRuleRegexpCompiledOnce(t *testing.T) {
	c := validConfig(t)
	c.Rules = []Rule{
		{Name: "re", Field: FieldSubject, Regex: `(?i)^urgent\b`, Action: ActionPriority, Priority: "high"},
		{Name: "contains", Field: FieldSubject, Contains: "NaGiOs", Action: ActionTag, Tag: "mon"},
	}
	if r := c.Rules[0].Regexp(); r != nil {
		t.Fatalf("Regexp() before Validate = %v, want nil", r)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	re := c.Rules[0].Regexp()
	if re == nil || re.String() != `(?i)^urgent\b` {
		t.Fatalf("Regexp() = %v, want the compiled rule regex", re)
	}
	if c.Rules[1].Regexp() != nil {
		t.Errorf("Regexp() of a contains rule = %v, want nil", c.Rules[1].Regexp())
	}
	tests := []struct {
		rule  int
		value string
		want  bool
	}{
		{0, "URGENT: server down", true},
		{0, "not urgent", false},
		{1, "[nagios] disk full", true},
		{1, "hello", false},
	}
	for _, tt := range tests {
		if got := c.Rules[tt.rule].Matches(tt.value); got != tt.want {
			t.Errorf("rules[%d].Matches(%q) = %v, want %v", tt.rule, tt.value, got, tt.want)
		}
	}
}
