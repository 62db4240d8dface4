package tenyears

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"helpdesk/control"
	"helpdesk/daemon"
	"helpdesk/internal/deskgen"
	"helpdesk/ticketstore"
)

// figures collects what the benchmark prints, in order.
type figures struct {
	rows [][2]string
}

func (f *figures) add(name, format string, args ...any) {
	f.rows = append(f.rows, [2]string{name, fmt.Sprintf(format, args...)})
}

func (f *figures) write(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range f.rows {
		fmt.Fprintf(tw, "%s\t%s\n", r[0], r[1])
	}
	tw.Flush()
}

func mib(kb int64) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// BenchmarkTenYears is the measurement of issue 9 on the ten-year desk (see the package
// comment). It runs once whatever -benchtime says: each figure is a median of its own runs.
func BenchmarkTenYears(b *testing.B) {
	spec := deskgen.TenYears()
	if v := os.Getenv("HELPDESK_DESK_SCALE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 {
			b.Fatalf("HELPDESK_DESK_SCALE=%q: want a positive number", v)
		}
		spec = spec.Scaled(f)
	}
	cache := os.Getenv("HELPDESK_DESK_DIR")
	if cache == "" {
		cache = b.TempDir()
	}
	start := time.Now()
	desk, err := deskgen.Ensure(cache, spec)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("desk %s ready in %v", desk, time.Since(start).Round(time.Second))
	work, err := os.MkdirTemp("", "tenyears-") // short: the control socket's path is limited
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(work) })
	bin := buildHelpdesk(b, work)
	world := startMailWorld(b)
	dataDir := filepath.Join(work, "data")
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		b.Fatal(err)
	}
	store := filepath.Join(dataDir, daemon.StoreFile)
	if err := copyFile(desk, store); err != nil {
		b.Fatal(err)
	}
	cfg := writeConfig(b, work, dataDir, world)
	socket := filepath.Join(dataDir, "control.sock")
	var fig figures
	tickets := spec.Tickets
	size := fileSize(b, store)
	fig.add("mail world", "%s", world.name)
	fig.add("desk", "%d tickets, %d comments, %d raw mails, %d outgoing", spec.Tickets, spec.Comments, spec.Raw, spec.Outbox)
	fig.add("store size", "%.0f MB, %.0f B per ticket", float64(size)/1e6, float64(size)/float64(tickets))

	// First start on the desk as an older version left it: start-up until the control
	// socket answers, then the first keep_sent sweep (ten years of sent mail, in the
	// background) and 1,000 new mails on the swept, not yet compacted store.
	log := filepath.Join(work, "serve.log")
	started := time.Now()
	s := startServe(b, bin, cfg, socket, log)
	fig.add("start-up, first start", "%s until the control socket answers", ms(s.waitAnswers(started, time.Minute)))
	m := s.memory()
	fig.add("  memory after start", "RssAnon %s, RssFile %s", mib(m.anon), mib(m.file))
	waitSweep(b, s, 10*time.Minute)
	fig.add("  first keep_sent sweep", "%s", sweepLine(s.log))
	m = s.memory()
	fig.add("  memory after the sweep", "RssAnon %s, RssFile %s", mib(m.anon), mib(m.file))
	ingest(b, &fig, s, world, bin, cfg, tickets, "  1,000 new mails, swept store not compacted")
	tickets += 1000
	s.stop()

	// Size with keep_sent applied: the sweep has run; compact drops the free pages.
	before := fileSize(b, store)
	started = time.Now()
	timed(b, 1, bin, "compact", "-config", cfg)
	after := fileSize(b, store)
	fig.add("helpdesk compact", "%.0f MB -> %.0f MB in %v", float64(before)/1e6, float64(after)/1e6, time.Since(started).Round(time.Millisecond))
	fig.add("store size after keep_sent + compact", "%.0f B per ticket (%d tickets)", float64(after)/float64(tickets), tickets)
	if sp, err := space(store); err == nil {
		var t strings.Builder
		sp.WriteTable(&t, tickets)
		b.Logf("buckets after compact:\n%s", t.String())
	}

	// Restart on the compacted store: what an operator has from then on.
	started = time.Now()
	s = startServe(b, bin, cfg, socket, log)
	fig.add("start-up, restart after compact", "%s until the control socket answers", ms(s.waitAnswers(started, time.Minute)))
	m = s.memory()
	fig.add("  memory after start", "RssAnon %s, RssFile %s", mib(m.anon), mib(m.file))
	hold(b, s, bin, cfg)
	measureCommands(b, &fig, s, bin, cfg)
	ingest(b, &fig, s, world, bin, cfg, tickets, "1,000 new mails")
	tickets += 1000
	d, _ := timed(b, 11, bin, "status", "-config", cfg)
	fig.add("status after the new mails", "%s", ms(d))
	s.stop()

	var out strings.Builder
	fig.write(&out)
	b.Logf("ten-year desk:\n%s", out.String())
	fmt.Print("\n" + out.String())
	b.ReportMetric(float64(after)/float64(tickets-1000), "B/ticket")
}

// hold waits HELPDESK_TENYEARS_HOLD (a duration) before the commands are measured, printing
// what is needed to look at the running daemon by hand (perf record -p PID, helpdesk -config).
func hold(b *testing.B, s *serve, bin, cfg string) {
	d, err := time.ParseDuration(os.Getenv("HELPDESK_TENYEARS_HOLD"))
	if err != nil || d <= 0 {
		return
	}
	fmt.Printf("holding %v: daemon pid %d, %s -config %s, log %s\n", d, s.cmd.Process.Pid, bin, cfg, s.log)
	time.Sleep(d)
}

// measureCommands times status and the list commands through the CLI binary and samples the
// daemon's memory after each.
func measureCommands(b *testing.B, fig *figures, s *serve, bin, cfg string) {
	b.Helper()
	big := deskgen.Customer(0)
	for _, c := range []struct {
		name string
		runs int
		args []string
	}{
		{"status", 11, []string{"status"}},
		{"ticket list --status new --limit 20", 11, []string{"ticket", "list", "--status", "new", "--limit", "20"}},
		{"ticket list --customer " + big + " --limit 20", 11, []string{"ticket", "list", "--customer", big, "--limit", "20"}},
		{"outbox list --json --limit 20", 11, []string{"outbox", "list", "--json", "--limit", "20"}},
		{"outbox list --state failed --limit 20", 11, []string{"outbox", "list", "--state", "failed", "--limit", "20"}},
		{"ticket list --json (all, streamed)", 3, []string{"ticket", "list", "--json"}},
	} {
		d, n := timed(b, c.runs, bin, append(c.args, "-config", cfg)...)
		m := s.memory()
		fig.add(c.name, "%s (median of %d, whole process), %d bytes; then RssAnon %s, RssFile %s",
			ms(d), c.runs, n, mib(m.anon), mib(m.file))
	}
	// The operation alone, without starting a process.
	var times []time.Duration
	for range 21 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		t0 := time.Now()
		var st daemon.StatusResult
		err := control.Call(ctx, s.socket, daemon.Status.Name, nil, &st)
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	fig.add("status over the socket", "%s (median of 21)", ms(median(times)))
}

// ingest delivers 1,000 new incidents and waits until they are tickets with their
// confirmations sent.
func ingest(b *testing.B, fig *figures, s *serve, world *mailWorld, bin, cfg string, base int, name string) {
	b.Helper()
	const n = 1000
	start := time.Now()
	if err := world.deliver(newIncidents(n)); err != nil {
		b.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Minute); ; {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		var st daemon.StatusResult
		err := control.Call(ctx, s.socket, daemon.Status.Name, nil, &st)
		cancel()
		if err == nil && st.Tickets >= base+n && st.OutboxPending == 0 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("1,000 new mails not ticketed within 5 minutes (status %+v, %v)\n%s", st, err, tail(s.log, 20))
		}
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(start)
	m := s.memory()
	fig.add(name, "ticketed and confirmed in %v (%.0f mails/s); then RssAnon %s, RssFile %s",
		took.Round(time.Millisecond), n/took.Seconds(), mib(m.anon), mib(m.file))
}

// waitSweep waits for the first keep_sent sweep's log line.
func waitSweep(b *testing.B, s *serve, timeout time.Duration) {
	b.Helper()
	for deadline := time.Now().Add(timeout); sweepLine(s.log) == ""; {
		if time.Now().After(deadline) {
			b.Fatalf("no keep_sent sweep logged within %v\n%s", timeout, tail(s.log, 20))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sweepLine returns the sweep's log line, or "".
func sweepLine(log string) string {
	data, _ := os.ReadFile(log)
	for _, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "removed the text of old sent mail") {
			return l
		}
	}
	return ""
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s[len(s)/2]
}

func space(path string) (ticketstore.Space, error) {
	s, err := ticketstore.Open(path, &ticketstore.Options{ReadOnly: true})
	if err != nil {
		return ticketstore.Space{}, err
	}
	defer s.Close()
	return s.SpaceReport()
}

func writeConfig(tb testing.TB, dir, dataDir string, w *mailWorld) string {
	tb.Helper()
	text := fmt.Sprintf(`data_dir = %q
[support]
address = %q
[imap]
address = %q
security = "none"
username = %q
password = %q
[smtp]
address = %q
security = "none"
[policy]
# Every new mail comes from another address outside the directory.
auto_to_unknown_per_hour = 1000000
[log]
level = "info"
format = "json"
`, dataDir, supportUser, w.imapAddr, supportUser, w.password, w.smtpAddr)
	path := filepath.Join(dir, "helpdesk.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

func fileSize(tb testing.TB, path string) int64 {
	tb.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Size()
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	// Synced: a store that was copied just now would otherwise have its 2 GB in dirty pages,
	// and the daemon's first commit (fdatasync) would write them all out, a cost no desk in
	// use has.
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return nil
}
