package main

// A kind of record (customer, contact, contract, ...) is declared once as a recordKind; its
// add and edit commands come from that declaration: add builds the record from --file and the
// flags given and lets the daemon assign a missing ID, edit sends a patch of just the fields
// whose flags were given (or, with --file, the whole record).

import (
	"context"
	"fmt"
	"strings"

	"helpdesk/control"
	"helpdesk/daemon"
)

// recordKind declares a kind of record for its commands.
type recordKind[T any] struct {
	name     string // "contact"
	idName   string // how its ID is called in the synopsis: "ID", "NUMBER"
	id       func(*T) *string
	fields   func(r *recordFlags[T]) // registers the flags of the fields
	add      control.Op[daemon.AddArgs[T], T]
	edit     control.Op[daemon.PatchArgs, T]
	show     *control.Op[daemon.IDStringArgs, T] // for extra flags that need the stored record
	describe func(T) string                      // "C-0008 (Anna Lange <a.lange@praxis.test>)"
	// defaults, if set, prepares a new record before --file and the flags (e.g. active).
	defaults func(*T)
	// extra, if set, registers flags beyond the record's own fields (a contract's terms).
	extra func(f *Flags) recordExtra[T]
}

// recordExtra are flags of a kind beyond its fields: on add they complete the record, on edit
// they add to the patch.
type recordExtra[T any] interface {
	apply(*T) error
	patch(p map[string]any, rec func() (T, error)) error
	given() []string
}

// addCommand is "<kind> add".
func (k recordKind[T]) addCommand(summary, help string) *Command {
	return &Command{Name: k.name + " add", Summary: summary, Help: help, Setup: func(f *Flags) Action {
		file := f.String("file", "", fileFlagHelp)
		r := newRecordFlags[T](f)
		k.fields(r)
		var extra recordExtra[T]
		if k.extra != nil {
			extra = k.extra(f)
		}
		f.JSONFlag("print the stored " + k.name + " as JSON")
		return func(ctx context.Context, run *Run) error {
			var rec T
			if k.defaults != nil && *file == "" {
				k.defaults(&rec)
			}
			if *file != "" {
				if err := readRecord(*file, &rec); err != nil {
					return err
				}
			}
			r.apply(&rec)
			if extra != nil {
				if err := extra.apply(&rec); err != nil {
					return err
				}
			}
			out, err := invoke(ctx, run, k.add, daemon.AddArgs[T]{Record: rec})
			if err != nil {
				return err
			}
			if f.json {
				return writeJSON(run.stdout, out)
			}
			fmt.Fprintf(run.stdout, "added %s %s\n", k.name, k.describe(out))
			return nil
		}
	}}
}

// editCommand is "<kind> edit ID".
func (k recordKind[T]) editCommand(summary, help string) *Command {
	return &Command{Name: k.name + " edit", Summary: summary, Help: help, Setup: func(f *Flags) Action {
		var a daemon.PatchArgs
		f.Arg(k.idName, &a.ID)
		file := f.String("file", "", fileFlagHelp)
		r := newRecordFlags[T](f)
		k.fields(r)
		var extra recordExtra[T]
		if k.extra != nil {
			extra = k.extra(f)
		}
		f.JSONFlag("print the stored " + k.name + " as JSON")
		return func(ctx context.Context, run *Run) error {
			given := r.given()
			if extra != nil {
				given = append(given, extra.given()...)
			}
			if *file == "" && len(given) == 0 {
				return usagef("nothing to change: give the flags of the fields to change, or --file")
			}
			if *file != "" {
				var rec T
				if err := readRecord(*file, &rec); err != nil {
					return err
				}
				if id := k.id(&rec); strings.TrimSpace(*id) == "" {
					*id = a.ID
				}
				r.apply(&rec)
				if extra != nil {
					if err := extra.apply(&rec); err != nil {
						return err
					}
				}
				b, err := jsonBytes(rec)
				if err != nil {
					return err
				}
				a.Replace, a.Fields = true, b
			} else {
				p := map[string]any{}
				r.patch(p)
				if extra != nil {
					cur := func() (T, error) { return k.current(ctx, run, a.ID) }
					if err := extra.patch(p, cur); err != nil {
						return err
					}
				}
				b, err := jsonBytes(p)
				if err != nil {
					return err
				}
				a.Fields = b
			}
			out, err := invoke(ctx, run, k.edit, a)
			if err != nil {
				return err
			}
			if f.json {
				return writeJSON(run.stdout, out)
			}
			fmt.Fprintf(run.stdout, "changed %s %s\n", k.name, k.describe(out))
			return nil
		}
	}}
}

// current reads a record as stored, for extra flags that depend on it (which terms a
// contract's description belongs to).
func (k recordKind[T]) current(ctx context.Context, run *Run, id string) (T, error) {
	if k.show == nil {
		var zero T
		return zero, fmt.Errorf("%s: cannot read the stored record", k.name)
	}
	return invoke(ctx, run, *k.show, daemon.IDStringArgs{ID: id})
}
