package main

// The actions of commands that run one operation of the daemon's API: call prints one result,
// list streams a listing as a table or a JSON array, row by row, so memory does not grow with
// the listing.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"helpdesk/config"
	"helpdesk/control"
	"helpdesk/daemon"
	"helpdesk/internal/cli"
)

// call is the action of a command that runs op with the arguments Setup filled in *a and
// prints the result: as JSON with --json, else with show. A nil show prints JSON always.
func call[A, R any](f *cli.Flags, op control.Op[A, R], a *A, jsonHelp string, show func(r *cli.Run, res R) error) cli.Action {
	if show != nil {
		f.JSONFlag(jsonHelp)
	}
	return func(ctx context.Context, r *cli.Run) error {
		res, err := invoke(ctx, r, op, *a)
		if err != nil {
			return err
		}
		if f.JSON || show == nil {
			return writeJSON(r.Stdout, res)
		}
		return show(r, res)
	}
}

// loadConfig loads the config for the operator commands. They need only data_dir and the texts,
// so a problem elsewhere (say, an IMAP password only the daemon's environment holds) does not
// stop them.
func loadConfig(r *cli.Run) (*config.Config, error) {
	c, err := config.Load(r.ConfigPath)
	var ps config.Problems
	if errors.As(err, &ps) && c != nil && c.DataDir != "" {
		return c, nil
	}
	if errors.As(err, &ps) {
		return nil, fmt.Errorf("%s has problems (run 'helpdesk config check'):\n%s", r.ConfigPath, cli.Indent(ps.Error()))
	}
	return c, err
}

// strictConfig loads the config for the daemon: every problem stops it, all reported at once.
func strictConfig(r *cli.Run) (*config.Config, error) {
	c, err := config.Load(r.ConfigPath)
	var ps config.Problems
	if errors.As(err, &ps) {
		return nil, fmt.Errorf("%s has problems (run 'helpdesk config check'):\n%s", r.ConfigPath, cli.Indent(ps.Error()))
	}
	return c, err
}

// invoke runs op through the daemon, or without one on its store.
func invoke[A, R any](ctx context.Context, r *cli.Run, op control.Op[A, R], a A) (R, error) {
	cfg, err := loadConfig(r)
	if err != nil {
		var zero R
		return zero, err
	}
	return daemon.Call(ctx, cfg, quietLogger(r.Env), op, a)
}

// columns says how a listing looks as a table: the header, and one row per item.
type columns[I any] struct {
	header string // tab-separated
	row    func(I) string
}

// list is the action of a listing: it streams op's items to a table (or with --json to a JSON
// array) as they come. --limit and --before page it when the arguments embed daemon.Paging;
// the cursor of the next page goes to stderr.
func list[A, I any](f *cli.Flags, op control.StreamOp[A, I, daemon.Page], a *A, paging *daemon.Paging, cols columns[I]) cli.Action {
	f.JSONFlag("print a JSON array")
	if paging != nil {
		f.IntVar(&paging.Limit, "limit", 0, "at most `N`, the newest first (then the cursor of the next page is printed)")
		f.StringVar(&paging.Before, "before", "", "only those older than `CURSOR` (as printed after a page), newest first")
	}
	return func(ctx context.Context, r *cli.Run) error {
		cfg, err := loadConfig(r)
		if err != nil {
			return err
		}
		var out rowWriter[I] = newTable(r.Stdout, cols)
		if f.JSON {
			out = &jsonArray[I]{w: r.Stdout}
		}
		page, err := daemon.Stream(ctx, cfg, quietLogger(r.Env), op, *a, out.add)
		if ferr := out.finish(err == nil); err == nil {
			err = ferr
		}
		if err == nil && page.Next != "" {
			fmt.Fprintf(r.Stderr, "more: --before %s\n", page.Next)
		}
		return err
	}
}

// rowWriter writes a listing item by item.
type rowWriter[I any] interface {
	add(I) error
	finish(complete bool) error
}

// jsonArray writes items as one JSON array, byte for byte what json.Encoder with a two-space
// indent writes for the whole slice, without holding it.
type jsonArray[I any] struct {
	w io.Writer
	n int
}

func (j *jsonArray[I]) add(item I) error {
	b, err := json.MarshalIndent(item, "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if j.n == 0 {
		sep = "[\n  "
	}
	j.n++
	_, err = io.WriteString(j.w, sep+string(b))
	return err
}

func (j *jsonArray[I]) finish(complete bool) error {
	if !complete && j.n == 0 {
		return nil
	}
	end := "\n]\n"
	if j.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}

// tableFlush is how many rows a table aligns at a time: enough for a screen, bounded memory.
const tableFlush = 1000

type table[I any] struct {
	tw   *tabwriter.Writer
	cols columns[I]
	n    int
}

func newTable[I any](w io.Writer, cols columns[I]) *table[I] {
	t := &table[I]{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0), cols: cols}
	fmt.Fprintln(t.tw, cols.header)
	return t
}

func (t *table[I]) add(item I) error {
	fmt.Fprintln(t.tw, t.cols.row(item))
	if t.n++; t.n%tableFlush == 0 {
		return t.tw.Flush()
	}
	return nil
}

func (t *table[I]) finish(bool) error { return t.tw.Flush() }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func tabs(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0) }

// row joins cells with tabs for a table.
func row(cells ...string) string { return strings.Join(cells, "\t") }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// onOne is the Setup of a command that runs op on one positional argument, which key turns
// into op's arguments, and prints the result with show (or as JSON).
func onOne[A, R any](op control.Op[A, R], name string, key func(string) (A, error), jsonHelp string, show func(*cli.Run, R) error) func(*cli.Flags) cli.Action {
	return func(f *cli.Flags) cli.Action {
		var a A
		f.ArgFunc(name, func(s string) (err error) {
			a, err = key(s)
			return err
		})
		return call(f, op, &a, jsonHelp, show)
	}
}

// The keys of onOne: a ticket or customer number, a record ID, a numeric ID.
func numberKey(s string) (daemon.NumberArgs, error)   { return daemon.NumberArgs{Number: s}, nil }
func stringKey(s string) (daemon.IDStringArgs, error) { return daemon.IDStringArgs{ID: s}, nil }
func idKey(s string) (daemon.IDArgs, error) {
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil || id == 0 {
		return daemon.IDArgs{}, fmt.Errorf("not an ID")
	}
	return daemon.IDArgs{ID: id}, nil
}

// jsonBytes marshals a record or patch to send.
func jsonBytes(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}
