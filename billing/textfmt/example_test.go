package textfmt_test

import (
	"fmt"
	"time"

	"helpdesk/billing/textfmt"
)

func ExampleFormat() {
	for _, lang := range []string{"de", "en"} {
		f, err := textfmt.New(lang)
		if err != nil {
			fmt.Println(err)
			return
		}
		day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		fmt.Println(f.Money(123456), "|", f.Money(-995), "|", f.Duration(90), "|", f.Hours(90), "|",
			f.Balance(-135), "|", f.Date(day), "|", f.Km(1234))
	}
	// Output:
	// 1.234,56 € | −9,95 € | 1:30 h | 1,50 h | −2:15 h | 01.12.2026 | 1.234 km
	// €1,234.56 | −€9.95 | 1:30 h | 1.50 h | −2:15 h | 2026-12-01 | 1,234 km
}
