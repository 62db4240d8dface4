package main

// A kind of record (customer, contact, contract, ...) is declared once as a recordKind; its
// add, edit, show and list commands come from that declaration: add builds the record from
// --file and the flags given and lets the daemon assign a missing ID, edit sends a patch of
// just the fields whose flags were given (or, with --file, the whole record).

import (
	"context"
	"fmt"
	"io"
	"strings"

	"helpdesk/control"
	"helpdesk/daemon"
	"helpdesk/internal/cli"
)

// recordKind declares a kind of record for its commands.
type recordKind[T any] struct {
	name     string // "contact"
	idName   string // how its ID is called in the synopsis: "ID", "NUMBER"
	id       func(*T) *string
	fields   func(r *cli.RecordFlags[T]) // registers the flags of the fields
	add      control.Op[daemon.AddArgs[T], T]
	edit     control.Op[daemon.PatchArgs, T]
	show     control.Op[daemon.IDStringArgs, T]
	list     control.Op[daemon.CustomerFilter, []T]
	table    func(io.Writer, []T) error
	describe func(T) string // "C-0008 (Anna Lange <a.lange@praxis.test>)"
	// defaults, if set, prepares a new record before --file and the flags (e.g. active).
	defaults func(*T)
	// idArg: add takes the ID as its positional argument ("technician add m.keller"), not as
	// a flag.
	idArg bool
	// extra, if set, registers flags beyond the record's own fields (a contract's terms).
	extra func(f *cli.Flags) recordExtra[T]
}

// recordExtra are flags of a kind beyond its fields: on add they complete the record, on edit
// they add to the patch.
type recordExtra[T any] interface {
	apply(*T) error
	patch(p map[string]any, stored func() (T, error)) error
	given() []string
}

// recordInput is what add and edit read a record from: --file, the field flags, the extra flags.
type recordInput[T any] struct {
	file   *string
	fields *cli.RecordFlags[T]
	extra  recordExtra[T]
}

func (k recordKind[T]) input(f *cli.Flags) recordInput[T] {
	in := recordInput[T]{file: f.String("file", "", fileFlagHelp), fields: cli.NewRecordFlags[T](f)}
	k.fields(in.fields)
	if k.extra != nil {
		in.extra = k.extra(f)
	}
	f.JSONFlag("print the stored " + k.name + " as JSON")
	return in
}

// record builds a whole record: --file, then the flags given on top.
func (in recordInput[T]) record(rec *T) error {
	if *in.file != "" {
		if err := cli.ReadRecord(*in.file, rec); err != nil {
			return err
		}
	}
	in.fields.Apply(rec)
	if in.extra != nil {
		return in.extra.apply(rec)
	}
	return nil
}

// done prints what add or edit stored.
func (k recordKind[T]) done(f *cli.Flags, r *cli.Run, verb string, out T) error {
	if f.JSON {
		return writeJSON(r.Stdout, out)
	}
	_, err := fmt.Fprintf(r.Stdout, "%s %s %s\n", verb, k.name, k.describe(out))
	return err
}

// addCommand is "<kind> add".
func (k recordKind[T]) addCommand(summary, help string) *cli.Command {
	return &cli.Command{Name: k.name + " add", Summary: summary, Help: help, Setup: func(f *cli.Flags) cli.Action {
		var id string
		if k.idArg {
			f.Arg(k.idName, &id)
		}
		in := k.input(f)
		return func(ctx context.Context, r *cli.Run) error {
			var rec T
			if k.defaults != nil && *in.file == "" {
				k.defaults(&rec)
			}
			if err := in.record(&rec); err != nil {
				return err
			}
			if k.idArg {
				*k.id(&rec) = id
			}
			out, err := invoke(ctx, r, k.add, daemon.AddArgs[T]{Record: rec})
			if err != nil {
				return err
			}
			return k.done(f, r, "added", out)
		}
	}}
}

// editCommand is "<kind> edit ID".
func (k recordKind[T]) editCommand(summary, help string) *cli.Command {
	return &cli.Command{Name: k.name + " edit", Summary: summary, Help: help, Setup: func(f *cli.Flags) cli.Action {
		var a daemon.PatchArgs
		f.Arg(k.idName, &a.ID)
		in := k.input(f)
		return func(ctx context.Context, r *cli.Run) error {
			var fields any
			if *in.file != "" {
				var rec T
				if err := in.record(&rec); err != nil {
					return err
				}
				if id := k.id(&rec); strings.TrimSpace(*id) == "" {
					*id = a.ID
				}
				fields, a.Replace = rec, true
			} else {
				p := map[string]any{}
				in.fields.Patch(p)
				if in.extra != nil {
					stored := func() (T, error) { return invoke(ctx, r, k.show, daemon.IDStringArgs{ID: a.ID}) }
					if err := in.extra.patch(p, stored); err != nil {
						return err
					}
				}
				if len(p) == 0 {
					return cli.Usagef("nothing to change: give the flags of the fields to change, or --file")
				}
				fields = p
			}
			b, err := jsonBytes(fields)
			if err != nil {
				return err
			}
			a.Fields = b
			out, err := invoke(ctx, r, k.edit, a)
			if err != nil {
				return err
			}
			return k.done(f, r, "changed", out)
		}
	}}
}

// showCommand is "<kind> show ID".
func (k recordKind[T]) showCommand(summary, help string) *cli.Command {
	return &cli.Command{Name: k.name + " show", Summary: summary, Help: help,
		Setup: onOne(k.show, k.idName, stringKey, "print JSON", func(r *cli.Run, rec T) error { return k.table(r.Stdout, []T{rec}) })}
}

// listCommand is "<kind> list [--customer NUMBER]".
func (k recordKind[T]) listCommand(summary, help string) *cli.Command {
	return &cli.Command{Name: k.name + " list", Summary: summary, Help: help, Setup: func(f *cli.Flags) cli.Action {
		var a daemon.CustomerFilter
		f.StringVar(&a.Customer, "customer", "", "only those of customer `NUMBER`")
		return call(f, k.list, &a, "print a JSON array", func(r *cli.Run, recs []T) error { return k.table(r.Stdout, recs) })
	}}
}
