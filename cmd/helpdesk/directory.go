package main

// The customer directory commands: customers, contacts, contracts, and the whole directory as one
// file. Each command builds a record from its flags (or from --file) and sends one directory
// operation to the daemon, or to the store when no daemon runs. The directory package validates
// the whole directory on every change and nothing is stored when it finds a problem; the
// commands show every problem it reports.
//
// customer.go, contact.go and contract.go hold the commands of each kind of record,
// directoryfile.go those of the whole directory as one file, and dirflags.go the flags they
// share. This file holds the rest they share: calling the daemon and showing its errors.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"helpdesk/config"
	"helpdesk/daemon"
)

// dirCall runs one directory operation and makes a multi-line error readable.
func dirCall(ctx context.Context, e *env, cfg *config.Config, op string, args, result any) error {
	return readable(daemon.Call(ctx, cfg, quietLogger(e), op, args, result))
}

// dirCallNoArgs is callNoArgs with dirCall: it parses args (flags only: in is filled by the
// flags, so pass a pointer), loads the config and runs op, decoding the answer into out.
func (f *flags) dirCallNoArgs(ctx context.Context, e *env, args []string, op string, in, out any) error {
	if err := noArgs(f.parse(args)); err != nil {
		return err
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	return dirCall(ctx, e, cfg, op, in, out)
}

// multiLineError is an error whose message spans lines, such as every problem the directory
// validation found; its continuation lines are indented under the first.
type multiLineError struct {
	err error
	msg string
}

func (e multiLineError) Error() string { return e.msg }
func (e multiLineError) Unwrap() error { return e.err }

// readable indents the continuation lines of a multi-line error. The message comes as text
// through the control socket, so this works the same whether or not the daemon runs.
func readable(err error) error {
	if err == nil {
		return nil
	}
	first, rest, ok := strings.Cut(err.Error(), "\n")
	if !ok {
		return err
	}
	return multiLineError{err: err, msg: first + "\n" + indent(rest)}
}

// nextID returns prefix and one more than the highest number among the IDs of that form,
// four digits at least: C-0008 after C-0007.
func nextID[R any](prefix string, records []R, id func(R) string) string {
	highest := 0
	for _, r := range records {
		digits, ok := strings.CutPrefix(id(r), prefix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
			continue
		}
		if n, err := strconv.Atoi(digits); err == nil && n > highest {
			highest = n
		}
	}
	return fmt.Sprintf("%s%04d", prefix, highest+1)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
