package authres

import (
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(rspamd); err != nil {
			b.Fatal(err)
		}
	}
}

// A Postfix mail with three fields of ours and a forged one below an untrusted relay's.
func BenchmarkCheck(b *testing.B) {
	values := []string{openDMARC, openDKIM, policydSPF, "relay.other.example; spf=pass", "mx.example.com; dkim=pass header.d=example.com"}
	b.ReportAllocs()
	for b.Loop() {
		if v := Check(values, mx, "a@example.com"); !v.Aligned {
			b.Fatal(v.Reason)
		}
	}
}

// The worst a hostile mail can do: many fields with our id, each as long as is read and
// valid, so that all of the first maxHeaders are parsed in full.
func BenchmarkCheckHostile(b *testing.B) {
	long := "mx.example.com; dkim=fail header.d=example.com (" + strings.Repeat("x ", (MaxValueLen-60)/2) + ")"
	if _, err := Parse(long); err != nil {
		b.Fatal(err)
	}
	values := make([]string, 1000)
	for i := range values {
		values[i] = long
	}
	b.SetBytes(int64(maxHeaders * len(long)))
	b.ReportAllocs()
	for b.Loop() {
		Check(values, mx, "a@example.com")
	}
}
