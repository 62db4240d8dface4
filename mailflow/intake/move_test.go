package intake

import (
	"context"
	"slices"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"
)

func TestMoveFallbacks(t *testing.T) {
	tests := []struct {
		name        string
		caps        imap.CapSet
		wantInbox   int // mails left in INBOX (flagged \Deleted without UIDPLUS)
		wantDeleted int
	}{
		{"MOVE", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapUIDPlus: {}}, 0, 0},
		{"COPY and UID EXPUNGE", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapUIDPlus: {}}, 0, 0},
		{"COPY and flag only", imap.CapSet{imap.CapIMAP4rev1: {}}, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, tt.caps)
			for i := 1; i <= 3; i++ {
				s.append(t, "INBOX", mail(i, 200))
			}
			rec := &recorder{}
			in := start(t, testConfig(t, s), rec)
			eventually(t, "mails copied to Processed", func() bool { return s.count(t, "Processed") == 3 })
			eventually(t, "INBOX cleaned up", func() bool {
				st := s.status(t, "INBOX")
				return int(*st.NumMessages) == tt.wantInbox && int(*st.NumDeleted) == tt.wantDeleted
			})

			// Flagged or moved mail is not handed over again: the next batch holds only new mail.
			s.append(t, "INBOX", mail(4, 200))
			in.Poke()
			eventually(t, "second Handle call", func() bool { return len(rec.snapshot()) == 2 })
			want := [][]imap.UID{{1, 2, 3}, {4}}
			if got := rec.snapshot(); !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("Handle batches = %v, want %v", got, want)
			}
		})
	}
}

func TestMoveCreatesMissingFolderOnTryCreate(t *testing.T) {
	for _, caps := range []imap.CapSet{fullCaps, {imap.CapIMAP4rev1: {}, imap.CapUIDPlus: {}}} {
		s := newServer(t, caps)
		s.append(t, "INBOX", mail(1, 200))
		cfg := testConfig(t, s)
		cfg.Folders = nil // not created at start
		c, err := Dial(context.Background(), cfg)
		if err != nil {
			t.Fatalf("Dial: %v", err)
		}
		if _, err := c.Select("INBOX", nil).Wait(); err != nil {
			t.Fatalf("select: %v", err)
		}
		err = moveUIDs(c, c.Caps(), imap.UIDSetNum(1), "Neu/Ordner", zerolog.Nop())
		c.Close()
		if err != nil {
			t.Errorf("moveUIDs to a missing folder (caps %v) = %v, want nil", caps, err)
		}
		if got := s.count(t, "Neu/Ordner"); got != 1 {
			t.Errorf("Neu/Ordner holds %d mails, want 1", got)
		}
	}
}

func TestFoldersAreCreatedAndExistingOnesKept(t *testing.T) {
	s := newServer(t, fullCaps)
	if err := s.user.Create("Processed", nil); err != nil {
		t.Fatal(err)
	}
	s.append(t, "Processed", mail(9, 100))
	rec := &recorder{}
	in := start(t, testConfig(t, s), rec)
	eventually(t, "session ready", func() bool { return in.Status().Connected })
	if got := s.count(t, "Processed"); got != 1 {
		t.Errorf("existing Processed holds %d mails, want its 1 kept", got)
	}
	if _, err := s.user.Status("SetAside", &imap.StatusOptions{}); err != nil {
		t.Errorf("SetAside not created: %v", err)
	}
}
