package main

// "mail classify": the daemon's decision for raw mails, as a dry run.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"helpdesk/config"
	"helpdesk/daemon"
	"helpdesk/directory"
	"helpdesk/internal/cli"
	"helpdesk/mailflow"
	"helpdesk/templates"
)

func mailCommands() []*cli.Command {
	return []*cli.Command{{Name: "mail classify", Summary: "print what the daemon would do with raw .eml files",
		Help: "Reads raw mails (.eml) and prints, one line per file, what the daemon would do:\n" +
			"ticket, comment (with the ticket), setaside (with the reason) or command. Uses the same\n" +
			"code and config as the daemon and changes nothing. Without a config file it uses the\n" +
			"defaults; without a store (or daemon) replies cannot be matched to tickets.\n\n" +
			"Example:\n  helpdesk mail classify --json ~/Downloads/*.eml",
		Setup: func(f *cli.Flags) cli.Action {
			var files []string
			f.Rest("FILE", &files)
			f.JSONFlag("print one JSON object per line")
			return func(ctx context.Context, r *cli.Run) error { return runMailClassify(ctx, r, files, f.JSON) }
		}}}
}

func runMailClassify(ctx context.Context, r *cli.Run, files []string, asJSON bool) error {
	classify, err := classifier(ctx, r)
	if err != nil {
		return err
	}
	failed := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		var res daemon.ClassifyResult
		if err == nil {
			res, err = classify(data)
		}
		if err != nil {
			fmt.Fprintf(r.Stderr, "%s: %v\n", file, err)
			failed++
			continue
		}
		res.File = file
		if asJSON {
			b, err := json.Marshal(res)
			if err != nil {
				return err
			}
			fmt.Fprintf(r.Stdout, "%s\n", b)
			continue
		}
		line := fmt.Sprintf("%s: %s", file, res.Verdict)
		if res.Ticket != "" {
			line += " " + res.Ticket
		}
		if res.ReasonCode != "" {
			line += " [" + res.ReasonCode + "]"
		}
		fmt.Fprintf(r.Stdout, "%s %s\n", line, res.Reason)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be read", failed, len(files))
	}
	return nil
}

// classifier picks how to classify: through the running daemon or on the store, or with the
// config alone (or the defaults) when there is no store.
func classifier(ctx context.Context, r *cli.Run) (func([]byte) (daemon.ClassifyResult, error), error) {
	cfg, err := loadConfig(r)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		cfg = config.Default()
		if cfg.Support.Address == "" {
			cfg.Support.Address = "support@localhost.invalid"
		}
		fmt.Fprintf(r.Stderr, "note: %s not found, using the default settings\n", r.ConfigPath)
	}
	if cfg.DataDir != "" {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, daemon.StoreFile)); err == nil {
			return func(raw []byte) (daemon.ClassifyResult, error) {
				return daemon.Call(ctx, cfg, quietLogger(r.Env), daemon.MailClassify, daemon.ClassifyArgs{Raw: raw})
			}, nil
		}
	}
	tmpl, err := templates.Load(cfg.Templates.Dir)
	if err != nil {
		return nil, err
	}
	p, err := mailflow.New(mailflow.Deps{Config: cfg, Templates: tmpl, Log: quietLogger(r.Env)})
	if err != nil {
		return nil, err
	}
	if cfg.Directory.File != "" {
		if dir, err := directory.Load(cfg.Directory.File); err == nil {
			p.SetDirectory(dir)
		}
	}
	return func(raw []byte) (daemon.ClassifyResult, error) {
		return daemon.ClassifyWith(p, strings.NewReader(string(raw)))
	}, nil
}
