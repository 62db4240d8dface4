package main

// The runner: every command is a Command in the table (commands.go); the runner owns what they
// share — flags anywhere among the arguments, positional arguments and their count, -config,
// --json, the help text, and how errors end the process.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"helpdesk/config"
)

// Command is one subcommand, declared as data: the runner parses, checks and runs it, and the
// usage document (docs/usage.md) is written from the same fields.
type Command struct {
	Name    string // the words after "helpdesk", e.g. "ticket list"
	Summary string // one line
	Help    string // what it does, in paragraphs; end with "Example:" lines
	// Setup registers the command's flags and positional arguments on f and returns what runs
	// once they are parsed.
	Setup func(f *Flags) Action
}

// Action runs a command after its flags and arguments are parsed.
type Action func(ctx context.Context, r *Run) error

// Run is what an Action gets: the streams, the parsed positional arguments and the config.
type Run struct {
	*env
	Args       []string
	configPath string
	cfg        *config.Config
}

// Config loads the config for the operator commands. They need only data_dir and the texts, so
// a problem elsewhere (say, an IMAP password only the daemon's environment holds) does not stop
// them.
func (r *Run) Config() (*config.Config, error) {
	if r.cfg != nil {
		return r.cfg, nil
	}
	c, err := config.Load(r.configPath)
	var ps config.Problems
	if errors.As(err, &ps) && c != nil && c.DataDir != "" {
		r.cfg = c
		return c, nil
	}
	if err != nil {
		if errors.As(err, &ps) {
			return nil, fmt.Errorf("%s has problems (run 'helpdesk config check'):\n%s", r.configPath, indent(ps.Error()))
		}
		return nil, err
	}
	r.cfg = c
	return c, nil
}

// StrictConfig loads the config for the daemon: every problem stops it, all reported at once.
func (r *Run) StrictConfig() (*config.Config, error) {
	c, err := config.Load(r.configPath)
	if err != nil {
		var ps config.Problems
		if errors.As(err, &ps) {
			return nil, fmt.Errorf("%s has problems (run 'helpdesk config check'):\n%s", r.configPath, indent(ps.Error()))
		}
		return nil, err
	}
	r.cfg = c
	return c, nil
}

// Flags is a command's flag set with the flags every command shares, and its positional
// arguments.
type Flags struct {
	*flag.FlagSet
	configPath string
	json       bool
	hasJSON    bool
	args       []posArg
}

// posArg is one declared positional argument: set parses it into its target.
type posArg struct {
	name     string
	optional bool
	rest     bool // takes all remaining arguments (at least one unless optional)
	set      func(string) error
}

func newFlags(name string, out io.Writer) *Flags {
	f := &Flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	f.SetOutput(out)
	f.StringVar(&f.configPath, "config", DefaultConfig, "config `FILE`")
	return f
}

// JSON registers --json with the given help; JSON() reports it after parsing.
func (f *Flags) JSONFlag(usage string) {
	f.hasJSON = true
	f.BoolVar(&f.json, "json", false, usage)
}

// Arg declares a required positional argument stored in *p.
func (f *Flags) Arg(name string, p *string) {
	f.args = append(f.args, posArg{name: name, set: func(s string) error { *p = s; return nil }})
}

// ArgFunc declares a required positional argument parsed by set.
func (f *Flags) ArgFunc(name string, set func(string) error) {
	f.args = append(f.args, posArg{name: name, set: set})
}

// OptArg declares an optional positional argument (after the required ones).
func (f *Flags) OptArg(name string, p *string) {
	f.args = append(f.args, posArg{name: name, optional: true, set: func(s string) error { *p = s; return nil }})
}

// Rest declares that the remaining positional arguments, at least one, go into *p.
func (f *Flags) Rest(name string, p *[]string) {
	f.args = append(f.args, posArg{name: name, rest: true, set: func(s string) error { *p = append(*p, s); return nil }})
}

// synopsis describes the positional arguments: "NUMBER STATUS", "[FILE]", "FILE...".
func (f *Flags) synopsis() string {
	var parts []string
	for _, a := range f.args {
		s := a.name
		if a.rest {
			s += "..."
		}
		if a.optional {
			s = "[" + s + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// parse parses flags anywhere among the arguments (Go's flag package stops at the first
// positional one; "--" ends the flags) and assigns the positional arguments.
func (f *Flags) parse(args []string) ([]string, error) {
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
			pos = append(pos, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	return pos, f.assign(pos)
}

// assign gives each declared positional argument its value and checks the count.
func (f *Flags) assign(pos []string) error {
	want := func() error {
		if len(f.args) == 0 {
			return usagef("unexpected argument %q", pos[0])
		}
		return usagef("want %s", f.synopsis())
	}
	i := 0
	for _, a := range f.args {
		switch {
		case a.rest:
			if i >= len(pos) && !a.optional {
				return want()
			}
			for ; i < len(pos); i++ {
				if err := a.set(pos[i]); err != nil {
					return usagef("%s %q: %v", a.name, pos[i], err)
				}
			}
		case i < len(pos):
			if err := a.set(pos[i]); err != nil {
				return usagef("%s %q: %v", a.name, pos[i], err)
			}
			i++
		case !a.optional:
			return want()
		}
	}
	if i < len(pos) {
		return want()
	}
	return nil
}

// usageError is a mistake on the command line: printed with a pointer to the help, exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// setup prepares c's flags; the usage text is printed on --help.
func setup(c *Command, e *env) (*Flags, Action) {
	f := newFlags(c.Name, e.stderr)
	action := c.Setup(f)
	f.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: helpdesk %s [flags] %s\n\n%s\n\nFlags:\n", c.Name, f.synopsis(), strings.TrimRight(c.Help, "\n"))
		f.PrintDefaults()
	}
	return f, action
}

// runCommand parses args for c and runs it; the error decides the exit code.
func runCommand(ctx context.Context, e *env, c *Command, args []string) error {
	f, action := setup(c, e)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	return action(ctx, &Run{env: e, Args: pos, configPath: f.configPath})
}

// exitCode prints err for the command at path and returns the process's exit code.
func exitCode(e *env, path string, err error) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "%s: %v\nRun '%s --help' for usage.\n", path, err, path)
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "%s: %v\n", path, readable(err))
		return 1
	}
}

// readable indents the continuation lines of a multi-line error, such as every problem the
// directory validation found. The message comes as text through the control socket, so this
// works the same whether or not the daemon runs.
func readable(err error) string {
	first, rest, ok := strings.Cut(err.Error(), "\n")
	if !ok {
		return first
	}
	return first + "\n" + indent(rest)
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = "  " + lines[i]
	}
	return strings.Join(lines, "\n")
}
