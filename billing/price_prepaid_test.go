package billing

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"helpdesk/directory"
)

// kontingentInput is a report of K-1 under prepaid contract P-1 (terms p) with room.
func kontingentInput(t *testing.T, p directory.PrepaidHours, room Room, entries ...Entry) Input {
	t.Helper()
	return Input{Customer: customer(directory.BillingCentral),
		Contracts: []directory.Contract{kontingent(t, "P-1", "2025-01-01", "", p)},
		Entries:   entries, Rooms: map[string]Room{"P-1": room}}
}

// split is the expected Kontingent pricing of one line.
type split struct {
	id                       string
	billed, deducted, excess int64
	labour, travel           directory.Money
}

func TestPriceKontingent(t *testing.T) {
	bill := directory.PrepaidHours{OverdrawAllowed: true, OverdrawLimit: 120, BeyondLimit: directory.BeyondBill, ExcessRate: 8900,
		TravelPerTrip: 2500, TravelPerKm: 30}
	tests := []struct {
		name    string
		p       directory.PrepaidHours
		room    Room
		entries []Entry
		want    []split
		held    []string
	}{
		{"deducted within the room, travel at the prepaid rates", bill, Room{Minutes: 600}, []Entry{
			{ID: "E1", Ticket: "T1", Date: day(t, "2025-03-03"), Minutes: 50, Billable: true, TravelTrips: 1, TravelKm: 20},
			entry(t, "E2", "T2", "2025-03-04", 10),
		}, []split{{"E1", 60, 60, 0, 0, 3100}, {"E2", 15, 15, 0, 0, 0}}, nil},
		{"bill: what does not fit is billed at the excess rate", bill, Room{Minutes: 30}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 20),
			entry(t, "E2", "T1", "2025-03-04", 60),
			entry(t, "E3", "T2", "2025-03-05", 15),
		}, []split{{"E1", 30, 30, 0, 0, 0}, {"E2", 60, 0, 60, 8900, 0}, {"E3", 15, 0, 15, 2225, 0}}, nil},
		{"bill: an entry split at the limit", bill, Room{Minutes: 45}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 60),
		}, []split{{"E1", 60, 45, 15, 2225, 0}}, nil},
		// E3 would fit the 15 minutes left, but may not overtake E2.
		{"hold: the entry beyond and every later one are held", directory.PrepaidHours{}, Room{Minutes: 45}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 20),
			entry(t, "E2", "T1", "2025-03-04", 60),
			entry(t, "E3", "T2", "2025-03-05", 15),
		}, []split{{"E1", 30, 30, 0, 0, 0}}, []string{"E2", "E3"}},
		{"hold: not billable entries are listed all the same", directory.PrepaidHours{}, Room{Minutes: 0}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 20),
			{ID: "E2", Ticket: "T1", Date: day(t, "2025-03-04"), Minutes: 60, Reason: "Garantie"},
		}, []split{{"E2", 0, 0, 0, 0, 0}}, []string{"E1"}},
		{"unlimited overdraw", directory.PrepaidHours{OverdrawAllowed: true}, Room{Unlimited: true}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 6000),
		}, []split{{"E1", 6000, 6000, 0, 0, 0}}, nil},
		{"ticket rounding: the ticket is one unit", directory.PrepaidHours{Rounding: directory.RoundTicket}, Room{Minutes: 30}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 10),
			entry(t, "E2", "T2", "2025-03-03", 10),
			entry(t, "E3", "T1", "2025-03-04", 10),
		}, []split{{"E1", 10, 10, 0, 0, 0}, {"E3", 20, 20, 0, 0, 0}}, []string{"E2"}},
		{"own increment of the Kontingent", directory.PrepaidHours{BillingIncrement: minutes(30)}, Room{Minutes: 600}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 31),
		}, []split{{"E1", 60, 60, 0, 0, 0}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustPrice(t, kontingentInput(t, tt.p, tt.room, tt.entries...))
			var got []split
			for _, l := range r.Lines {
				got = append(got, split{l.Entry.ID, l.BilledMinutes, l.DeductedMinutes, l.ExcessMinutes, l.Labour, l.Travel})
				if l.Contract != "P-1" || l.Kind != directory.KindPrepaidHours {
					t.Errorf("line %s priced by %s %s, want prepaid_hours P-1", l.Entry.ID, l.Kind, l.Contract)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("lines = %+v\nwant %+v", got, tt.want)
			}
			var held []string
			for _, h := range r.Held {
				held = append(held, h.Entry.ID)
			}
			if !reflect.DeepEqual(held, tt.held) {
				t.Errorf("held = %v, want %v (%+v)", held, tt.held, r.Held)
			}
		})
	}
}

// TestPriceBeyondLimit: the same report beyond the limit is billed under "bill" and held
// under "hold", and the hold names why.
func TestPriceBeyondLimit(t *testing.T) {
	es := []Entry{entry(t, "E1", "T1", "2025-03-03", 90)}
	room := Room{Minutes: 60}
	billed := mustPrice(t, kontingentInput(t, directory.PrepaidHours{OverdrawAllowed: true, OverdrawLimit: 60,
		BeyondLimit: directory.BeyondBill, ExcessRate: 9000}, room, es...))
	if len(billed.Held) != 0 || billed.Totals.DeductedMinutes != 60 || billed.Totals.ExcessMinutes != 30 || billed.Totals.Net != 4500 {
		t.Errorf("bill: totals %+v, held %v; want 60 deducted, 30 excess, net 45.00, none held", billed.Totals, billed.Held)
	}
	held := mustPrice(t, kontingentInput(t, directory.PrepaidHours{OverdrawAllowed: true, OverdrawLimit: 60,
		BeyondLimit: directory.BeyondHold}, room, es...))
	if len(held.Lines) != 0 || len(held.Held) != 1 || held.Totals != (Totals{}) {
		t.Fatalf("hold: lines %v, held %v, totals %+v; want no line, E1 held", held.Lines, held.Held, held.Totals)
	}
	h := held.Held[0]
	if h.Entry.ID != "E1" || h.Contract != "P-1" || h.Minutes != 90 || !strings.Contains(h.Reason, "needs 90 minutes, room 60") {
		t.Errorf("held = %+v, want E1 under P-1, 90 minutes, a reason with need and room", h)
	}
}

func TestPriceKontingentBesideCooperation(t *testing.T) {
	// A Kontingent prices the days it covers even where a cooperation agreement is valid too;
	// the cooperation prices the days before the Kontingent began.
	in := Input{Customer: customer(directory.BillingCentral),
		Contracts: []directory.Contract{
			coop(t, "V-1", "2024-01-01", "", 9500, 0, ""),
			kontingent(t, "P-1", "2025-01-01", "", directory.PrepaidHours{}),
		},
		Entries: []Entry{entry(t, "E1", "T1", "2024-12-31", 60), entry(t, "E2", "T1", "2025-01-02", 60)},
		Rooms:   map[string]Room{"P-1": {Minutes: 600}},
	}
	r := mustPrice(t, in)
	if l := lineOf(t, r, "E1"); l.Contract != "V-1" || l.Labour != 9500 || l.DeductedMinutes != 0 {
		t.Errorf("E1 = %+v, want priced by V-1 at 95.00", l)
	}
	if l := lineOf(t, r, "E2"); l.Contract != "P-1" || l.Labour != 0 || l.DeductedMinutes != 60 {
		t.Errorf("E2 = %+v, want 60 minutes deducted from P-1", l)
	}
}

func TestPriceRooms(t *testing.T) {
	es := []Entry{entry(t, "E1", "T1", "2025-03-03", 30)}
	in := kontingentInput(t, directory.PrepaidHours{}, Room{}, es...)
	in.Rooms = nil
	if _, err := Price(in); err == nil || !strings.Contains(err.Error(), "no ledger room given for prepaid_hours contract P-1") {
		t.Errorf("Price() without a room = %v, want an error naming P-1", err)
	}
	in.Rooms = map[string]Room{"P-1": {Minutes: -1}}
	if _, err := Price(in); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("Price() with a negative room = %v, want an error", err)
	}
	// Only billable entries need a room: a report of goodwill entries has nothing to deduct.
	in = kontingentInput(t, directory.PrepaidHours{}, Room{}, Entry{ID: "E1", Ticket: "T1", Date: day(t, "2025-03-03"), Minutes: 30, Reason: "Kulanz"})
	in.Rooms = nil
	if _, err := Price(in); err != nil {
		t.Errorf("Price() of a not billable entry without a room = %v, want nil", err)
	}
	// The caller's rooms are not consumed.
	in = kontingentInput(t, directory.PrepaidHours{}, Room{Minutes: 60}, es...)
	mustPrice(t, in)
	if in.Rooms["P-1"].Minutes != 60 {
		t.Errorf("Price() changed the caller's room to %+v", in.Rooms["P-1"])
	}
}

func TestReportDeductions(t *testing.T) {
	p := directory.PrepaidHours{OverdrawAllowed: true, OverdrawLimit: 60, BeyondLimit: directory.BeyondBill, ExcessRate: 9000}
	r := mustPrice(t, kontingentInput(t, p, Room{Minutes: 45},
		entry(t, "E1", "T1", "2025-03-03", 30),
		Entry{ID: "E2", Ticket: "T2", Date: day(t, "2025-03-04"), Minutes: 30, Reason: "Garantie"},
		entry(t, "E3", "T2", "2025-03-05", 30),
		entry(t, "E4", "T2", "2025-03-06", 30),
	))
	got := r.Deductions("SR-7", day(t, "2025-04-01"))
	want := []Movement{
		{Kind: Deduction, Contract: "P-1", Date: day(t, "2025-04-01"), Minutes: -30, Report: "SR-7", Ticket: "T1", Entry: "E1", WorkDate: day(t, "2025-03-03")},
		{Kind: Deduction, Contract: "P-1", Date: day(t, "2025-04-01"), Minutes: -15, Report: "SR-7", Ticket: "T2", Entry: "E3", WorkDate: day(t, "2025-03-05")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Deductions() = %+v\nwant %+v", got, want)
	}
	// The deductions are valid movements of the contract's ledger.
	k := kontingent(t, "P-1", "2025-01-01", "", p)
	if _, err := StatementOf(k, got, day(t, "2025-04-30")); err != nil {
		t.Errorf("StatementOf(deductions) = %v", err)
	}
	if _, err := StatementOf(k, append(got, got[0]), day(t, "2025-04-30")); !errors.Is(err, ErrInvalidMovement) {
		t.Errorf("StatementOf(an entry deducted twice) = %v, want ErrInvalidMovement", err)
	}
}
