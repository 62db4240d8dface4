package policy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/emersion/go-message/mail"

	"helpdesk/mailflow/parse"
)

// defaultOptions are the options of the corpus and testdata tests.
func defaultOptions() *Options {
	return &Options{
		SupportAddresses: []string{"support@helpdesk.test"},
		MessageIDDomain:  "helpdesk.test",
		Senders:          SenderPolicy{Mode: "anyone"},
	}
}

// readTestdata parses testdata/name.
func readTestdata(t *testing.T, name string) *parse.Message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseRaw(raw)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return m
}

// msg builds a Message by hand: headers as key/value pairs.
func msg(from, subject string, kv ...string) *parse.Message {
	var h mail.Header
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return &parse.Message{Header: h, From: parse.Address{Addr: from}, Subject: subject}
}

// discardSink is a parse.BlobSink that hashes attachment bodies and keeps nothing.
type discardSink struct{}

func (discardSink) Put(r io.Reader) (string, int64, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return "", n, fmt.Errorf("discard blob: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// parseRaw parses one raw mail with parse.Parse, attachments discarded.
func parseRaw(raw []byte) (*parse.Message, error) {
	return parse.Parse(bytes.NewReader(raw), discardSink{}, parse.Options{})
}
