package main

// The directory file commands: import the whole directory from a file, and export it to one.

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"helpdesk/daemon"
	"helpdesk/directory"
)

func directoryCommands() []*command {
	return []*command{
		{name: "import", args: "FILE", summary: "replace the directory with a file, checked as a whole first", run: runDirectoryImport},
		{name: "export", args: "[FILE]", summary: "write the directory as TOML, YAML or JSON", run: runDirectoryExport},
	}
}

// loadDirectoryFile reads a directory file (.toml, .yaml, .yml or .json), normalised and
// validated as a whole.
func loadDirectoryFile(path string) (*directory.Directory, error) {
	return directory.Load(path)
}

func runDirectoryImport(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "directory import", "FILE", "Replaces the whole customer directory with FILE (.toml, .yaml, .yml or .json).\n"+
		"The file is checked as a whole first: when it has any problem, every problem is listed\n"+
		"and nothing changes. The format is that of 'directory export' and examples/directory.toml.\n\n"+
		"Example:\n  helpdesk directory import examples/directory.toml\n\n"+fileNote)
	asJSON := f.Bool("json", false, "print the counts as JSON")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want exactly one directory file")
	}
	dir, err := loadDirectoryFile(pos[0])
	if err != nil {
		return readable(err)
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var n daemon.DirectoryCounts
	if err := dirCall(ctx, e, cfg, "directory.import", daemon.DirectoryArgs{Directory: dir}, &n); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, n)
	}
	fmt.Fprintf(e.stdout, "imported %s: %d customers, %d contacts, %d contracts\n", pos[0], n.Customers, n.Contacts, n.Contracts)
	return nil
}

// exportResult is "directory export FILE --json".
type exportResult struct {
	File   string `json:"file"`
	Format string `json:"format"`
	daemon.DirectoryCounts
}

func runDirectoryExport(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "directory export", "[FILE]", "Writes the whole customer directory, records sorted by number and ID, to FILE or\n"+
		"to stdout. The format is FILE's extension (.toml, .yaml, .yml, .json), else --format.\n"+
		"What is exported imports again unchanged.\n\n"+
		"Examples:\n  helpdesk directory export directory.toml\n  helpdesk directory export --format yaml | less")
	asJSON := f.Bool("json", false, "to stdout: the same as --format json; with FILE: print the counts as JSON")
	format := f.String("format", "", "`FORMAT` without FILE or when FILE's extension says none: toml, yaml or json (default toml)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("want at most one file")
	}
	chosen, err := exportFormat(pos, *format, *asJSON)
	if err != nil {
		return err
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var dir directory.Directory
	if err := dirCall(ctx, e, cfg, "directory.export", struct{}{}, &dir); err != nil {
		return err
	}
	if len(pos) == 0 {
		return dir.Write(e.stdout, chosen)
	}
	var buf bytes.Buffer
	if err := dir.Write(&buf, chosen); err != nil {
		return err
	}
	// Names, addresses and phone numbers: readable by the owner only.
	if err := os.WriteFile(pos[0], buf.Bytes(), 0o600); err != nil {
		return err
	}
	n := daemon.DirectoryCounts{Customers: len(dir.Customers), Contacts: len(dir.Contacts), Contracts: len(dir.Contracts)}
	if *asJSON {
		return writeJSON(e.stdout, exportResult{File: pos[0], Format: chosen, DirectoryCounts: n})
	}
	fmt.Fprintf(e.stdout, "wrote %s (%s): %d customers, %d contacts, %d contracts\n", pos[0], chosen, n.Customers, n.Contacts, n.Contracts)
	return nil
}

// exportFormat picks the format of "directory export": FILE's extension, else --format (or
// --json to stdout), else TOML.
func exportFormat(pos []string, format string, asJSON bool) (string, error) {
	switch format {
	case "":
	case "yml":
		format = directory.FormatYAML
	case directory.FormatTOML, directory.FormatYAML, directory.FormatJSON:
	default:
		return "", usagef("unknown format %q, want toml, yaml or json", format)
	}
	if len(pos) == 1 {
		if ext, err := directory.FormatOf(pos[0]); err == nil {
			if format != "" && format != ext {
				return "", usagef("--format %s does not match the extension of %s", format, pos[0])
			}
			return ext, nil
		}
	} else if asJSON {
		if format != "" && format != directory.FormatJSON {
			return "", usagef("--json and --format %s contradict each other", format)
		}
		return directory.FormatJSON, nil
	}
	if format == "" {
		return directory.FormatTOML, nil
	}
	return format, nil
}
