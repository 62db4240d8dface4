// Command helpdesk is the email-first helpdesk daemon and its operator tools, in one binary with
// subcommands. Run "helpdesk help" for the list; docs/usage.md is written from the same table.
package main

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/internal/cli"
)

// program is the table of every command, in the order help lists them.
func program() *cli.Program {
	p := &cli.Program{Name: "helpdesk", Groups: []cli.Group{
		{Name: "config", Summary: "check the config or print an annotated example"},
		{Name: "backup", Summary: "copy the store while the daemon runs, or restore a copy"},
		{Name: "ticket", Summary: "list, show and change tickets"},
		{Name: "outbox", Summary: "outgoing mail"},
		{Name: "setaside", Summary: "mail that did not become a ticket"},
		{Name: "mail", Summary: "look at mail without changing anything"},
		{Name: "customer", Summary: "customers of the service desk"},
		{Name: "contact", Summary: "contacts of customers"},
		{Name: "contract", Summary: "contracts of customers"},
		{Name: "directory", Summary: "the whole customer directory as one file"},
		{Name: "technician", Summary: "the desk's technicians and dispatchers"},
		{Name: "time", Summary: "time recorded on tickets"},
		{Name: "billing", Summary: "approval of time and the billing export"},
		{Name: "report", Summary: "service reports: approved time, priced, as PDF by mail"},
		{Name: "kontingent", Summary: "prepaid hours: ledger and correction invoices"},
	}}
	for _, part := range [][]*cli.Command{
		deskCommands(), ticketCommands(), outboxCommands(), mailCommands(),
		customerCommands(), contactCommands(), contractCommands(), directoryCommands(), technicianCommands(),
		billingCommands(), reportCommands(),
	} {
		p.Commands = append(p.Commands, part...)
	}
	return p
}

func main() {
	e := &cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin}
	os.Exit(run(context.Background(), e, os.Args[1:]))
}

// run runs the command args and returns the exit code.
func run(ctx context.Context, e *cli.Env, args []string) int { return program().Main(ctx, e, args) }

// newLogger returns the process logger per [log]: console format on a terminal (or when asked),
// JSON otherwise. Fields are stable: component, ticket, uid, raw_id, reason_code, ...
func newLogger(w io.Writer, level, format string) zerolog.Logger {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil || level == "" {
		lvl = zerolog.InfoLevel
	}
	if format == "console" || (format == "auto" || format == "") && isTerminal(w) {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: "15:04:05", NoColor: !isTerminal(w)}
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// quietLogger is for the short-lived commands: only warnings and errors, to stderr.
func quietLogger(e *cli.Env) zerolog.Logger {
	return newLogger(e.Stderr, "warn", "console")
}

// storeWait is how long serve and demo wait for the store's lock, which a command run without
// the daemon holds for a moment.
const storeWait = 5 * time.Second
