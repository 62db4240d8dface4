package config

import (
	"net/mail"
	"path/filepath"
	"strings"
	"time"
)

// DefaultKeepSent is outbox.keep_sent unless set: a month of sent mail can be read again (and
// is in the backups of that month); after that the records say what was sent.
const DefaultKeepSent = 30 * 24 * time.Hour

// Default returns a configuration with every default filled in. It does not validate: the
// required settings (data_dir, support.address, imap.address, imap.username, smtp.address)
// are still empty.
func Default() *Config {
	c := base()
	c.applyDerived()
	return c
}

// base is the default of every setting that does not depend on another one. Load decodes the
// file on top of it, so a key that is absent keeps its default.
func base() *Config {
	return &Config{
		Language: LanguageGerman,
		Timezone: "Europe/Berlin",
		IMAP: IMAP{
			Security:        SecurityTLS,
			Mailbox:         "INBOX",
			ProcessedFolder: "Processed",
			SetAsideFolder:  "Set aside",
			Idle:            true,
			PollInterval:    Duration(30 * time.Second),
			SafetyPoll:      Duration(5 * time.Minute),
			BatchSize:       200,
		},
		Support: Support{ReplyAddress: ReplyAddressPlus},
		SMTP:    SMTP{Security: SecurityStartTLS},
		Tickets: Tickets{
			NumberFormat:       NumberFormatYear,
			ClosedReply:        ClosedReplyReopen,
			ReopenClosedWithin: Duration(14 * 24 * time.Hour),
		},
		Limits: Limits{
			MaxMessageSize: 50 << 20,
			MaxTextSize:    1 << 20,
		},
		Policy: Policy{
			Senders:               SendersAnyone,
			UnknownSenders:        UnknownSendersSetAside,
			AutoPerAddressPerHour: 5,
			AutoPerTicketPerHour:  10,
			AutoToUnknownPerHour:  200,
		},
		Outbox:      Outbox{Connections: 4, SerialAccept: true, KeepSent: Duration(DefaultKeepSent)},
		Technicians: Technicians{AttachmentLimit: 10 << 20},
		Billing:     Billing{CorrectionAfterMonths: DefaultCorrectionAfterMonths},
		Notify:      Notify{Requester: true},
		Log:         Log{Level: "info", Format: "auto"},
	}
}

// applyDerived fills the defaults that depend on other settings: the support name (by
// language), the SMTP HELO name (host of the support address), and the files in data_dir.
func (c *Config) applyDerived() {
	if c.Support.Name == "" {
		if c.Language == LanguageEnglish {
			c.Support.Name = "Customer Support"
		} else {
			c.Support.Name = "Kundensupport"
		}
	}
	if c.Policy.ConfirmUnknown == "" {
		c.Policy.ConfirmUnknown = ConfirmAlways
		if len(c.Policy.TrustedAuthservIDs) > 0 {
			c.Policy.ConfirmUnknown = ConfirmAuthenticated
		}
	}
	c.applyBillingDerived()
	if c.SMTP.HELO == "" {
		c.SMTP.HELO = c.defaultHELO()
	}
	if c.DataDir != "" {
		if c.Tickets.ReplySecretFile == "" {
			c.Tickets.ReplySecretFile = filepath.Join(c.DataDir, "reply.key")
		}
		if c.Control.Socket == "" {
			c.Control.Socket = filepath.Join(c.DataDir, "control.sock")
		}
	}
}

// defaultHELO is the domain of the support address, or "" when it is not a valid address.
func (c *Config) defaultHELO() string {
	a, err := mail.ParseAddress(c.Support.Address)
	if err != nil {
		return ""
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at < 0 {
		return ""
	}
	return a.Address[at+1:]
}

// ControlSocket is the control socket path: control.socket, by default <data_dir>/control.sock.
func (c *Config) ControlSocket() string {
	if c.Control.Socket != "" || c.DataDir == "" {
		return c.Control.Socket
	}
	return filepath.Join(c.DataDir, "control.sock")
}

// ReplySecretFile is the HMAC key file for signed reply addresses: tickets.reply_secret_file,
// by default <data_dir>/reply.key.
func (c *Config) ReplySecretFile() string {
	if c.Tickets.ReplySecretFile != "" || c.DataDir == "" {
		return c.Tickets.ReplySecretFile
	}
	return filepath.Join(c.DataDir, "reply.key")
}

// HELOName is the name the SMTP client greets with: smtp.helo, by default the domain of the
// support address.
func (c *Config) HELOName() string {
	if c.SMTP.HELO != "" {
		return c.SMTP.HELO
	}
	return c.defaultHELO()
}

// Location is the time zone for times in customer mail (UTC if timezone does not load, which
// Validate reports).
func (c *Config) Location() *time.Location {
	if c.loc != nil {
		return c.loc
	}
	if loc, err := time.LoadLocation(c.Timezone); err == nil {
		return loc
	}
	return time.UTC
}
