package thread_test

import (
	"fmt"

	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/thread"
)

type store map[string]string

func (s store) TicketByMessageID(id string) string { return s[id] }

func Example() {
	key := []byte("0123456789abcdef0123456789abcdef") // in the daemon: thread.LoadKey(path)
	s, err := thread.NewSigner("kundensupport@example.com", key)
	if err != nil {
		panic(err)
	}
	// Outgoing: the reply address goes into Reply-To, the tag into the subject.
	addr := s.ReplyAddress("2026-000042")
	subject := thread.SubjectTag("2026-000042") + " Drucker druckt nicht"

	// Incoming: the customer's client kept the address.
	m := &parse.Message{To: []parse.Address{{Addr: addr}}, Subject: "AW: " + subject}
	fmt.Println(thread.Find(m, s, store{}, nil))

	// A new mail to the plain address that only quotes the subject tag.
	m = &parse.Message{To: []parse.Address{{Addr: "kundensupport@example.com"}}, Subject: "WG: " + subject}
	fmt.Println(thread.Find(m, s, store{}, func(n string) bool { return n == "2026-000042" }))
	// Output:
	// {2026-000042 reply_address}
	// {2026-000042 subject_tag}
}
