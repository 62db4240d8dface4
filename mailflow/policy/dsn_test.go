package policy

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseBounce(t *testing.T) {
	tests := []struct {
		file string
		want BounceInfo
	}{
		{"postfix-dsn.eml", BounceInfo{
			OriginalMessageID: "hd.46.1@helpdesk.test",
			FailedRecipients:  []string{"bernd@kunde.example"},
			Status:            "5.1.1",
			Diagnostic:        "smtp; 550 5.1.1 <bernd@kunde.example>: Recipient address rejected: User unknown",
		}},
		{"exchange-ndr-de.eml", BounceInfo{
			OriginalMessageID: "hd.45.2@helpdesk.test",
			FailedRecipients:  []string{"a.alt@kunde.example"},
			Status:            "5.1.10",
			Diagnostic:        "smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
		}},
		{"delay-dsn.eml", BounceInfo{
			OriginalMessageID: "hd.47.3@helpdesk.test",
			FailedRecipients:  []string{"chef@kunde.example"},
			Status:            "4.4.1",
			Diagnostic:        "X-Postfix; connect to mx.kunde.example[192.0.2.1]:25: Connection timed out",
			Delay:             true,
		}},
		{"qmail-bounce.eml", BounceInfo{
			OriginalMessageID: "hd.48.1@helpdesk.test",
			FailedRecipients:  []string{"lager@kunde.example"},
		}},
	}
	for _, tt := range tests {
		f, err := os.Open(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseBounce(f)
		f.Close()
		if err != nil {
			t.Errorf("ParseBounce(%s) error %v", tt.file, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseBounce(%s) = %+v, want %+v", tt.file, got, tt.want)
		}
	}
}

func TestParseBounceMixedActions(t *testing.T) {
	raw := "From: MAILER-DAEMON@x.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\n" +
		"Final-Recipient: rfc822; ok@x.example\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\n" +
		"Final-Recipient: rfc822; late@x.example\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n" +
		"Final-Recipient: rfc822; gone@x.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n" +
		"--b\r\nContent-Type: message/rfc822\r\n\r\nMessage-ID: <orig@x.example>\r\nSubject: s\r\n\r\nbody\r\n--b--\r\n"
	got, err := ParseBounce(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := BounceInfo{OriginalMessageID: "orig@x.example", FailedRecipients: []string{"gone@x.example"}, Status: "5.1.1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseBounce(mixed) = %+v, want %+v", got, want)
	}
}

func TestParseBounceNonRFC(t *testing.T) {
	raw := "From MAILER-DAEMON Mon Sep 20 19:29:27 2021\n" +
		"From: Mail Delivery System <MAILER-DAEMON@x.example>\nX-Failed-Recipients: a@x.example, B@X.example\nSubject: Mail delivery failed\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"------ This is a copy of the message, including all the headers. ------\n\n" +
		"Message-Id: <E1abc-0001@helpdesk.test>\nFrom: support@helpdesk.test\n\nHallo\n"
	got, err := ParseBounce(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := BounceInfo{OriginalMessageID: "E1abc-0001@helpdesk.test", FailedRecipients: []string{"a@x.example", "b@x.example"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseBounce(exim text) = %+v, want %+v", got, want)
	}
	if _, err := ParseBounce(strings.NewReader(" \x00broken")); err == nil {
		t.Errorf("ParseBounce(garbage) error = nil, want an error")
	}
}
