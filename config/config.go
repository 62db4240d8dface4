// Package config holds the daemon's typed settings: the TOML file format, its defaults, secret
// resolution (inline, file or environment), validation that reports every problem at once with
// the setting it concerns, and the annotated example configuration that is tested against the
// same structs so the two cannot drift.
package config

import (
	"regexp"
	"time"
)

// Config is the whole configuration file. The TOML keys are a contract with operators: rename
// nothing without a migration note.
type Config struct {
	DataDir  string `toml:"data_dir"`
	Language string `toml:"language"` // "de" or "en"
	Timezone string `toml:"timezone"` // IANA name, for times in customer mail

	Support     Support     `toml:"support"`
	IMAP        IMAP        `toml:"imap"`
	SMTP        SMTP        `toml:"smtp"`
	Tickets     Tickets     `toml:"tickets"`
	Limits      Limits      `toml:"limits"`
	Policy      Policy      `toml:"policy"`
	Rules       []Rule      `toml:"rules"`
	Notify      Notify      `toml:"notify"`
	Templates   Templates   `toml:"templates"`
	Directory   Directory   `toml:"directory"`
	Control     Control     `toml:"control"`
	Outbox      Outbox      `toml:"outbox"`
	Dispatch    Dispatch    `toml:"dispatch"`
	Technicians Technicians `toml:"technicians"`
	Billing     Billing     `toml:"billing"`
	Log         Log         `toml:"log"`

	loc *time.Location // set by Validate from Timezone
}

// Languages of customer-facing text.
const (
	LanguageGerman  = "de"
	LanguageEnglish = "en"
)

// Support is the address customers write to and the name our mail is sent under.
type Support struct {
	Address string `toml:"address"`
	Name    string `toml:"name"`
	// ReplyAddress is the Reply-To of ticket mail: "plus" a signed plus-address of the support
	// address (support+t<number>.<mac>@domain), "plain" the support address itself.
	ReplyAddress string `toml:"reply_address"`
}

// Reply address modes.
const (
	ReplyAddressPlus  = "plus"
	ReplyAddressPlain = "plain"
)

// IMAP is the mailbox the daemon reads incidents from.
type IMAP struct {
	Address            string   `toml:"address"` // host:port
	Security           Security `toml:"security"`
	Username           string   `toml:"username"`
	Password           string   `toml:"password"`
	PasswordFile       string   `toml:"password_file"`
	Mailbox            string   `toml:"mailbox"`
	ProcessedFolder    string   `toml:"processed_folder"`
	SetAsideFolder     string   `toml:"set_aside_folder"`
	Idle               bool     `toml:"idle"`
	PollInterval       Duration `toml:"poll_interval"`
	SafetyPoll         Duration `toml:"safety_poll"`
	BatchSize          int      `toml:"batch_size"`
	InsecureSkipVerify bool     `toml:"insecure_skip_verify"`
}

// SMTP is the submission server the outbox delivers through.
type SMTP struct {
	Address            string   `toml:"address"` // host:port
	Security           Security `toml:"security"`
	Username           string   `toml:"username"`
	Password           string   `toml:"password"`
	PasswordFile       string   `toml:"password_file"`
	HELO               string   `toml:"helo"`
	InsecureSkipVerify bool     `toml:"insecure_skip_verify"`
}

// Tickets controls ticket numbering, reply addresses and replies to closed tickets.
type Tickets struct {
	NumberFormat       string   `toml:"number_format"`     // "year" or "plain"
	ReplySecretFile    string   `toml:"reply_secret_file"` // HMAC key for signed reply addresses
	ClosedReply        string   `toml:"closed_reply"`      // "reopen" or "new"
	ReopenClosedWithin Duration `toml:"reopen_closed_within"`
}

// Ticket number formats.
const (
	NumberFormatYear  = "year"  // 2026-000042
	NumberFormatPlain = "plain" // 42
)

// What a reply to a closed ticket does.
const (
	ClosedReplyReopen = "reopen"
	ClosedReplyNew    = "new"
)

// Limits bound what the daemon accepts.
type Limits struct {
	MaxMessageSize Size `toml:"max_message_size"` // larger mails are set aside (oversize)
	MaxTextSize    Size `toml:"max_text_size"`
}

// Policy decides whose mail becomes a ticket and how much automatic mail we send.
type Policy struct {
	Senders               string   `toml:"senders"`         // "anyone" or "known"
	UnknownSenders        string   `toml:"unknown_senders"` // "setaside" or "flag"
	Allow                 []string `toml:"allow"`           // addresses or domain patterns
	Deny                  []string `toml:"deny"`
	AutoPerAddressPerHour int      `toml:"auto_per_address_per_hour"`
	AutoPerTicketPerHour  int      `toml:"auto_per_ticket_per_hour"`
	// AutoToUnknownPerHour caps the automatic mails to addresses outside the directory, all
	// of them together, per hour.
	AutoToUnknownPerHour int `toml:"auto_to_unknown_per_hour"`
	// TrustedAuthservIDs are the authserv-ids (RFC 8601) of the receiving MTAs whose
	// Authentication-Results headers count.
	TrustedAuthservIDs []string `toml:"trusted_authserv_ids"`
	// ConfirmUnknown says when a sender outside the directory gets a confirmation: "always",
	// "authenticated" (SPF or DKIM pass aligned with the From domain, from a trusted
	// authserv-id) or "never". Default "authenticated" when trusted_authserv_ids is set, else
	// "always".
	ConfirmUnknown string `toml:"confirm_unknown"`
}

// Sender policies.
const (
	SendersAnyone = "anyone"
	SendersKnown  = "known"

	UnknownSendersSetAside = "setaside"
	UnknownSendersFlag     = "flag"

	ConfirmAlways        = "always"
	ConfirmAuthenticated = "authenticated"
	ConfirmNever         = "never"
)

// Rule is one operator rule. Rules are applied in file order.
type Rule struct {
	Name     string `toml:"name"`
	Field    string `toml:"field"`    // header | sender | recipient | subject | body
	Header   string `toml:"header"`   // header name when Field is "header"
	Contains string `toml:"contains"` // case-insensitive substring
	Regex    string `toml:"regex"`    // Go regexp, case-sensitive unless it says (?i)
	Action   string `toml:"action"`   // setaside | tag | priority
	Reason   string `toml:"reason"`   // required for setaside
	Tag      string `toml:"tag"`      // required for tag
	Priority string `toml:"priority"` // low | normal | high | urgent, required for priority

	re *regexp.Regexp // compiled Regex, set by Validate
}

// Rule fields, actions and priorities.
const (
	FieldHeader    = "header"
	FieldSender    = "sender"
	FieldRecipient = "recipient"
	FieldSubject   = "subject"
	FieldBody      = "body"

	ActionSetAside = "setaside"
	ActionTag      = "tag"
	ActionPriority = "priority"
)

// Priorities a rule may set.
var priorities = []string{"low", "normal", "high", "urgent"}

// Notify controls who gets ticket mails.
type Notify struct {
	// Requester: the sender of the mail that opened a ticket also gets the new-ticket and
	// status mails, besides the addresses the customer chose.
	Requester bool `toml:"requester"`
}

// Templates points at a directory with templates that override the embedded ones.
type Templates struct {
	Dir string `toml:"dir"`
}

// Directory is the optional customer directory file imported at start.
type Directory struct {
	File string `toml:"file"`
}

// Control is the unix socket the command-line tools talk to.
type Control struct {
	Socket string `toml:"socket"`
}

// Outbox tunes the delivery of outgoing mail.
type Outbox struct {
	// Connections is the number of SMTP connections delivering in parallel. Each has at most
	// one mail whose result is not yet recorded, so a crash sends at most that many twice.
	Connections int `toml:"connections"`
	// SerialAccept lets only one connection at a time be between the relay's acceptance of a
	// mail and the commit of its result, so a crash sends at most one mail twice in all.
	SerialAccept bool `toml:"serial_accept"`
	// KeepSent is how long the bytes of a sent mail are kept after it was sent; then only
	// its record stays (who, what, when, the delivery state). 0 keeps them for ever.
	KeepSent Duration `toml:"keep_sent"`
}

// Dispatch is the dispatch team: where new tickets and unassigned work are announced.
type Dispatch struct {
	// Address gets every new ticket and the customer's comments on unassigned tickets, with a
	// reply address issued to the dispatch team; "" announces nothing.
	Address string `toml:"address"`
}

// Technicians are the rules for the desk's own people working tickets by mail.
type Technicians struct {
	// RequireAuthenticationResults also demands, for every command mail, DKIM or SPF pass
	// aligned with the technician's domain in an Authentication-Results header of one of
	// policy.trusted_authserv_ids.
	RequireAuthenticationResults bool `toml:"require_authentication_results"`
	// AttachmentLimit bounds the attachments attached to one mail to a technician (the
	// assignment with the whole history); what is over it is listed, not attached.
	AttachmentLimit Size `toml:"attachment_limit"`
}

// Log configures zerolog.
type Log struct {
	Level  string `toml:"level"`  // debug | info | warn | error
	Format string `toml:"format"` // auto | json | console
}
