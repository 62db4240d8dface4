package compose_test

import (
	"fmt"
	"strings"
	"time"

	"helpdesk/mailflow/compose"
)

func ExampleBytes() {
	b, err := compose.Bytes(&compose.Mail{
		From:          compose.Address{Name: "IT-Service", Addr: "support@example.com"},
		To:            []compose.Address{{Name: "Jürgen Groß", Addr: "j.gross@kunde.example"}},
		Subject:       "[Ticket#2026-000042] Drucker im 2. OG druckt nicht",
		Date:          time.Date(2026, 11, 28, 14, 3, 0, 0, time.UTC),
		MessageID:     "hd.aaaabbbbccccddddeeeeffffgg@example.com",
		AutoSubmitted: compose.AutoReplied,
		Headers:       [][2]string{{"X-Helpdesk-Ticket", "2026-000042"}},
		Text:          "Ihr Ticket wurde erfasst.\n",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(string(b), "\r\n") {
		if strings.HasPrefix(line, "To:") || strings.HasPrefix(line, "Subject:") || strings.HasPrefix(line, "Auto-") {
			fmt.Println(line)
		}
	}
	// Output:
	// To: =?utf-8?q?J=C3=BCrgen_Gro=C3=9F?= <j.gross@kunde.example>
	// Subject: [Ticket#2026-000042] Drucker im 2. OG druckt nicht
	// Auto-Submitted: auto-replied
}
