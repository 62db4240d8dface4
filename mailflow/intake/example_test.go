package intake_test

import (
	"context"
	"os"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"

	"helpdesk/mailflow/intake"
)

// moveAll is a Handler that files every mail under "Processed" (a real one commits first).
type moveAll struct{}

func (moveAll) Handle(ctx context.Context, uidValidity uint32, batch []*intake.Fetched) (map[imap.UID]string, error) {
	dest := make(map[imap.UID]string, len(batch))
	for _, f := range batch {
		dest[f.UID] = "Processed"
	}
	return dest, nil
}

func ExampleNew() {
	cfg := intake.Config{
		Address:  "imap.example.net:993",
		Security: intake.SecurityTLS,
		Username: "support@example.net",
		Password: os.Getenv("IMAP_PASSWORD"),
		Folders:  []string{"Processed", "SetAside"},
		UseIdle:  true,
	}
	in := intake.New(cfg, moveAll{}, zerolog.New(os.Stderr))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_ = in.Run(ctx) // returns nil once ctx is done
}
