package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// DefaultConfig is the config file used when -config is not given.
const DefaultConfig = "./helpdesk.toml"

// ExitUsage is the exit code for wrong use of the command line; 1 is for failures.
const ExitUsage = 2

// Command is one subcommand, declared as data.
type Command struct {
	Name    string // the words after the program's name, e.g. "ticket list"
	Summary string // one line
	Help    string // what it does, in paragraphs; ends with "Example:" lines
	// Setup registers the command's flags and positional arguments on f and returns what runs
	// once they are parsed.
	Setup func(f *Flags) Action
}

// Action runs a command after its flags and arguments are parsed.
type Action func(ctx context.Context, r *Run) error

// Env holds the streams a command writes to, so tests can run commands in-process.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
}

// Run is what an Action gets.
type Run struct {
	*Env
	Args       []string // the positional arguments, also given to their declared targets
	ConfigPath string   // -config
}

// Flags is a command's flag set with the flags every command shares, and its positional
// arguments.
type Flags struct {
	*flag.FlagSet
	ConfigPath string
	JSON       bool // --json, when the command registered it with JSONFlag
	args       []posArg
	required   []string // flags that must be given a value that is not blank
}

// posArg is one declared positional argument: set parses it into its target.
type posArg struct {
	name     string
	optional bool
	rest     bool // takes all remaining arguments (at least one unless optional)
	set      func(string) error
}

// NewFlags returns the flag set of the command name, writing its messages to out.
func NewFlags(name string, out io.Writer) *Flags {
	f := &Flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	f.SetOutput(out)
	f.StringVar(&f.ConfigPath, "config", DefaultConfig, "config `FILE`")
	return f
}

// JSONFlag registers --json with the given help; Flags.JSON reports it after parsing.
func (f *Flags) JSONFlag(usage string) { f.BoolVar(&f.JSON, "json", false, usage) }

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

// RestFunc is Rest with each argument parsed by set.
func (f *Flags) RestFunc(name string, set func(string) error) {
	f.args = append(f.args, posArg{name: name, rest: true, set: set})
}

// Require makes the named flags (already declared) mandatory: a command line without them,
// or with only blanks, is a usage error naming the flag and its value, "want --reason TEXT".
func (f *Flags) Require(names ...string) { f.required = append(f.required, names...) }

// checkRequired reports the first required flag without a value.
func (f *Flags) checkRequired() error {
	for _, name := range f.required {
		fl := f.Lookup(name)
		if fl == nil {
			return fmt.Errorf("cli: required flag --%s is not declared", name)
		}
		if strings.TrimSpace(fl.Value.String()) == "" {
			placeholder, _ := flag.UnquoteUsage(fl)
			return Usagef("want --%s %s", name, placeholder)
		}
	}
	return nil
}

// Synopsis describes the positional arguments: "NUMBER STATUS", "[FILE]", "FILE...".
func (f *Flags) Synopsis() string {
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
			return nil, UsageError{err.Error()}
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
	if err := f.assign(pos); err != nil {
		return pos, err
	}
	return pos, f.checkRequired()
}

// assign gives each declared positional argument its value and checks the count.
func (f *Flags) assign(pos []string) error {
	want := func() error {
		if len(f.args) == 0 {
			return Usagef("unexpected argument %q", pos[0])
		}
		return Usagef("want %s", f.Synopsis())
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
					return Usagef("%s %q: %v", a.name, pos[i], err)
				}
			}
		case i < len(pos):
			if err := a.set(pos[i]); err != nil {
				return Usagef("%s %q: %v", a.name, pos[i], err)
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

// UsageError is a mistake on the command line: printed with a pointer to the help, exit code 2.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef returns a UsageError.
func Usagef(format string, a ...any) error { return UsageError{fmt.Sprintf(format, a...)} }
