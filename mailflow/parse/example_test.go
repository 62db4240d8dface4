package parse_test

import (
	"fmt"
	"strings"

	"helpdesk/mailflow/parse"
)

func ExampleParse() {
	raw := "From: =?iso-8859-1?q?J=FCrgen?= <Juergen@Example.DE>\r\n" +
		"Subject: =?iso-8859-1?q?Rechnung_=80_100?=\r\n" +
		"Message-ID: <1@example.de>\r\n" +
		"Content-Type: text/plain; charset=iso-8859-1\r\n\r\n" +
		"Gr\xfc\xdfe\r\n"
	m, err := parse.Parse(strings.NewReader(raw), nil, parse.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.From.Name, m.From.Addr)
	fmt.Println(m.Subject)
	fmt.Println(m.MessageID, m.Text, m.Problems)
	// Output:
	// Jürgen juergen@example.de
	// Rechnung € 100
	// 1@example.de Grüße []
}
