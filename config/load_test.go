package config

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadMinimalAppliesDefaults(t *testing.T) {
	c, err := loadString(t, minimalTOML)
	if err != nil {
		t.Fatalf("Load(minimal) = %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"language", c.Language, "de"},
		{"timezone", c.Location().String(), "Europe/Berlin"},
		{"support.name", c.Support.Name, "Kundensupport"},
		{"imap.security", c.IMAP.Security, SecurityTLS},
		{"imap.mailbox", c.IMAP.Mailbox, "INBOX"},
		{"imap.idle", c.IMAP.Idle, true},
		{"imap.poll_interval", c.IMAP.PollInterval.Std(), 30 * time.Second},
		{"imap.safety_poll", c.IMAP.SafetyPoll.Std(), 5 * time.Minute},
		{"imap.batch_size", c.IMAP.BatchSize, 200},
		{"smtp.security", c.SMTP.Security, SecurityStartTLS},
		{"smtp.helo", c.SMTP.HELO, "example.com"},
		{"tickets.reply_secret_file", c.Tickets.ReplySecretFile, "/var/lib/helpdesk/reply.key"},
		{"tickets.reopen_closed_within", c.Tickets.ReopenClosedWithin.Std(), 336 * time.Hour},
		{"limits.max_message_size", c.Limits.MaxMessageSize, Size(50 << 20)},
		{"limits.max_text_size", c.Limits.MaxTextSize, Size(1 << 20)},
		{"policy.auto_per_address_per_hour", c.Policy.AutoPerAddressPerHour, 5},
		{"notify.requester", c.Notify.Requester, true},
		{"control.socket", c.Control.Socket, "/var/lib/helpdesk/control.sock"},
		{"ControlSocket()", c.ControlSocket(), "/var/lib/helpdesk/control.sock"},
		{"support.reply_address", c.Support.ReplyAddress, "plus"},
		{"policy.confirm_unknown", c.Policy.ConfirmUnknown, "always"},
		{"policy.auto_to_unknown_per_hour", c.Policy.AutoToUnknownPerHour, 200},
		{"outbox.connections", c.Outbox.Connections, 4},
		{"outbox.serial_accept", c.Outbox.SerialAccept, true},
		{"log.level", c.Log.Level, "info"},
		{"log.format", c.Log.Format, "auto"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestLoadOverridesAndDerived(t *testing.T) {
	c, err := loadString(t, minimalTOML+`
[control]
socket = "/run/helpdesk.sock"
[tickets]
reopen_closed_within = "24h"
[limits]
max_message_size = 10485760
`)
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	if got := c.ControlSocket(); got != "/run/helpdesk.sock" {
		t.Errorf("ControlSocket() = %q, want /run/helpdesk.sock", got)
	}
	if got := c.Tickets.ReopenClosedWithin.Std(); got != 24*time.Hour {
		t.Errorf("reopen_closed_within = %v, want 24h", got)
	}
	if c.Limits.MaxMessageSize != 10<<20 {
		t.Errorf("max_message_size = %d, want %d (TOML integer)", c.Limits.MaxMessageSize, 10<<20)
	}
}

func TestLoadEnglishSupportName(t *testing.T) {
	c, err := loadString(t, "language = \"en\"\n"+minimalTOML)
	if err != nil {
		t.Fatal(err)
	}
	if c.Support.Name != "Customer Support" {
		t.Errorf("support.name = %q, want \"Customer Support\" for language en", c.Support.Name)
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name    string
		extra   string // appended to minimalTOML
		setting string
		msg     string
	}{
		{"unknown top key", "colour = \"red\"\n", "colour", "unknown setting"},
		{"unknown table key", "[log]\nlevl = \"debug\"\n", "log.levl", "unknown setting"},
		{"unknown table", "[metrics]\nport = 1\n", "metrics", "unknown setting"},
		{"unknown rule key", "[[rules]]\nname=\"a\"\nfield=\"body\"\ncontains=\"x\"\naction=\"tag\"\ntag=\"t\"\nflavour=\"x\"\n", "rules.flavour", "unknown setting"},
		{"bad duration", "[tickets]\nreopen_closed_within = \"2 weeks\"\n", "tickets.reopen_closed_within", `invalid duration "2 weeks"`},
		{"duration without unit", "[tickets]\nreopen_closed_within = 30\n", "tickets.reopen_closed_within", `invalid duration "30"`},
		{"negative duration", "[tickets]\nreopen_closed_within = \"-1h\"\n", "tickets.reopen_closed_within", "negative"},
		{"bad size", "[limits]\nmax_text_size = \"1 megabyte\"\n", "limits.max_text_size", `invalid size "1 megabyte"`},
		{"size as float", "[limits]\nmax_text_size = 1.5\n", "limits.max_text_size", "must be a string, not a float"},
		{"int as string", "[policy]\nauto_per_ticket_per_hour = \"10\"\n", "policy.auto_per_ticket_per_hour", "must be an integer, not a string"},
		{"bool as string", "[notify]\nrequester = \"yes\"\n", "notify.requester", "must be true or false"},
		{"string as int", "language = 1\n", "language", "must be a string, not an integer"},
		{"table as string", "templates = \"/x\"\n", "templates", "must be a table [templates]"},
		{"array of ints", "[policy]\nallow = [1]\n", "policy.allow", "item 0: must be a string"},
		{"rules not tables", "rules = [1]\n", "rules", "item 0: must be a table"},
		{"bad type inside second rule", "[[rules]]\nname=\"a\"\nfield=\"body\"\ncontains=\"x\"\naction=\"tag\"\ntag=\"t\"\n[[rules]]\nname=2\nfield=\"body\"\ncontains=\"x\"\naction=\"tag\"\ntag=\"t\"\n", "rules[1].name", "must be a string"},
		{"bad regex names position", rulesTOML(`regex = "a(b"`), "rules[2].regex", "error parsing regexp: missing closing ): `a(b`"},
		{"contains and regex", rulesTOML(`regex = "b"` + "\ncontains = \"a\""), "rules[2].regex", "exactly one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.extra + minimalTOML
			if strings.HasPrefix(tt.extra, "[") {
				// Tables must follow the top-level keys of minimalTOML.
				text = minimalTOML + tt.extra
			}
			_, err := loadString(t, text)
			ps := problemsOf(t, err)
			if _, ok := findProblem(ps, tt.setting, tt.msg); !ok || len(ps) != 1 {
				t.Fatalf("Load() problems =\n%v\nwant exactly one %s: ...%s...", ps, tt.setting, tt.msg)
			}
		})
	}
}

// rulesTOML is two valid rules and a third with the given pattern line.
func rulesTOML(pattern string) string {
	valid := "[[rules]]\nname = \"ok\"\nfield = \"body\"\ncontains = \"x\"\naction = \"tag\"\ntag = \"t\"\n"
	return valid + valid + "[[rules]]\nname = \"bad\"\nfield = \"subject\"\n" + pattern + "\naction = \"tag\"\ntag = \"t\"\n"
}

func TestLoadSecurityNoneToRemote(t *testing.T) {
	text := strings.Replace(minimalTOML, "username", "security = \"none\"\nusername", 1)
	_, err := loadString(t, text)
	ps := problemsOf(t, err)
	if _, ok := findProblem(ps, "imap.security", "loopback"); !ok || len(ps) != 1 {
		t.Fatalf("Load() problems =\n%v\nwant exactly one imap.security: ...loopback...", ps)
	}
	text = strings.Replace(text, "imap.example.com:993", "127.0.0.1:1143", 1)
	if _, err := loadString(t, text); err != nil {
		t.Fatalf("Load(none to 127.0.0.1) = %v, want nil", err)
	}
}

func TestLoadReportsEveryProblemTogether(t *testing.T) {
	text := `
language = "fr"
colour = "red"
[support]
address = "support@example.com"
[imap]
address = "imap.example.com"
username = "u"
poll_interval = "soon"
batch_size = "many"
[smtp]
address = "smtp.example.com:587"
security = "none"
[limits]
max_message_size = "lots"
[[rules]]
name = "r"
field = "subject"
regex = "*"
action = "tag"
tag = "t"
`
	c, err := loadString(t, text)
	if c == nil {
		t.Fatal("Load returned no config for a decodable file")
	}
	ps := problemsOf(t, err)
	want := []string{
		"imap.poll_interval", "imap.batch_size", "limits.max_message_size", // format/type
		"colour", // unknown key
		"data_dir", "language", "imap.address", "smtp.security", "rules[0].regex",
	}
	if len(ps) != len(want) {
		t.Errorf("Load() reported %d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for _, s := range want {
		if _, ok := findProblem(ps, s, ""); !ok {
			t.Errorf("Load() problems =\n%v\nwant one for %s", ps, s)
		}
	}
}

func TestLoadSyntaxError(t *testing.T) {
	c, err := loadString(t, minimalTOML+"\n[imap\n")
	if c != nil {
		t.Errorf("Load(syntax error) config = %+v, want nil", c)
	}
	ps := problemsOf(t, err)
	if len(ps) != 1 || !strings.Contains(ps[0].Message, "line 12") {
		t.Fatalf("Load(syntax error) = %v, want one problem naming line 12", ps)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.toml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load(missing) = %v, want fs.ErrNotExist", err)
	}
	var ps Problems
	if errors.As(err, &ps) {
		t.Errorf("Load(missing) returned Problems %v, want a plain error", ps)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	clearEnv(t)
	c, err := Load(writeFile(t, "a.toml", Example()))
	if err != nil {
		t.Fatal(err)
	}
	c.IMAP.Password, c.SMTP.Password = "imap-secret", "smtp-secret"
	c.Limits.MaxTextSize = 1000 // not a multiple of KiB: written in bytes
	var b strings.Builder
	if err := Encode(&b, c); err != nil {
		t.Fatal(err)
	}
	back, err := Load(writeFile(t, "b.toml", b.String()))
	if err != nil {
		t.Fatalf("Load(encoded) = %v\n%s", err, b.String())
	}
	normalize := func(c *Config) string {
		r := *c
		r.loc = nil
		r.Rules = append([]Rule(nil), c.Rules...)
		for i := range r.Rules {
			r.Rules[i].re = nil
		}
		var b strings.Builder
		_ = Encode(&b, &r)
		return b.String()
	}
	if got, want := normalize(back), normalize(c); got != want {
		t.Errorf("round trip changed the config:\ngot\n%s\nwant\n%s", got, want)
	}
}

// outbox.keep_sent defaults to 30 days, takes days ("90d") and 0 (keep for ever).
func TestLoadKeepSent(t *testing.T) {
	for _, tt := range []struct {
		extra string
		want  time.Duration
	}{
		{"", 30 * 24 * time.Hour},
		{"[outbox]\nkeep_sent = \"90d\"\n", 90 * 24 * time.Hour},
		{"[outbox]\nkeep_sent = \"1d12h\"\n", 36 * time.Hour},
		{"[outbox]\nkeep_sent = \"0\"\n", 0},
	} {
		c, err := loadString(t, minimalTOML+tt.extra)
		if err != nil {
			t.Fatalf("Load(%q) = %v", tt.extra, err)
		}
		if got := c.Outbox.KeepSent.Std(); got != tt.want {
			t.Errorf("Load(%q): keep_sent = %v, want %v", tt.extra, got, tt.want)
		}
	}
}
