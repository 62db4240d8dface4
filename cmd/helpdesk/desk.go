package main

// The commands that run or look after the whole desk: serve, demo, status, config, backup.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"helpdesk/config"
	"helpdesk/control"
	"helpdesk/daemon"
	"helpdesk/internal/cli"
	"helpdesk/ticketstore"
)

func deskCommands() []*cli.Command {
	return []*cli.Command{
		{Name: "serve", Summary: "run the daemon: watch the mailbox, make tickets, send mail",
			Help: "Runs the daemon in the foreground until SIGTERM or SIGINT: watches the support\n" +
				"mailbox over IMAP, turns mail into tickets and comments, delivers the outbox over SMTP,\n" +
				"and answers the other commands through the control socket in data_dir. It creates\n" +
				"data_dir, the store and the reply key when they are missing.\n\n" +
				"Example:\n  helpdesk serve -config /etc/helpdesk/helpdesk.toml",
			Setup: func(f *cli.Flags) cli.Action { return runServe }},
		demoCommand(),
		{Name: "status", Summary: "show whether the daemon runs, its IMAP session and queue sizes",
			Help: "Shows whether the daemon runs, its IMAP session, and how many tickets, outbox\n" +
				"mails and set-aside mails there are.\n\nExample:\n  helpdesk status --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.None
				return call(f, daemon.Status, &a, "print JSON", printStatus)
			}},
		{Name: "config check", Summary: "report every problem of the config file; exit 1 if there is any",
			Help: "Reads the config file and reports every problem at once, each naming its setting.\n" +
				"Exits 1 when there is any.\n\nExample:\n  helpdesk config check -config /etc/helpdesk/helpdesk.toml",
			Setup: func(f *cli.Flags) cli.Action { return runConfigCheck }},
		{Name: "config example", Summary: "print an annotated example config that passes the check",
			Help:  "Prints an annotated example config that passes 'config check'.\n\nExample:\n  helpdesk config example > helpdesk.toml",
			Setup: func(f *cli.Flags) cli.Action { return runConfigExample }},
		{Name: "backup", Summary: "write a consistent copy of the store (also while the daemon runs)",
			Help: "Writes a consistent copy of the store to FILE, also while the daemon runs.\n" +
				"Attachments and large mails live in data_dir/blobs and the reply key in\n" +
				"data_dir/reply.key: back those up too. With --compact the copy is written with\n" +
				"bbolt's compaction, without the free pages the store collects: the smallest backup.\n\n" +
				"Example:\n  helpdesk backup /var/backups/helpdesk-$(date +%F).db\n  helpdesk backup --compact /var/backups/helpdesk-$(date +%F).db",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.BackupArgs
				f.ArgFunc("FILE", func(s string) error {
					abs, err := filepath.Abs(s)
					a.File = abs
					return err
				})
				f.BoolVar(&a.Compact, "compact", false, "write a compacted copy (no free pages; slower; FILE must not exist)")
				return call(f, daemon.Backup, &a, "print JSON", printBackup)
			}},
		{Name: "backup restore", Summary: "put a backup copy in place of the store (the daemon must be stopped)",
			Help: "Copies FILE, a copy written by 'helpdesk backup', into data_dir as the store. The\n" +
				"daemon must not run. An existing store is kept beside it as helpdesk.db.before-restore-TIME\n" +
				"when --force is given, and refused otherwise. Restore data_dir/blobs and\n" +
				"data_dir/reply.key from the same backup.\n\nExample:\n  helpdesk backup restore /var/backups/helpdesk-2026-12-01.db",
			Setup: func(f *cli.Flags) cli.Action {
				var file string
				f.Arg("FILE", &file)
				force := f.Bool("force", false, "replace an existing store (it is kept beside it)")
				return func(ctx context.Context, r *cli.Run) error { return runRestore(ctx, r, file, *force) }
			}},
		{Name: "compact", Summary: "compact the store (the daemon must be stopped), or write a compacted copy",
			Help: "Rewrites the store without the free pages it collects as records change and sent mail\n" +
				"loses its text (outbox.keep_sent): the file shrinks to what the records need. The\n" +
				"daemon must be stopped; compact refuses while it runs. The store stays as it is until\n" +
				"the compacted copy is complete, synced and verified equal to it record by record; then\n" +
				"the copy replaces it in one rename. Prints the sizes before and after. It needs free\n" +
				"disk space for the copy.\n\n" +
				"With --output FILE it leaves the store alone and writes a compacted copy to FILE, also\n" +
				"while the daemon runs (the same as 'helpdesk backup --compact FILE').\n\n" +
				"Example:\n  helpdesk compact\n  helpdesk compact --output /var/backups/helpdesk-compact.db",
			Setup: func(f *cli.Flags) cli.Action {
				output := f.String("output", "", "write a compacted copy to `FILE` instead, also while the daemon runs")
				return func(ctx context.Context, r *cli.Run) error {
					if *output != "" {
						abs, err := filepath.Abs(*output)
						if err != nil {
							return err
						}
						res, err := invoke(ctx, r, daemon.Backup, daemon.BackupArgs{File: abs, Compact: true})
						if err != nil {
							return err
						}
						return printBackup(r, res)
					}
					return runCompact(ctx, r)
				}
			}},
	}
}

func printBackup(r *cli.Run, b daemon.BackupResult) error {
	if b.Compacted {
		_, err := fmt.Fprintf(r.Stdout, "wrote %s, compacted: %s (the store file is %s)\n", b.File, sizeMB(b.Bytes), sizeMB(b.StoreBytes))
		return err
	}
	_, err := fmt.Fprintf(r.Stdout, "wrote %s (%d bytes)\n", b.File, b.Bytes)
	return err
}

// runCompact compacts the store in place, offline.
func runCompact(ctx context.Context, r *cli.Run) error {
	cfg, err := loadConfig(r)
	if err != nil {
		return err
	}
	if c, err := control.Dial(ctx, cfg.ControlSocket()); err == nil {
		c.Close()
		return errors.New("the daemon runs: stop it before compacting, or write a compacted copy with 'helpdesk compact --output FILE'")
	}
	path := filepath.Join(cfg.DataDir, daemon.StoreFile)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no store to compact at %s (is data_dir right?): %w", path, err)
	}
	res, err := ticketstore.CompactInPlace(path)
	if errors.Is(err, ticketstore.ErrLocked) {
		return errors.New("the store is in use by another process (a daemon without control socket?): stop it before compacting")
	}
	if err != nil {
		return err
	}
	saved := 0.0
	if res.Before > 0 {
		saved = 100 * float64(res.Before-res.After) / float64(res.Before)
	}
	_, err = fmt.Fprintf(r.Stdout, "compacted %s: %s before, %s after (%.0f%% smaller) in %s\n",
		path, sizeMB(res.Before), sizeMB(res.After), saved, res.Elapsed.Round(time.Millisecond))
	return err
}

// sizeMB writes a file size in megabytes, the unit operators compare stores in.
func sizeMB(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func runServe(ctx context.Context, r *cli.Run) error {
	cfg, err := strictConfig(r)
	if err != nil {
		return err
	}
	log := newLogger(r.Stderr, cfg.Log.Level, cfg.Log.Format)
	d, err := daemon.Open(cfg, log, daemon.Create, storeWait)
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

func printStatus(r *cli.Run, s daemon.StatusResult) error {
	tw := tabs(r.Stdout)
	fmt.Fprintf(tw, "daemon running:\t%v\n", s.Running)
	if s.Running {
		fmt.Fprintf(tw, "imap connected:\t%v (idle: %v)\n", s.IMAPConnected, s.IMAPIdle)
		if !s.LastSync.IsZero() {
			fmt.Fprintf(tw, "last sync:\t%s\n", s.LastSync.Format(time.RFC3339))
		}
		if s.LastError != "" {
			fmt.Fprintf(tw, "last error:\t%s\n", s.LastError)
		}
	}
	fmt.Fprintf(tw, "tickets:\t%d (%d open)\n", s.Tickets, s.OpenTickets)
	fmt.Fprintf(tw, "outbox:\t%d pending, %d failed\n", s.OutboxPending, s.OutboxFailed)
	fmt.Fprintf(tw, "set aside:\t%d\n", s.SetAside)
	return tw.Flush()
}

func runConfigCheck(_ context.Context, r *cli.Run) error {
	_, err := config.Load(r.ConfigPath)
	var ps config.Problems
	if errors.As(err, &ps) {
		fmt.Fprintf(r.Stdout, "%s: %d problem(s)\n", r.ConfigPath, len(ps))
		for _, p := range ps {
			fmt.Fprintf(r.Stdout, "  %s\n", p)
		}
		return fmt.Errorf("%s is not valid", r.ConfigPath)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(r.Stdout, "%s: ok\n", r.ConfigPath)
	return nil
}

func runConfigExample(_ context.Context, r *cli.Run) error {
	_, err := io.WriteString(r.Stdout, config.Example())
	return err
}

// runRestore copies a backup into place as the store, after checking that it is one.
func runRestore(ctx context.Context, r *cli.Run, file string, force bool) error {
	cfg, err := loadConfig(r)
	if err != nil {
		return err
	}
	if c, err := control.Dial(ctx, cfg.ControlSocket()); err == nil {
		c.Close()
		return errors.New("the daemon runs: stop it before restoring")
	}
	dst := filepath.Join(cfg.DataDir, daemon.StoreFile)
	if cur, err := ticketstore.Open(dst, &ticketstore.Options{ReadOnly: true}); err == nil {
		cur.Close()
	} else if errors.Is(err, ticketstore.ErrLocked) {
		return errors.New("the store is in use (a daemon without control socket?): stop it before restoring")
	}
	backup, err := ticketstore.Open(file, &ticketstore.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("%s is not a store this helpdesk can read: %w", file, err)
	}
	backup.Close()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		if !force {
			return fmt.Errorf("%s exists: give --force to replace it (it is kept beside it)", dst)
		}
		kept := dst + ".before-restore-" + time.Now().Format("20060102-150405")
		if err := os.Rename(dst, kept); err != nil {
			return err
		}
		fmt.Fprintf(r.Stdout, "kept the store that was there as %s\n", kept)
	}
	if err := copyFileSynced(file, dst); err != nil {
		return err
	}
	fmt.Fprintf(r.Stdout, "restored %s to %s\n", file, dst)
	if _, err := os.Stat(cfg.ReplySecretFile()); err != nil {
		fmt.Fprintf(r.Stderr, "note: %s is missing: restore it from the same backup, or replies to older ticket mail match by subject and references only\n", cfg.ReplySecretFile())
	}
	return nil
}

// copyFileSynced copies src to dst (mode 0600) through a synced temp file and a rename.
func copyFileSynced(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	}
	return nil
}
