package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"helpdesk/config"
	"helpdesk/daemon"
	"helpdesk/devmail"
	"helpdesk/directory"
	"helpdesk/examples"
	"helpdesk/internal/cli"
	"helpdesk/staff"
	"helpdesk/ticketstore"
)

// DemoSupport is the support address of the demo when no config names one.
const DemoSupport = "support@demo.test"

// The demo's own people (with --seed): a technician and the dispatch team, whose mailboxes a
// mail client reads like any other, so that assignment mails can be answered with commands.
const (
	DemoDispatch   = "dispo@demo.test"
	DemoTechnician = "max.keller@demo.test"
)

func demoCommand() *cli.Command {
	return &cli.Command{Name: "demo", Summary: "run the daemon against an embedded mail world on loopback (no setup)",
		Help: "Runs the real daemon against an embedded mail world on loopback, with no setup:\n" +
			"an SMTP port that delivers any recipient into an embedded IMAP server (any address\n" +
			"is a login, password \"demo\"; local+detail@domain is delivered to local@domain, as\n" +
			"real servers do). The support mailbox is one of them, and the daemon's own mail is\n" +
			"delivered there too, so you can send an incident with any mail client or swaks, read\n" +
			"the confirmation in your own mailbox and answer it.\n\n" +
			"With -config FILE it takes data_dir, language and [support] from the file (the mail\n" +
			"servers are always the embedded ones), so the other commands given the same file work\n" +
			"against the running demo; it refuses a data_dir whose store 'helpdesk serve' wrote.\n" +
			"Without -config the data goes to a temporary directory. It listens on loopback only.\n\n" +
			"Example:\n  helpdesk demo --seed",
		Setup: func(f *cli.Flags) cli.Action {
			seed := f.Bool("seed", false, "import the example customer directory and deliver a few sample mails")
			imapAddr := f.String("imap", devmail.DefaultIMAPAddr, "listen `ADDRESS` of the embedded IMAP server (loopback only)")
			smtpAddr := f.String("smtp", devmail.DefaultSMTPAddr, "listen `ADDRESS` of the embedded SMTP server (loopback only)")
			return func(ctx context.Context, r *cli.Run) error {
				configGiven := false
				f.Visit(func(fl *flag.Flag) { configGiven = configGiven || fl.Name == "config" })
				return runDemo(ctx, r, *seed, *imapAddr, *smtpAddr, configGiven)
			}
		}}
}

func runDemo(ctx context.Context, r *cli.Run, seed bool, imapAddr, smtpAddr string, configGiven bool) error {
	e := r.Env
	// The embedded IMAP server lets anyone in with the shared password: it must not be
	// reachable from the network.
	for _, a := range []struct{ flag, addr string }{{"-imap", imapAddr}, {"-smtp", smtpAddr}} {
		if !config.IsLoopback(a.addr) {
			return cli.Usagef("%s %s: the demo listens only on loopback (127.0.0.1, ::1 or localhost): its IMAP server takes any login with password %q", a.flag, a.addr, devmail.DefaultPassword)
		}
	}

	cfg := config.Default()
	cfg.Support.Address = DemoSupport
	cfg.Support.Name = ""
	if configGiven {
		fc, err := config.Load(r.ConfigPath)
		var ps config.Problems
		if err != nil && !(errors.As(err, &ps) && fc != nil) {
			return err
		}
		cfg.DataDir, cfg.Language, cfg.Support = fc.DataDir, fc.Language, fc.Support
		cfg.Timezone, cfg.Templates, cfg.Control = fc.Timezone, fc.Templates, fc.Control
	} else {
		dir, err := os.MkdirTemp("", "helpdesk-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.DataDir = dir
	}
	if cfg.Support.Name == "" {
		cfg.Support.Name = map[string]string{"en": "Customer Support"}[cfg.Language]
		if cfg.Support.Name == "" {
			cfg.Support.Name = "Kundensupport"
		}
	}
	if cfg.Dispatch.Address == "" {
		cfg.Dispatch.Address = DemoDispatch
	}
	cfg.Log.Level, cfg.Log.Format = "info", "console"
	log := newLogger(e.Stderr, cfg.Log.Level, cfg.Log.Format)

	world, err := devmail.Start(devmail.Options{IMAPAddr: imapAddr, SMTPAddr: smtpAddr, Log: log.With().Str("component", "devmail").Logger()})
	if err != nil {
		return fmt.Errorf("start the embedded mail servers: %w", err)
	}
	defer world.Close()

	cfg.IMAP.Address, cfg.IMAP.Security = world.IMAPAddr(), config.SecurityNone
	cfg.IMAP.Username, cfg.IMAP.Password = cfg.Support.Address, world.Password()
	cfg.IMAP.PollInterval = config.Duration(2 * time.Second)
	cfg.SMTP.Address, cfg.SMTP.Security = world.SMTPAddr(), config.SecurityNone
	cfg.SMTP.Username, cfg.SMTP.Password = "", ""
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("demo settings: %w", err)
	}

	if err := checkDemoStore(cfg.DataDir); err != nil {
		return err
	}
	d, err := daemon.Open(cfg, log, daemon.Create, storeWait)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Store.SetOrigin(ticketstore.OriginDemo); err != nil {
		return err
	}
	cfgHint := "-config " + r.ConfigPath
	if !configGiven {
		// A config file for the other commands, so they find this demo's data.
		path := filepath.Join(cfg.DataDir, "helpdesk.toml")
		text := fmt.Sprintf("# written by helpdesk demo for the commands that work with it\ndata_dir = %q\nlanguage = %q\n\n[support]\naddress = %q\nname = %q\n",
			cfg.DataDir, cfg.Language, cfg.Support.Address, cfg.Support.Name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			return err
		}
		cfgHint = "-config " + path
	}

	fmt.Fprintf(e.Stdout, `helpdesk demo is running.

  Support address   %s
  SMTP (send mail)  %s   no TLS, no login needed
  IMAP (read mail)  %s   login: any address, password %q
  Data directory    %s

Send an incident, e.g. with swaks:
  swaks --server %s --from you@example.test --to %s \
        --header "Subject: Drucker druckt nicht" --body "Seit heute früh kommt nichts mehr raus."
Then read the confirmation in the mailbox of you@example.test (IMAP, password %q), and list
the tickets in another terminal:
  go run ./cmd/helpdesk ticket list %s
With --seed, technician Max Keller (%s) and the dispatch team (%s) get their mails
in their own mailboxes: answer one from Max's address with e.g. "#status in Arbeit" and
"#zeit 45m Router getauscht" above your text, or with "#hilfe" for all commands.

Stop with Ctrl-C.

`, cfg.Support.Address, world.SMTPAddr(), world.IMAPAddr(), world.Password(), cfg.DataDir,
		world.SMTPAddr(), cfg.Support.Address, world.Password(), cfgHint, DemoTechnician, cfg.Dispatch.Address)

	if seed {
		if err := seedDemo(ctx, d, world, cfg); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return d.Serve(ctx)
}

// checkDemoStore refuses a data_dir whose store the demo did not write: the demo would
// deliver that store's pending outbox into its own mail world and mark it sent.
func checkDemoStore(dataDir string) error {
	path := filepath.Join(dataDir, daemon.StoreFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	s, err := ticketstore.Open(path, &ticketstore.Options{ReadOnly: true})
	if errors.Is(err, ticketstore.ErrLocked) {
		return fmt.Errorf("data_dir %s: the store is in use (a running helpdesk serve?); the demo needs a data_dir of its own", dataDir)
	}
	if err != nil {
		return fmt.Errorf("data_dir %s: %w", dataDir, err)
	}
	defer s.Close()
	origin, err := s.Origin()
	if err != nil {
		return err
	}
	empty, err := s.Empty()
	if err != nil {
		return err
	}
	switch {
	case origin == ticketstore.OriginServe:
		return fmt.Errorf("data_dir %s holds a store written by 'helpdesk serve': the demo would deliver its outbox into the demo's mail world; give the demo a data_dir of its own", dataDir)
	case origin == "" && !empty:
		return fmt.Errorf("data_dir %s holds a store that the demo did not write; give the demo a data_dir of its own", dataDir)
	}
	return nil
}

// seedDemo imports the example directory (unless one is stored already) and delivers sample
// mails: incidents from known customers in German and English, a status request, an
// out-of-office reply and a newsletter, which the daemon sets aside.
func seedDemo(ctx context.Context, d *daemon.Desk, world *devmail.World, cfg *config.Config) error {
	if len(d.Proc.Directory().Customers) == 0 {
		dir, err := directory.Read(bytes.NewReader(examples.Directory), "toml")
		if err != nil {
			return fmt.Errorf("example directory: %w", err)
		}
		if _, err := d.ImportDirectoryFromValue(dir); err != nil {
			return err
		}
	}
	for _, t := range []staff.Technician{
		{ID: "mkeller", Name: "Max Keller", Emails: []string{DemoTechnician}, Role: staff.RoleTechnician, Active: true},
		{ID: "dispo", Name: "Disposition", Emails: []string{DemoDispatch}, Role: staff.RoleDispatch, Active: true},
	} {
		_, err := d.AddTechnician(t)
		if err != nil && !errors.Is(err, directory.ErrExists) {
			return fmt.Errorf("demo technician %s: %w", t.ID, err)
		}
	}
	for _, m := range demoMails(cfg.Support.Address, time.Now()) {
		if err := world.Deliver(m.from, []string{cfg.Support.Address}, []byte(m.raw)); err != nil {
			return err
		}
	}
	return nil
}

type demoMail struct{ from, raw string }

func demoMails(support string, now time.Time) []demoMail {
	date := now.Format(time.RFC1123Z)
	id := func(n int) string { return fmt.Sprintf("<demo-%d-%d@demo.test>", now.Unix(), n) }
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	return []demoMail{
		{"l.neumann@kanzlei-berger.demo", crlf(`From: Lukas Neumann <l.neumann@kanzlei-berger.demo>
To: ` + support + `
Subject: =?utf-8?q?Drucker_im_2=2E_OG_druckt_nicht?=
Date: ` + date + `
Message-ID: ` + id(1) + `
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Guten Morgen,

der Drucker im 2. OG (Kyocera, Raum 2.14) zeigt "Papierstau", obwohl kein Papier klemmt.
Screenshot der Fehlermeldung anbei.

Viele Grüße
Lukas Neumann
--b1
Content-Type: image/png; name="fehlermeldung.png"
Content-Disposition: attachment; filename="fehlermeldung.png"
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
--b1--
`)},
		{"d.oconnor@hoffmann-group.test", crlf(`From: Declan O'Connor <d.oconnor@hoffmann-group.test>
To: ` + support + `
Subject: VPN connection drops every ten minutes
Date: ` + date + `
Message-ID: ` + id(2) + `
Content-Type: text/plain; charset=us-ascii

Hi,

since this morning the site-to-site VPN to Hannover drops every ten minutes.
Users in the Dublin office cannot reach the ERP system.

Thanks,
Declan
`)},
		{"c.berger@kanzlei-berger.demo", crlf(`From: Claudia Berger <c.berger@kanzlei-berger.demo>
To: ` + support + `
Subject: Status
Date: ` + date + `
Message-ID: ` + id(3) + `
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bitte senden Sie mir den aktuellen Stand.
`)},
		{"m.hartmann@example.test", crlf(`From: Markus Hartmann <m.hartmann@example.test>
To: ` + support + `
Subject: =?utf-8?q?Automatische_Antwort=3A_Ihre_Anfrage?=
Date: ` + date + `
Message-ID: ` + id(4) + `
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Ich bin bis zum 5. Dezember nicht im Büro. In dringenden Fällen wenden Sie sich bitte an
meine Kollegin.
`)},
		{"news@vendor.example", crlf(`From: Vendor News <news@vendor.example>
To: ` + support + `
Subject: Unser Newsletter im Dezember
Date: ` + date + `
Message-ID: ` + id(5) + `
List-Id: <newsletter.vendor.example>
List-Unsubscribe: <mailto:unsubscribe@vendor.example>
Precedence: bulk
Content-Type: text/plain; charset=utf-8

Neue Produkte, neue Preise.
`)},
	}
}
