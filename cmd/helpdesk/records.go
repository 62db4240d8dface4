package main

// What the record commands share beyond internal/cli's record flags: help texts, and the
// add and edit commands of a record kind (kinds.go).

import "strings"

// Help texts shared by the record commands.
const (
	fileFlagHelp = "read the whole record from `FILE` (.toml, .yaml, .yml or .json: the fields at the top\n" +
		"level, not inside [[customers]]); the other flags given override its fields"
	listFlagHelp = "repeatable: given at all, it replaces the list; a single \"\" empties it"
	fileNote     = "If the config sets directory.file, the daemon imports that file at every start and\n" +
		"replaces changes made with these commands: keep the file up to date with 'directory export'."
)

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
