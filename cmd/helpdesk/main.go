// Command helpdesk is the email-first helpdesk daemon and its operator tools, in one binary with
// subcommands. Run "helpdesk help" for the list.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/config"
)

// DefaultConfig is the config file used when -config is not given.
const DefaultConfig = "./helpdesk.toml"

// exitUsage is the exit code for wrong command-line use; 1 is for failures.
const exitUsage = 2

// command is one subcommand (or a group of them, when sub is set).
type command struct {
	name    string
	args    string // synopsis of the arguments
	summary string
	run     func(ctx context.Context, env *env, args []string) error
	sub     []*command
}

// env is what every command gets: streams for output, so tests can run commands in-process.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
}

// usageError is a mistake on the command line: printed with the command's help, exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func commands() []*command {
	return []*command{
		{name: "serve", summary: "run the daemon: watch the mailbox, make tickets, send mail", run: runServe},
		{name: "demo", summary: "run the daemon against an embedded mail world on loopback (no setup)", run: runDemo},
		{name: "status", summary: "show whether the daemon runs, its IMAP session and queue sizes", run: runStatus},
		{name: "config", summary: "check the config or print an annotated example", sub: []*command{
			{name: "check", summary: "report every problem of the config file; exit 1 if there is any", run: runConfigCheck},
			{name: "example", summary: "print an annotated example config that passes the check", run: runConfigExample},
		}},
		{name: "ticket", summary: "list, show and change tickets", sub: []*command{
			{name: "list", summary: "list tickets (all unless filtered)", run: runTicketList},
			{name: "show", args: "NUMBER", summary: "show a ticket with its comments", run: runTicketShow},
			{name: "status", args: "NUMBER STATUS", summary: "change a ticket's status and mail the requester", run: runTicketStatus},
		}},
		{name: "outbox", summary: "outgoing mail", sub: []*command{
			{name: "list", summary: "list outgoing mail with delivery state", run: runOutboxList},
			{name: "retry", args: "ID", summary: "deliver a failed mail again", run: runOutboxRetry},
		}},
		{name: "setaside", summary: "mail that did not become a ticket", sub: []*command{
			{name: "list", summary: "list set-aside mail with its reason", run: runSetAsideList},
			{name: "release", args: "ID", summary: "process a set-aside mail as a normal mail now", run: runSetAsideRelease},
		}},
		{name: "mail", summary: "look at mail without changing anything", sub: []*command{
			{name: "classify", args: "FILE...", summary: "print what the daemon would do with raw .eml files", run: runMailClassify},
		}},
		{name: "backup", args: "FILE", summary: "write a consistent copy of the store (also while the daemon runs)", run: runBackup},
		{name: "customer", summary: "customers of the service desk", sub: customerCommands()},
		{name: "contact", summary: "contacts of customers", sub: contactCommands()},
		{name: "contract", summary: "contracts of customers", sub: contractCommands()},
		{name: "directory", summary: "the whole customer directory as one file", sub: directoryCommands()},
	}
}

func main() {
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin}
	os.Exit(run(context.Background(), e, os.Args[1:]))
}

// run dispatches args to a command and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	cmds := commands()
	path := "helpdesk"
	for {
		if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			printCommands(e.stdout, path, cmds)
			if len(args) == 0 {
				return exitUsage
			}
			return 0
		}
		c := find(cmds, args[0])
		if c == nil {
			fmt.Fprintf(e.stderr, "%s: unknown command %q\n\n", path, args[0])
			printCommands(e.stderr, path, cmds)
			return exitUsage
		}
		path += " " + c.name
		args = args[1:]
		if c.sub == nil {
			err := c.run(ctx, e, args)
			if err == nil {
				return 0
			}
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			var ue usageError
			if errors.As(err, &ue) {
				fmt.Fprintf(e.stderr, "%s: %v\nRun '%s --help' for usage.\n", path, err, path)
				return exitUsage
			}
			fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
			return 1
		}
		cmds = c.sub
	}
}

func find(cmds []*command, name string) *command {
	for _, c := range cmds {
		if c.name == name {
			return c
		}
	}
	return nil
}

func printCommands(w io.Writer, path string, cmds []*command) {
	fmt.Fprintf(w, "Usage: %s COMMAND [flags] [args]\n\nCommands:\n", path)
	for _, c := range cmds {
		name := c.name
		if c.args != "" {
			name += " " + c.args
		}
		fmt.Fprintf(w, "  %-22s %s\n", name, c.summary)
	}
	fmt.Fprintf(w, "\nEvery command takes -config FILE (default %s) and --help.\n", DefaultConfig)
}

// flags is a FlagSet with the options every command shares.
type flags struct {
	*flag.FlagSet
	configPath string
}

func newFlags(e *env, name, synopsis, help string) *flags {
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	f.SetOutput(e.stderr)
	f.StringVar(&f.configPath, "config", DefaultConfig, "config `FILE`")
	f.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: helpdesk %s [flags] %s\n\n%s\n\nFlags:\n", name, synopsis, help)
		f.PrintDefaults()
	}
	return f
}

// parse parses flags anywhere among the arguments (Go's flag package stops at the first
// positional one) and returns the positional arguments; "--" ends the flags.
func (f *flags) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		rest := f.Args()
		if len(args) > 0 && len(rest) > 0 && len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// loadStrictConfig reads the config file for the daemon: every problem stops it, all reported
// at once.
func (f *flags) loadStrictConfig() (*config.Config, error) {
	c, err := config.Load(f.configPath)
	if err != nil {
		var ps config.Problems
		if errors.As(err, &ps) {
			return nil, fmt.Errorf("%s has problems (run 'helpdesk config check'):\n%s", f.configPath, indent(ps.Error()))
		}
		return nil, err
	}
	return c, nil
}

// loadConfig reads the config file for the operator commands. They need only data_dir and the
// texts, so a problem elsewhere (say, an IMAP password only the daemon's environment holds)
// does not stop them.
func (f *flags) loadConfig() (*config.Config, error) {
	c, err := config.Load(f.configPath)
	var ps config.Problems
	if errors.As(err, &ps) && c != nil && c.DataDir != "" {
		return c, nil
	}
	if err != nil {
		if errors.As(err, &ps) {
			return nil, fmt.Errorf("%s has problems (run 'helpdesk config check'):\n%s", f.configPath, indent(ps.Error()))
		}
		return nil, err
	}
	return c, nil
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = "  " + lines[i]
	}
	return strings.Join(lines, "\n")
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
