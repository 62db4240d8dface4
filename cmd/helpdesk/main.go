// Command helpdesk is the email-first helpdesk daemon and its operator tools, in one binary with
// subcommands. Run "helpdesk help" for the list; docs/usage.md is written from the same table.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// DefaultConfig is the config file used when -config is not given.
const DefaultConfig = "./helpdesk.toml"

// exitUsage is the exit code for wrong command-line use; 1 is for failures.
const exitUsage = 2

// groups names the first word of the commands that come in families, with a summary.
var groups = []struct{ name, summary string }{
	{"config", "check the config or print an annotated example"},
	{"ticket", "list, show and change tickets"},
	{"outbox", "outgoing mail"},
	{"setaside", "mail that did not become a ticket"},
	{"mail", "look at mail without changing anything"},
	{"customer", "customers of the service desk"},
	{"contact", "contacts of customers"},
	{"contract", "contracts of customers"},
	{"directory", "the whole customer directory as one file"},
}

// commands is the table of every command, in the order help lists them.
func commands() []*Command {
	var all []*Command
	for _, part := range [][]*Command{
		deskCommands(), ticketCommands(), outboxCommands(), mailCommands(),
		customerCommands(), contactCommands(), contractCommands(), directoryCommands(),
	} {
		all = append(all, part...)
	}
	return all
}

// env is what every command gets: streams for output, so tests can run commands in-process.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
}

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin}
	os.Exit(run(context.Background(), e, os.Args[1:]))
}

// run dispatches args to a command and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	cmds := commands()
	if len(args) == 0 || isHelp(args[0]) {
		printCommands(e.stdout, "", cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return 0
	}
	if len(args) >= 2 {
		if c := find(cmds, args[0]+" "+args[1]); c != nil {
			return exitCode(e, "helpdesk "+c.Name, runCommand(ctx, e, c, args[2:]))
		}
	}
	if c := find(cmds, args[0]); c != nil {
		return exitCode(e, "helpdesk "+c.Name, runCommand(ctx, e, c, args[1:]))
	}
	if isGroup(args[0]) {
		w, code := e.stderr, exitUsage
		switch {
		case len(args) == 1:
		case isHelp(args[1]):
			w, code = e.stdout, 0
		default:
			fmt.Fprintf(e.stderr, "helpdesk %s: unknown command %q\n\n", args[0], args[1])
		}
		printCommands(w, args[0], cmds)
		return code
	}
	fmt.Fprintf(e.stderr, "helpdesk: unknown command %q\n\n", args[0])
	printCommands(e.stderr, "", cmds)
	return exitUsage
}

func isHelp(a string) bool { return a == "help" || a == "-h" || a == "--help" || a == "-help" }

func isGroup(name string) bool {
	for _, g := range groups {
		if g.name == name {
			return true
		}
	}
	return false
}

func find(cmds []*Command, name string) *Command {
	for _, c := range cmds {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// printCommands lists the commands of group ("" for the top level, where families show as one
// line each).
func printCommands(w io.Writer, group string, cmds []*Command) {
	path := strings.TrimSpace("helpdesk " + group)
	fmt.Fprintf(w, "Usage: %s COMMAND [flags] [args]\n\nCommands:\n", path)
	seen := map[string]bool{}
	for _, c := range cmds {
		first, _, sub := strings.Cut(c.Name, " ")
		switch {
		case group == "" && sub && !seen[first]:
			seen[first] = true
			fmt.Fprintf(w, "  %-26s %s\n", first, groupSummary(first))
		case group == "" && !sub, group == first && sub:
			name := strings.TrimSpace(strings.TrimPrefix(c.Name, group))
			if s := synopsisOf(c); s != "" {
				name += " " + s
			}
			fmt.Fprintf(w, "  %-26s %s\n", name, c.Summary)
		}
	}
	fmt.Fprintf(w, "\nEvery command takes -config FILE (default %s) and --help.\n", DefaultConfig)
}

func groupSummary(name string) string {
	for _, g := range groups {
		if g.name == name {
			return g.summary
		}
	}
	return ""
}

// synopsisOf is the positional part of c's usage line.
func synopsisOf(c *Command) string {
	f := newFlags(c.Name, io.Discard)
	c.Setup(f)
	return f.synopsis()
}

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
func quietLogger(e *env) zerolog.Logger {
	return newLogger(e.stderr, "warn", "console")
}

// storeWait is how long serve and demo wait for the store's lock, which a command run without
// the daemon holds for a moment.
const storeWait = 5 * time.Second
