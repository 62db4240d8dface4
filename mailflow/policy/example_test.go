package policy_test

import (
	"fmt"

	"github.com/emersion/go-message/mail"

	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/policy"
)

func ExampleClassify() {
	var h mail.Header
	h.Set("Auto-Submitted", "auto-replied (vacation)")
	m := &parse.Message{
		Header:  h,
		From:    parse.Address{Addr: "k.becker@kunde.example"},
		Subject: "Auto: [Ticket#2026-000044] VPN geht nicht",
	}
	v := policy.Classify(m, &policy.Options{SupportAddresses: []string{"support@helpdesk.test"}})
	fmt.Println(v.SetAside, v.Code, v.Automatic)
	fmt.Println(v.Reason)
	// Output:
	// true auto_reply true
	// Auto-Submitted: auto-replied (vacation) (RFC 3834)
}
