package policy

import (
	"reflect"
	"regexp"
	"testing"

	"helpdesk/mailflow/parse"
)

func ruleMsg() *parse.Message {
	m := msg("kunde@kunde.example", "Server DOWN im Rechenzentrum",
		"X-Priority", "1 (Highest)", "X-Kategorie", "=?utf-8?q?Netzwerk_St=C3=B6rung?=")
	m.To = []parse.Address{{Addr: "support@helpdesk.test"}}
	m.Cc = []parse.Address{{Addr: "notfall@helpdesk.test"}}
	m.Text = "Seit 8 Uhr ist der Fileserver nicht erreichbar. Fehlercode 0x80070035."
	return m
}

func TestRules(t *testing.T) {
	re := regexp.MustCompile
	tests := []struct {
		name         string
		rules        []Rule
		want         Code
		wantReason   string
		wantTags     []string
		wantPriority string
	}{
		{"no rules", nil, Keep, "", nil, ""},
		{"header contains", []Rule{{Name: "p1", Field: "header", Header: "X-Priority", Contains: "highest", Action: "priority", Priority: "high"}}, Keep, "", nil, "high"},
		{"header decoded", []Rule{{Field: "header", Header: "X-Kategorie", Contains: "störung", Action: "tag", Tag: "netz"}}, Keep, "", []string{"netz"}, ""},
		{"header present", []Rule{{Field: "header", Header: "X-Priority", Action: "tag", Tag: "prio"}}, Keep, "", []string{"prio"}, ""},
		{"header absent", []Rule{{Field: "header", Header: "X-Nope", Action: "tag", Tag: "prio"}}, Keep, "", nil, ""},
		{"sender regexp", []Rule{{Field: "sender", Regexp: re(`@kunde\.example$`), Action: "tag", Tag: "kunde"}}, Keep, "", []string{"kunde"}, ""},
		{"recipient cc", []Rule{{Field: "recipient", Contains: "notfall@", Action: "priority", Priority: "urgent"}}, Keep, "", nil, "urgent"},
		{"subject contains case-insensitive", []Rule{{Field: "subject", Contains: "server down", Action: "tag", Tag: "server"}}, Keep, "", []string{"server"}, ""},
		{"body regexp", []Rule{{Field: "body", Regexp: re(`0x[0-9A-F]{8}`), Action: "tag", Tag: "fehlercode"}}, Keep, "", []string{"fehlercode"}, ""},
		{"contains and regexp both must match", []Rule{{Field: "subject", Contains: "server", Regexp: re(`^Drucker`), Action: "tag", Tag: "x"}}, Keep, "", nil, ""},
		{"no match", []Rule{{Field: "subject", Contains: "drucker", Action: "setaside"}}, Keep, "", nil, ""},
		{"setaside with reason", []Rule{{Name: "rz", Field: "subject", Contains: "rechenzentrum", Action: "setaside", Reason: "handled by the datacenter team"}}, RuleMatch, "handled by the datacenter team", nil, ""},
		{"setaside default reason", []Rule{{Name: "rz", Field: "subject", Contains: "rechenzentrum", Action: "setaside"}}, RuleMatch, `operator rule "rz" matched subject contains "rechenzentrum"`, nil, ""},
		{"first setaside wins", []Rule{
			{Name: "a", Field: "subject", Contains: "server", Action: "setaside", Reason: "first"},
			{Name: "b", Field: "subject", Contains: "server", Action: "setaside", Reason: "second"},
		}, RuleMatch, "first", nil, ""},
		{"tags accumulate, priority first wins", []Rule{
			{Field: "subject", Contains: "server", Action: "tag", Tag: "server"},
			{Field: "body", Contains: "fileserver", Action: "tag", Tag: "fileserver"},
			{Field: "body", Contains: "fileserver", Action: "tag", Tag: "server"},
			{Field: "subject", Contains: "down", Action: "priority", Priority: "urgent"},
			{Field: "subject", Contains: "server", Action: "priority", Priority: "low"},
		}, Keep, "", []string{"server", "fileserver"}, "urgent"},
		{"unknown field never matches", []Rule{{Field: "nope", Contains: "a", Action: "setaside"}}, Keep, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := defaultOptions()
			o.Rules = tt.rules
			v := Classify(ruleMsg(), o)
			if v.Code != tt.want || v.SetAside != (tt.want != Keep) {
				t.Fatalf("Classify() = %q (%s), want %q", v.Code, v.Reason, tt.want)
			}
			if v.Reason != tt.wantReason {
				t.Errorf("Classify().Reason = %q, want %q", v.Reason, tt.wantReason)
			}
			if !reflect.DeepEqual(v.Tags, tt.wantTags) {
				t.Errorf("Classify().Tags = %q, want %q", v.Tags, tt.wantTags)
			}
			if v.Priority != tt.wantPriority {
				t.Errorf("Classify().Priority = %q, want %q", v.Priority, tt.wantPriority)
			}
		})
	}
}

// TestRulesAfterAutomatic: operator rules never run on mail an earlier check set aside.
func TestRulesAfterAutomatic(t *testing.T) {
	o := defaultOptions()
	o.Rules = []Rule{{Field: "subject", Contains: "x", Action: "tag", Tag: "t"}}
	v := Classify(msg("a@b.example", "x", "List-Id", "l"), o)
	if v.Code != List || v.Tags != nil {
		t.Errorf("Classify(list mail with tag rule) = %+v, want list without tags", v)
	}
}

func TestRulesFlaggedSender(t *testing.T) {
	o := defaultOptions()
	o.Senders = SenderPolicy{Mode: "known", Unknown: "flag"}
	o.Rules = []Rule{{Field: "subject", Contains: "server", Action: "tag", Tag: "server"}}
	v := Classify(ruleMsg(), o)
	if v.SetAside || !v.Flagged || !reflect.DeepEqual(v.Tags, []string{"server"}) {
		t.Errorf("Classify(unknown sender, flag, tag rule) = %+v, want kept, flagged, tagged", v)
	}
}
