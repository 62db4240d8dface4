package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Program is a table of commands under one name.
type Program struct {
	Name     string
	Commands []*Command
	// Groups names the first word of commands that come in families ("ticket" of "ticket
	// list"), with a summary for the top-level listing.
	Groups []Group
}

// Group is a family of commands.
type Group struct{ Name, Summary string }

// Main runs the command args name and returns the process's exit code.
func (p *Program) Main(ctx context.Context, e *Env, args []string) int {
	if len(args) == 0 || isHelp(args[0]) {
		p.printCommands(e.Stdout, "")
		if len(args) == 0 {
			return ExitUsage
		}
		return 0
	}
	if len(args) >= 2 {
		if c := p.find(args[0] + " " + args[1]); c != nil {
			return p.exitCode(e, c, p.run(ctx, e, c, args[2:]))
		}
	}
	if c := p.find(args[0]); c != nil {
		return p.exitCode(e, c, p.run(ctx, e, c, args[1:]))
	}
	if p.isGroup(args[0]) {
		w, code := e.Stderr, ExitUsage
		switch {
		case len(args) == 1:
		case isHelp(args[1]):
			w, code = e.Stdout, 0
		default:
			fmt.Fprintf(e.Stderr, "%s %s: unknown command %q\n\n", p.Name, args[0], args[1])
		}
		p.printCommands(w, args[0])
		return code
	}
	fmt.Fprintf(e.Stderr, "%s: unknown command %q\n\n", p.Name, args[0])
	p.printCommands(e.Stderr, "")
	return ExitUsage
}

func isHelp(a string) bool { return a == "help" || a == "-h" || a == "--help" || a == "-help" }

func (p *Program) isGroup(name string) bool {
	for _, g := range p.Groups {
		if g.Name == name {
			return true
		}
	}
	return false
}

func (p *Program) find(name string) *Command {
	for _, c := range p.Commands {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// setup prepares c's flags; the usage text is printed on --help.
func (p *Program) setup(c *Command, e *Env) (*Flags, Action) {
	f := NewFlags(c.Name, e.Stderr)
	action := c.Setup(f)
	f.Usage = func() {
		fmt.Fprintf(e.Stderr, "Usage: %s %s [flags] %s\n\n%s\n\nFlags:\n", p.Name, c.Name, f.Synopsis(), strings.TrimRight(c.Help, "\n"))
		f.PrintDefaults()
	}
	return f, action
}

// run parses args for c and runs it.
func (p *Program) run(ctx context.Context, e *Env, c *Command, args []string) error {
	f, action := p.setup(c, e)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	return action(ctx, &Run{Env: e, Args: pos, ConfigPath: f.ConfigPath})
}

// exitCode prints err for c and returns the process's exit code.
func (p *Program) exitCode(e *Env, c *Command, err error) int {
	path := p.Name + " " + c.Name
	var ue UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.Stderr, "%s: %v\nRun '%s --help' for usage.\n", path, err, path)
		return ExitUsage
	default:
		fmt.Fprintf(e.Stderr, "%s: %v\n", path, Readable(err))
		return 1
	}
}

// Readable indents the continuation lines of a multi-line error, such as every problem a
// validation found.
func Readable(err error) string {
	first, rest, ok := strings.Cut(err.Error(), "\n")
	if !ok {
		return first
	}
	return first + "\n" + Indent(rest)
}

// Indent indents every line of s by two spaces.
func Indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = "  " + lines[i]
	}
	return strings.Join(lines, "\n")
}

// printCommands lists the commands of group ("" for the top level, where families show as one
// line each).
func (p *Program) printCommands(w io.Writer, group string) {
	path := strings.TrimSpace(p.Name + " " + group)
	fmt.Fprintf(w, "Usage: %s COMMAND [flags] [args]\n\nCommands:\n", path)
	seen := map[string]bool{}
	for _, c := range p.Commands {
		first, _, sub := strings.Cut(c.Name, " ")
		switch {
		case group == "" && sub && !seen[first]:
			seen[first] = true
			fmt.Fprintf(w, "  %-26s %s\n", first, p.groupSummary(first))
		case group == "" && !sub, group == first && sub:
			name := strings.TrimSpace(strings.TrimPrefix(c.Name, group))
			if s := synopsis(c); s != "" {
				name += " " + s
			}
			fmt.Fprintf(w, "  %-26s %s\n", name, c.Summary)
		}
	}
	fmt.Fprintf(w, "\nEvery command takes -config FILE (default %s) and --help.\n", DefaultConfig)
}

func (p *Program) groupSummary(name string) string {
	for _, g := range p.Groups {
		if g.Name == name {
			return g.Summary
		}
	}
	return ""
}

// synopsis is the positional part of c's usage line.
func synopsis(c *Command) string {
	f := NewFlags(c.Name, io.Discard)
	c.Setup(f)
	return f.Synopsis()
}
