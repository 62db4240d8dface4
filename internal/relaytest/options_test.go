package relaytest

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// dialog sends each command line to a fresh connection of r and returns the first line of each
// answer ("" when the connection ended instead). A command "<mail>" sends a short mail as DATA
// content.
func dialog(t *testing.T, r *Relay, cmds ...string) []string {
	t.Helper()
	c, err := net.DialTimeout("tcp", r.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	readReply := func() string {
		first := ""
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return first
			}
			line = strings.TrimRight(line, "\r\n")
			if first == "" {
				first = line
			}
			if len(line) < 4 || line[3] != '-' {
				return first
			}
		}
	}
	if g := readReply(); !strings.HasPrefix(g, "220") {
		t.Fatalf("greeting %q, want 220", g)
	}
	var out []string
	for _, cmd := range cmds {
		if cmd == "<mail>" {
			cmd = "Message-ID: <m@x.test>\r\nSubject: hi\r\n\r\nEHLO in the body is no command\r\n."
		}
		if _, err := fmt.Fprintf(c, "%s\r\n", cmd); err != nil {
			out = append(out, "")
			continue
		}
		out = append(out, readReply())
	}
	return out
}

func codes(replies []string) string {
	var cs []string
	for _, r := range replies {
		if len(r) >= 3 {
			r = r[:3]
		}
		cs = append(cs, r)
	}
	return strings.Join(cs, " ")
}

func TestStrictHelo(t *testing.T) {
	tests := []struct {
		strict bool
		cmds   []string
		want   string
		dups   int
	}{
		{false, []string{"EHLO a", "EHLO a", "MAIL FROM:<a@x.test>"}, "250 250 250", 0},
		{true, []string{"EHLO a", "EHLO a", "MAIL FROM:<a@x.test>"}, "250 503 250", 1},
		{true, []string{"HELO a", "ehlo a", "RSET", "EHLO a"}, "250 503 250 503", 2},
		{true, []string{"EHLO a", "MAIL FROM:<a@x.test>", "RCPT TO:<b@y.test>", "DATA", "<mail>", "MAIL FROM:<a@x.test>"},
			"250 250 250 354 250 250", 0},
	}
	for _, tc := range tests {
		r, err := StartWith("127.0.0.1:0", Options{StrictHelo: tc.strict})
		if err != nil {
			t.Fatal(err)
		}
		got := codes(dialog(t, r, tc.cmds...))
		if got != tc.want || r.Stats().DuplicateHelo != tc.dups {
			t.Errorf("strict=%v %q: replies %s, %d refused; want %s, %d", tc.strict, tc.cmds, got, r.Stats().DuplicateHelo, tc.want, tc.dups)
		}
		r.Close()
	}
}

func TestFaults(t *testing.T) {
	tx := []string{"EHLO a", "MAIL FROM:<a@x.test>", "RCPT TO:<b@y.test>", "DATA", "<mail>"}
	tests := []struct {
		name     string
		fault    func(Event) Reply
		cmds     []string // nil: tx
		want     string   // reply codes; "" where the connection ended
		accepted int
		dropped  int
	}{
		{"none", nil, nil, "250 250 250 354 250", 1, 0},
		{"503 at MAIL", at(StageMail, Reply{Code: 503}), tx[:2], "250 503", 0, 0},
		{"421 at RCPT closes", at(StageRcpt, Reply{Code: 421}), tx[:4], "250 250 421 ", 0, 0},
		{"550 for one recipient", func(ev Event) Reply {
			if ev.Stage == StageRcpt && ev.To == "b@y.test" {
				return Reply{Code: 550}
			}
			return Reply{}
		}, []string{"EHLO a", "MAIL FROM:<a@x.test>", "RCPT TO:<b@y.test>", "RCPT TO:<c@y.test>", "DATA", "<mail>"},
			"250 250 550 250 354 250", 1, 0},
		{"451 after DATA", at(StageData, Reply{Code: 451}), nil, "250 250 250 354 451", 0, 0},
		{"drop mid-DATA", at(StageDataStart, Reply{Drop: true}), nil, "250 250 250 354 ", 0, 0},
		{"accept, then drop", at(StageData, Reply{Drop: true}), nil, "250 250 250 354 ", 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := StartWith("127.0.0.1:0", Options{Fault: tc.fault})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			cmds := tc.cmds
			if cmds == nil {
				cmds = tx
			}
			got := codes(dialog(t, r, cmds...))
			if got != tc.want {
				t.Errorf("replies %q, want %q", got, tc.want)
			}
			if n, st := len(r.Messages()), r.Stats(); n != tc.accepted || st.AcceptedThenDropped != tc.dropped || st.Connections != 1 {
				t.Errorf("accepted %d, stats %+v; want %d accepted, %d dropped after accepting, 1 connection", n, st, tc.accepted, tc.dropped)
			}
		})
	}
}

// at fails every event of one stage with rep.
func at(stage Stage, rep Reply) func(Event) Reply {
	return func(ev Event) Reply {
		if ev.Stage == stage {
			return rep
		}
		return Reply{}
	}
}

func TestDiscardCountsOnly(t *testing.T) {
	for _, discard := range []bool{false, true} {
		r, err := StartWith("127.0.0.1:0", Options{Discard: discard})
		if err != nil {
			t.Fatal(err)
		}
		got := codes(dialog(t, r, "EHLO a", "MAIL FROM:<a@x.test>", "RCPT TO:<b@y.test>", "DATA", "<mail>"))
		kept := 1
		if discard {
			kept = 0
		}
		if got != "250 250 250 354 250" || r.Stats().Accepted != 1 || len(r.Messages()) != kept {
			t.Errorf("Discard=%v: replies %s, %d accepted, %d kept; want all 2xx/3xx, 1 accepted, %d kept",
				discard, got, r.Stats().Accepted, len(r.Messages()), kept)
		}
		r.Close()
	}
}
