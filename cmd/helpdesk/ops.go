package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"helpdesk/config"
	"helpdesk/daemon"
	"helpdesk/mailflow"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

func runServe(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "serve", "", "Runs the daemon in the foreground until SIGTERM or SIGINT: watches the support\n"+
		"mailbox over IMAP, turns mail into tickets and comments, delivers the outbox over SMTP,\n"+
		"and answers the other commands through the control socket in data_dir.")
	if _, err := f.parse(args); err != nil {
		return err
	}
	cfg, err := f.loadStrictConfig()
	if err != nil {
		return err
	}
	log := newLogger(e.stderr, cfg.Log.Level, cfg.Log.Format)
	d, err := daemon.Open(cfg, log, storeWait)
	if err != nil {
		if errors.Is(err, ticketstore.ErrLocked) {
			return fmt.Errorf("another helpdesk already runs on %s", cfg.DataDir)
		}
		return err
	}
	defer d.Close()
	if err := d.Store.SetOrigin(ticketstore.OriginServe); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return d.Serve(ctx)
}

func runStatus(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "status", "", "Shows whether the daemon runs, its IMAP session, and how many tickets, outbox\nmails and set-aside mails there are.")
	asJSON := f.Bool("json", false, "print JSON")
	var r daemon.StatusResult
	if err := f.callNoArgs(ctx, e, args, "status", struct{}{}, &r); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, r)
	}
	tw := table(e.stdout)
	fmt.Fprintf(tw, "daemon running:\t%v\n", r.Running)
	if r.Running {
		fmt.Fprintf(tw, "imap connected:\t%v (idle: %v)\n", r.IMAPConnected, r.IMAPIdle)
		if !r.LastSync.IsZero() {
			fmt.Fprintf(tw, "last sync:\t%s\n", r.LastSync.Format(time.RFC3339))
		}
		if r.LastError != "" {
			fmt.Fprintf(tw, "last error:\t%s\n", r.LastError)
		}
	}
	fmt.Fprintf(tw, "tickets:\t%d (%d open)\n", r.Tickets, r.OpenTickets)
	fmt.Fprintf(tw, "outbox:\t%d pending, %d failed\n", r.OutboxPending, r.OutboxFailed)
	fmt.Fprintf(tw, "set aside:\t%d\n", r.SetAside)
	return tw.Flush()
}

func runConfigCheck(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "config check", "", "Reads the config file and reports every problem at once, each naming its setting.\nExits 1 when there is any.")
	if _, err := f.parse(args); err != nil {
		return err
	}
	_, err := config.Load(f.configPath)
	var ps config.Problems
	if errors.As(err, &ps) {
		fmt.Fprintf(e.stdout, "%s: %d problem(s)\n", f.configPath, len(ps))
		for _, p := range ps {
			fmt.Fprintf(e.stdout, "  %s\n", p)
		}
		return fmt.Errorf("%s is not valid", f.configPath)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: ok\n", f.configPath)
	return nil
}

func runConfigExample(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "config example", "", "Prints an annotated example config that passes 'config check'.")
	if _, err := f.parse(args); err != nil {
		return err
	}
	_, err := io.WriteString(e.stdout, config.Example())
	return err
}

func runTicketList(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "ticket list", "", "Lists every ticket, oldest first, unless filters are given; with --limit N, the N newest.")
	asJSON := f.Bool("json", false, "print a JSON array")
	var a daemon.TicketListArgs
	f.StringVar(&a.Status, "status", "", "only tickets in `STATUS` (new, in_progress, waiting, resolved, closed)")
	f.StringVar(&a.Customer, "customer", "", "only tickets of customer `NUMBER`")
	f.IntVar(&a.Limit, "limit", 0, "at most `N` tickets")
	var ts []daemon.TicketSummary
	if err := f.callNoArgs(ctx, e, args, "ticket.list", &a, &ts); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, ts)
	}
	tw := table(e.stdout)
	fmt.Fprintln(tw, "NUMBER\tSTATUS\tCUSTOMER\tREQUESTER\tUPDATED\tSUBJECT")
	for _, t := range ts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Number, t.Status, dash(t.Customer), t.Requester,
			t.Updated.Local().Format("2006-01-02 15:04"), clip(t.Subject, 60))
	}
	return tw.Flush()
}

func runTicketShow(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "ticket show", "NUMBER", "Shows one ticket with its comments and attachments.")
	asJSON := f.Bool("json", false, "print JSON")
	pos, cfg, err := f.parseExactly(args, 1, "one ticket number")
	if err != nil {
		return err
	}
	var t daemon.TicketDetail
	if err := daemon.Call(ctx, cfg, quietLogger(e), "ticket.show", daemon.NumberArgs{Number: pos[0]}, &t); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, t)
	}
	w := e.stdout
	fmt.Fprintf(w, "Ticket %s: %s\n", t.Number, t.Subject)
	fmt.Fprintf(w, "Status:    %s\nRequester: %s\nCustomer:  %s\nCreated:   %s\nUpdated:   %s\n",
		t.Status, t.Requester, dash(t.Customer), t.Created.Local().Format(time.RFC1123), t.Updated.Local().Format(time.RFC1123))
	if len(t.Flags) > 0 {
		fmt.Fprintf(w, "Flags:     %s\n", strings.Join(t.Flags, ", "))
	}
	if t.LinkedTo != "" {
		fmt.Fprintf(w, "Follows:   %s\n", t.LinkedTo)
	}
	for i, c := range t.Comments {
		fmt.Fprintf(w, "\n--- %d. %s (%s), %s\n%s\n", i+1, c.Author, c.Kind, c.Created.Local().Format("2006-01-02 15:04"), strings.TrimRight(c.Body, "\n"))
		for _, a := range c.Attachments {
			fmt.Fprintf(w, "    [attachment] %s (%s, %d bytes, sha256 %s)\n", a.Name, a.ContentType, a.Size, a.SHA256)
		}
	}
	return nil
}

func runTicketStatus(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "ticket status", "NUMBER STATUS", "Changes the status of a ticket and mails the requester (and the addresses the\n"+
		"customer chose for status changes). STATUS is new, in_progress, waiting, resolved or\n"+
		"closed, or a German or English label such as \"in Arbeit\" or \"erledigt\".")
	note := f.String("note", "", "note for the requester, included in the mail")
	author := f.String("author", "", "who made the change (recorded on the ticket)")
	pos, cfg, err := f.parseExactly(args, 2, "a ticket number and a status")
	if err != nil {
		return err
	}
	var t daemon.TicketSummary
	a := daemon.TicketStatusArgs{Number: pos[0], Status: pos[1], Note: *note, Author: *author}
	if err := daemon.Call(ctx, cfg, quietLogger(e), "ticket.status", a, &t); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ticket %s is now %s (%s)\n", t.Number, t.Status, templates.StatusLabel(t.Status, cfg.Language))
	return nil
}

func runOutboxList(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "outbox list", "", "Lists outgoing mail: pending first, then failed, then sent.")
	asJSON := f.Bool("json", false, "print a JSON array")
	var a daemon.OutboxListArgs
	f.StringVar(&a.State, "state", "", "only mail in `STATE` (pending, sent, failed)")
	var ms []daemon.OutboxView
	if err := f.callNoArgs(ctx, e, args, "outbox.list", &a, &ms); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, ms)
	}
	tw := table(e.stdout)
	fmt.Fprintln(tw, "ID\tSTATE\tATTEMPTS\tTICKET\tTO\tSUBJECT\tLAST ERROR")
	for _, m := range ms {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", m.ID, m.State, m.Attempts, dash(m.Ticket), strings.Join(m.To, ","), clip(m.Subject, 50), clip(m.LastError, 60))
	}
	return tw.Flush()
}

func runOutboxRetry(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "outbox retry", "ID", "Makes a failed outgoing mail pending again, to be delivered now.")
	pos, cfg, err := f.parseExactly(args, 1, "one ID")
	if err != nil {
		return err
	}
	id, err := parseID(pos[0])
	if err != nil {
		return err
	}
	if err := daemon.Call(ctx, cfg, quietLogger(e), "outbox.retry", daemon.IDArgs{ID: id}, nil); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "outbox mail %d will be delivered again\n", id)
	return nil
}

func runSetAsideList(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "setaside list", "", "Lists mail that was set aside (not made a ticket), with the reason.")
	asJSON := f.Bool("json", false, "print a JSON array")
	var a daemon.SetAsideListArgs
	f.BoolVar(&a.All, "all", false, "include mail that was released already")
	var ss []daemon.SetAsideView
	if err := f.callNoArgs(ctx, e, args, "setaside.list", &a, &ss); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, ss)
	}
	tw := table(e.stdout)
	fmt.Fprintln(tw, "ID\tRECEIVED\tREASON\tFROM\tSUBJECT")
	for _, s := range ss {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", s.ID, s.Received.Local().Format("2006-01-02 15:04"), s.ReasonCode, dash(s.From), clip(s.Subject, 60))
	}
	return tw.Flush()
}

func runSetAsideRelease(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "setaside release", "ID", "Processes a set-aside mail as a normal mail now: it becomes a ticket (with\n"+
		"confirmation) or a comment. The copy on the server stays in the set-aside folder.")
	pos, cfg, err := f.parseExactly(args, 1, "one ID")
	if err != nil {
		return err
	}
	id, err := parseID(pos[0])
	if err != nil {
		return err
	}
	var r daemon.ReleaseResult
	if err := daemon.Call(ctx, cfg, quietLogger(e), "setaside.release", daemon.IDArgs{ID: id}, &r); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "set-aside mail %d released: %s %s\n", r.ID, r.Verdict, r.Ticket)
	return nil
}

func runBackup(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "backup", "FILE", "Writes a consistent copy of the store to FILE, also while the daemon runs.\n"+
		"Attachments and large mails live in data_dir/blobs: back that directory up too.")
	pos, cfg, err := f.parseExactly(args, 1, "one backup file")
	if err != nil {
		return err
	}
	file, err := filepath.Abs(pos[0])
	if err != nil {
		return err
	}
	var r daemon.BackupResult
	if err := daemon.Call(ctx, cfg, quietLogger(e), "backup", daemon.BackupArgs{File: file}, &r); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d bytes)\n", r.File, r.Bytes)
	return nil
}

func runMailClassify(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "mail classify", "FILE...", "Reads raw mails (.eml) and prints, one line per file, what the daemon would do:\n"+
		"ticket, comment (with the ticket), setaside (with the reason) or command. Uses the same\n"+
		"code and config as the daemon and changes nothing. Without a config file it uses the\n"+
		"defaults; without a store (or daemon) replies cannot be matched to tickets.")
	asJSON := f.Bool("json", false, "print one JSON object per line")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("want at least one file")
	}
	classify, closeFn, err := classifier(ctx, e, f)
	if err != nil {
		return err
	}
	defer closeFn()
	failed := 0
	for _, file := range pos {
		data, err := os.ReadFile(file)
		var r daemon.ClassifyResult
		if err == nil {
			r, err = classify(data)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: %v\n", file, err)
			failed++
			continue
		}
		r.File = file
		if *asJSON {
			b, _ := json.Marshal(r)
			fmt.Fprintf(e.stdout, "%s\n", b)
			continue
		}
		line := fmt.Sprintf("%s: %s", file, r.Verdict)
		if r.Ticket != "" {
			line += " " + r.Ticket
		}
		if r.ReasonCode != "" {
			line += " [" + r.ReasonCode + "]"
		}
		fmt.Fprintf(e.stdout, "%s %s\n", line, r.Reason)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be read", failed, len(pos))
	}
	return nil
}

// classifier picks how to classify: through the running daemon, on the store, or with the
// config alone (or the defaults) when there is no store.
func classifier(ctx context.Context, e *env, f *flags) (func([]byte) (daemon.ClassifyResult, error), func(), error) {
	cfg, err := f.loadConfig()
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return nil, nil, err
		}
		cfg = config.Default()
		if cfg.Support.Address == "" {
			cfg.Support.Address = "support@localhost.invalid"
		}
		fmt.Fprintf(e.stderr, "note: %s not found, using the default settings\n", f.configPath)
	}
	log := quietLogger(e)
	if cfg.DataDir != "" {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, daemon.StoreFile)); err == nil {
			return func(raw []byte) (daemon.ClassifyResult, error) {
				var r daemon.ClassifyResult
				err := daemon.Call(ctx, cfg, log, "mail.classify", daemon.ClassifyArgs{Raw: raw}, &r)
				return r, err
			}, func() {}, nil
		}
	}
	tmpl, err := templates.Load(cfg.Templates.Dir)
	if err != nil {
		return nil, nil, err
	}
	p, err := mailflow.New(mailflow.Deps{Config: cfg, Templates: tmpl, Log: log})
	if err != nil {
		return nil, nil, err
	}
	if cfg.Directory.File != "" {
		if dir, err := loadDirectoryFile(cfg.Directory.File); err == nil {
			p.SetDirectory(dir)
		}
	}
	return func(raw []byte) (daemon.ClassifyResult, error) {
		return daemon.ClassifyWith(p, strings.NewReader(string(raw)))
	}, func() {}, nil
}

// callNoArgs parses args (flags only: in is filled by the flags), loads the config and runs op
// through daemon.Call, decoding the answer into out.
func (f *flags) callNoArgs(ctx context.Context, e *env, args []string, op string, in, out any) error {
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	return daemon.Call(ctx, cfg, quietLogger(e), op, in, out)
}

// parseExactly parses args, wants exactly n positional arguments (described by want) and
// loads the config.
func (f *flags) parseExactly(args []string, n int, want string) ([]string, *config.Config, error) {
	pos, err := f.parse(args)
	if err != nil {
		return nil, nil, err
	}
	if len(pos) != n {
		return nil, nil, usagef("want %s", want)
	}
	cfg, err := f.loadConfig()
	return pos, cfg, err
}

func parseID(s string) (uint64, error) {
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 {
		return 0, usagef("%q is not an ID", s)
	}
	return id, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
