// Package cli runs a program whose subcommands are declared as data: a table of Commands, each
// with its name, summary, help with an example, flags and positional arguments (declared on
// its Flags) and the Action that runs it. The runner owns what every command shares: flags
// anywhere among the arguments, argument counts, -config, --json, help, exit codes; and the
// usage document is written from the same table (WriteUsage).
//
// RecordFlags turn flags into a record or into a patch of exactly the fields given, for the
// add and edit commands of record kinds.
package cli
