package directory_test

import (
	"fmt"
	"strings"

	"helpdesk/directory"
)

func ExampleDirectory_Match() {
	d, err := directory.Read(strings.NewReader(`
[[customers]]
number = "K-1001"
name = "Steuerberatung Berger"
domains = ["kanzlei-berger.demo"]
[customers.notify]
new_ticket = ["it@kanzlei-berger.demo"]

[[contacts]]
id = "C-0001"
customer = "K-1001"
name = "Berger"
email = "c.berger@kanzlei-berger.demo"
permission = "extended"
active = true
`), directory.FormatTOML)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, from := range []string{"Claudia Berger <C.Berger@kanzlei-berger.demo>", "empfang@kanzlei-berger.demo", "x@other.test"} {
		m := d.Match(from)
		if m.Customer == nil {
			fmt.Printf("%s: unknown\n", from)
			continue
		}
		fmt.Printf("%s: %s by %s, tell %v\n", from, m.Customer.Number, m.By, m.Customer.NotifyAddresses(directory.EventNewTicket))
	}
	// Output:
	// Claudia Berger <C.Berger@kanzlei-berger.demo>: K-1001 by address, tell [it@kanzlei-berger.demo]
	// empfang@kanzlei-berger.demo: K-1001 by domain, tell [it@kanzlei-berger.demo]
	// x@other.test: unknown
}
