package main

// The directory file commands: import the whole directory from a file, and export it to one.

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"helpdesk/daemon"
	"helpdesk/directory"
	"helpdesk/internal/cli"
)

func directoryCommands() []*cli.Command {
	return []*cli.Command{
		{Name: "directory import", Summary: "replace the directory with a file, checked as a whole first",
			Help: "Replaces the whole customer directory with FILE (.toml, .yaml, .yml or .json).\n" +
				"The file is checked as a whole first: when it has any problem, every problem is listed\n" +
				"and nothing changes. The format is that of 'directory export' and examples/directory.toml.\n" +
				"Without a daemon and without a store, it creates the store.\n\n" + fileNote + "\n\n" +
				"Example:\n  helpdesk directory import examples/directory.toml",
			Setup: func(f *cli.Flags) cli.Action {
				var file string
				f.Arg("FILE", &file)
				f.JSONFlag("print the counts as JSON")
				return func(ctx context.Context, r *cli.Run) error {
					dir, err := directory.Load(file)
					if err != nil {
						return err
					}
					cfg, err := loadConfig(r)
					if err != nil {
						return err
					}
					n, err := daemon.Call(ctx, cfg, quietLogger(r.Env), daemon.DirectoryImport, daemon.DirectoryArgs{Directory: dir})
					if err != nil {
						return err
					}
					if f.JSON {
						return writeJSON(r.Stdout, n)
					}
					_, err = fmt.Fprintf(r.Stdout, "imported %s: %d customers, %d contacts, %d contracts\n", file, n.Customers, n.Contacts, n.Contracts)
					return err
				}
			}},
		{Name: "directory export", Summary: "write the directory as TOML, YAML or JSON",
			Help: "Writes the whole customer directory, records sorted by number and ID, to FILE or\n" +
				"to stdout. The format is FILE's extension (.toml, .yaml, .yml, .json), else --format.\n" +
				"What is exported imports again unchanged.\n\n" +
				"Examples:\n  helpdesk directory export directory.toml\n  helpdesk directory export --format yaml | less",
			Setup: func(f *cli.Flags) cli.Action {
				var file string
				f.OptArg("FILE", &file)
				f.JSONFlag("to stdout: the same as --format json; with FILE: print the counts as JSON")
				format := f.String("format", "", "`FORMAT` without FILE or when FILE's extension says none: toml, yaml or json (default toml)")
				return func(ctx context.Context, r *cli.Run) error { return runDirectoryExport(ctx, r, file, *format, f.JSON) }
			}},
	}
}

// exportResult is "directory export FILE --json".
type exportResult struct {
	File   string `json:"file"`
	Format string `json:"format"`
	daemon.DirectoryCounts
}

func runDirectoryExport(ctx context.Context, r *cli.Run, file, format string, asJSON bool) error {
	chosen, err := exportFormat(file, format, asJSON)
	if err != nil {
		return err
	}
	dir, err := invoke(ctx, r, daemon.DirectoryExport, daemon.None{})
	if err != nil {
		return err
	}
	if file == "" {
		return dir.Write(r.Stdout, chosen)
	}
	var buf bytes.Buffer
	if err := dir.Write(&buf, chosen); err != nil {
		return err
	}
	// Names, addresses and phone numbers: readable by the owner only.
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		return err
	}
	n := daemon.DirectoryCounts{Customers: len(dir.Customers), Contacts: len(dir.Contacts), Contracts: len(dir.Contracts)}
	if asJSON {
		return writeJSON(r.Stdout, exportResult{File: file, Format: chosen, DirectoryCounts: n})
	}
	_, err = fmt.Fprintf(r.Stdout, "wrote %s (%s): %d customers, %d contacts, %d contracts\n", file, chosen, n.Customers, n.Contacts, n.Contracts)
	return err
}

// exportFormat picks the format of "directory export": FILE's extension, else --format (or
// --json to stdout), else TOML.
func exportFormat(file, format string, asJSON bool) (string, error) {
	switch format {
	case "":
	case "yml":
		format = directory.FormatYAML
	case directory.FormatTOML, directory.FormatYAML, directory.FormatJSON:
	default:
		return "", cli.Usagef("unknown format %q, want toml, yaml or json", format)
	}
	if file != "" {
		if ext, err := directory.FormatOf(file); err == nil {
			if format != "" && format != ext {
				return "", cli.Usagef("--format %s does not match the extension of %s", format, file)
			}
			return ext, nil
		}
	} else if asJSON {
		if format != "" && format != directory.FormatJSON {
			return "", cli.Usagef("--json and --format %s contradict each other", format)
		}
		return directory.FormatJSON, nil
	}
	if format == "" {
		return directory.FormatTOML, nil
	}
	return format, nil
}
