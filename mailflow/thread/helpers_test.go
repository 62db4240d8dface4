package thread

import (
	"bytes"
	"strings"
	"testing"

	"helpdesk/mailflow/parse"
)

// testKey is a fixed key so that golden reply addresses stay comparable across runs.
var testKey = func() []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = byte(i)
	}
	return k
}()

func newTestSigner(t testing.TB, addr string, key []byte) *Signer {
	t.Helper()
	s, err := NewSigner(addr, key)
	if err != nil {
		t.Fatalf("NewSigner(%q): %v", addr, err)
	}
	return s
}

// mapLookup is a Lookup over a map from Message-ID to ticket number.
type mapLookup map[string]string

func (l mapLookup) TicketByMessageID(id string) string { return l[id] }

func parseRaw(t testing.TB, raw string) *parse.Message {
	t.Helper()
	m, err := parse.Parse(strings.NewReader(raw), nil, parse.Options{})
	if err != nil {
		t.Fatalf("parse.Parse(%q): %v", raw, err)
	}
	return m
}

// keyOf returns a 32-byte key filled with b.
func keyOf(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }
