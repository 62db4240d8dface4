package cli

import (
	"fmt"
	"io"
	"strings"
)

// WriteUsage writes the usage document of p in Markdown: every command with its synopsis,
// help and flags, in the order of the table. regenerate says how to write it anew.
func (p *Program) WriteUsage(w io.Writer, regenerate string) error {
	fmt.Fprintf(w, "# %s commands\n\n", p.Name)
	fmt.Fprintf(w, "Generated from the command table (`%s`);\n", regenerate)
	fmt.Fprintf(w, "`%s COMMAND --help` prints the same. Every command takes `-config FILE` (default\n", p.Name)
	fmt.Fprintf(w, "`%s`). Exit codes: 0 done, 1 failed, 2 wrong use of the command line.\n\n", DefaultConfig)
	for _, c := range p.Commands {
		fmt.Fprintf(w, "- [`%s`](#%s) — %s\n", c.Name, strings.ReplaceAll(c.Name, " ", "-"), c.Summary)
	}
	for _, c := range p.Commands {
		f := NewFlags(c.Name, io.Discard)
		c.Setup(f)
		var flags strings.Builder
		f.SetOutput(&flags)
		f.PrintDefaults()
		line := strings.TrimSpace(p.Name + " " + c.Name + " [flags] " + f.Synopsis())
		if _, err := fmt.Fprintf(w, "\n## %s\n\n%s.\n\n```\n%s\n```\n\n%s\n\n```\n%s```\n", c.Name, upperFirst(c.Summary), line,
			codeBlocks(strings.TrimRight(c.Help, "\n")), flags.String()); err != nil {
			return err
		}
	}
	return nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// codeBlocks puts the indented lines of a help text (its examples) in code blocks.
func codeBlocks(help string) string {
	var out []string
	in := false
	for _, line := range strings.Split(help, "\n") {
		code := strings.HasPrefix(line, "  ")
		if code != in {
			out = append(out, "```")
			in = code
		}
		out = append(out, line)
	}
	if in {
		out = append(out, "```")
	}
	return strings.Join(out, "\n")
}
