package billing

import (
	"errors"
	"strings"
	"testing"

	"helpdesk/directory"
)

// want is the expected pricing of one line.
type want struct {
	id       string
	contract string
	billed   int64
	labour   directory.Money
	travel   directory.Money
}

func TestPriceCooperation(t *testing.T) {
	v1 := coop(t, "V-1", "2024-01-01", "", 9500, 0, "") // defaults: 15m, per entry
	tests := []struct {
		name      string
		contracts []directory.Contract
		entries   []Entry
		want      []want
	}{
		{"started quarter hours, per entry", []directory.Contract{v1}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 1),
			entry(t, "E2", "T1", "2025-03-03", 15),
			entry(t, "E3", "T1", "2025-03-03", 16),
			entry(t, "E4", "T2", "2025-03-04", 61),
		}, []want{
			{"E1", "V-1", 15, 2375, 0},
			{"E2", "V-1", 15, 2375, 0},
			{"E3", "V-1", 30, 4750, 0},
			{"E4", "V-1", 75, 11875, 0},
		}},
		{"exact minutes", []directory.Contract{coop(t, "V-1", "2024-01-01", "", 8900, minutes(1), directory.RoundEntry)}, []Entry{
			entry(t, "E1", "T1", "2025-03-03", 7),
			entry(t, "E2", "T1", "2025-03-03", 1),
		}, []want{
			{"E1", "V-1", 7, 1038, 0}, // 1038.33
			{"E2", "V-1", 1, 148, 0},  // 148.33
		}},
		{"per ticket: the sum rounded once, the rest on the last entry",
			[]directory.Contract{coop(t, "V-1", "2024-01-01", "", 9500, 0, directory.RoundTicket)}, []Entry{
				entry(t, "E2", "T1", "2025-03-04", 10),
				entry(t, "E1", "T1", "2025-03-03", 10),
				entry(t, "E3", "T2", "2025-03-03", 5),
				entry(t, "E4", "T3", "2025-03-05", 30),
			}, []want{
				{"E1", "V-1", 10, 1583, 0}, // 1583.33
				{"E3", "V-1", 15, 2375, 0},
				{"E2", "V-1", 20, 3167, 0}, // 10+10 = 20 -> 30: +10 on the ticket's last entry
				{"E4", "V-1", 30, 4750, 0},
			}},
		{"travel per trip and per km", []directory.Contract{v1}, []Entry{
			{ID: "E1", Ticket: "T1", Date: day(t, "2025-03-03"), Minutes: 45, Billable: true, TravelTrips: 1},
			{ID: "E2", Ticket: "T1", Date: day(t, "2025-03-04"), Minutes: 0, Billable: true, TravelKm: 42},
			{ID: "E3", Ticket: "T2", Date: day(t, "2025-03-05"), Minutes: 30, Billable: true, TravelTrips: 2, TravelKm: 10},
		}, []want{
			{"E1", "V-1", 45, 7125, 3500},
			{"E2", "V-1", 0, 0, 1764},
			{"E3", "V-1", 30, 4750, 7420},
		}},
		{"not billable: listed with amount 0, travel too", []directory.Contract{v1}, []Entry{
			{ID: "E1", Ticket: "T1", Date: day(t, "2025-03-03"), Minutes: 20, Reason: "Kulanz: Fehler lag bei uns", TravelTrips: 1},
			entry(t, "E2", "T1", "2025-03-03", 20),
		}, []want{
			{"E1", "V-1", 0, 0, 0},
			{"E2", "V-1", 30, 4750, 0},
		}},
		{"consecutive contracts each price their own days", []directory.Contract{
			coop(t, "V-4", "2023-07-01", "2025-06-30", 8900, 0, ""),
			coop(t, "V-5", "2025-07-01", "", 9850, minutes(30), ""),
		}, []Entry{
			entry(t, "E1", "T1", "2025-06-30", 20),
			entry(t, "E2", "T1", "2025-07-01", 20),
		}, []want{
			{"E1", "V-4", 30, 4450, 0},
			{"E2", "V-5", 30, 4925, 0},
		}},
		{"per ticket rounding is per contract", []directory.Contract{
			coop(t, "V-4", "2023-07-01", "2025-06-30", 8900, 0, directory.RoundTicket),
			coop(t, "V-5", "2025-07-01", "", 9850, 0, directory.RoundTicket),
		}, []Entry{
			entry(t, "E1", "T1", "2025-06-30", 20),
			entry(t, "E2", "T1", "2025-07-01", 20),
		}, []want{
			{"E1", "V-4", 30, 4450, 0},
			{"E2", "V-5", 30, 4925, 0},
		}},
		{"other kinds beside the cooperation do not matter", []directory.Contract{v1,
			{ID: "V-9", Customer: "K-1", Kind: directory.KindRental, ValidFrom: day(t, "2024-01-01"), Rental: &directory.Rental{}},
		}, []Entry{entry(t, "E1", "T1", "2025-03-03", 60)}, []want{{"E1", "V-1", 60, 9500, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustPrice(t, Input{Customer: customer(directory.BillingCentral), Contracts: tt.contracts, Entries: tt.entries})
			if len(r.Lines) != len(tt.want) {
				t.Fatalf("Price() has %d lines, want %d: %+v", len(r.Lines), len(tt.want), r.Lines)
			}
			for i, w := range tt.want {
				l := r.Lines[i]
				got := want{l.Entry.ID, l.Contract, l.BilledMinutes, l.Labour, l.Travel}
				if got != w {
					t.Errorf("line %d = %+v, want %+v", i, got, w)
				}
				if l.Amount != l.Labour+l.Travel {
					t.Errorf("line %d amount %v, want labour %v + travel %v", i, l.Amount, l.Labour, l.Travel)
				}
			}
		})
	}
}

func TestPriceTotals(t *testing.T) {
	r := mustPrice(t, Input{Customer: customer(directory.BillingCentral),
		Contracts: []directory.Contract{coop(t, "V-1", "2024-01-01", "", 9500, 0, "")},
		Entries: []Entry{
			{ID: "E1", Ticket: "T1", Date: day(t, "2025-03-03"), Minutes: 50, Billable: true, TravelTrips: 1, TravelKm: 12},
			{ID: "E2", Ticket: "T1", Date: day(t, "2025-03-03"), Minutes: 25, Reason: "Kulanz"},
			{ID: "E3", Ticket: "T2", Date: day(t, "2025-03-04"), Minutes: 5, Billable: true},
		}})
	want := Totals{BillableMinutes: 55, NonBillableMinutes: 25, BilledMinutes: 75,
		Labour: 9500 + 2375, Travel: 3500 + 504, Net: 9500 + 2375 + 3500 + 504}
	if r.Totals != want {
		t.Errorf("Totals = %+v, want %+v", r.Totals, want)
	}
	if l := lineOf(t, r, "E2"); l.Amount != 0 || l.Entry.Reason != "Kulanz" || l.Contract != "V-1" {
		t.Errorf("not billable line = %+v, want amount 0, its reason, contract V-1", l)
	}
}

func TestPriceErrors(t *testing.T) {
	v1 := coop(t, "V-1", "2024-01-01", "2024-12-31", 9500, 0, "")
	rental := directory.Contract{ID: "V-7", Customer: "K-1", Kind: directory.KindRental, ValidFrom: day(t, "2025-01-01"), Rental: &directory.Rental{}}
	dc := directory.Contract{ID: "V-8", Customer: "K-1", Kind: directory.KindDatacenter, ValidFrom: day(t, "2025-01-01"), Datacenter: &directory.Datacenter{}}
	ok := entry(t, "E1", "T1", "2024-06-03", 30)
	tests := []struct {
		name      string
		billing   directory.Billing
		contracts []directory.Contract
		entries   []Entry
		is        error    // errors.Is target, or nil
		contains  []string // substrings of the error
	}{
		{"entry after the contract ended", "", []directory.Contract{v1},
			[]Entry{ok, entry(t, "E2", "T1", "2025-01-01", 30), entry(t, "E3", "T2", "2023-12-31", 5)}, ErrNoContract,
			[]string{"entry E2: no cooperation or prepaid_hours contract of customer K-1 is valid on 2025-01-01", "entry E3:"}},
		{"no contract at all", "", nil, []Entry{ok}, ErrNoContract, []string{"entry E1"}},
		{"rental only", "", []directory.Contract{rental}, []Entry{entry(t, "E2", "T1", "2025-03-03", 30)}, ErrBilledElsewhere,
			[]string{"customer K-1 has only rental or datacenter contracts: billed elsewhere"}},
		{"datacenter only", "", []directory.Contract{dc}, []Entry{entry(t, "E2", "T1", "2025-03-03", 30)}, ErrBilledElsewhere,
			[]string{"billed elsewhere"}},
		{"day covered only by a rental", "", []directory.Contract{v1, rental}, []Entry{ok, entry(t, "E2", "T1", "2025-03-03", 30)},
			ErrBilledElsewhere, []string{"entry E2: on 2025-03-03 only rental contract V-7 covers customer K-1"}},
		{"not billable without reason", "", []directory.Contract{v1},
			[]Entry{{ID: "E2", Ticket: "T1", Date: day(t, "2024-06-03"), Minutes: 10, Reason: " "}}, ErrInvalidEntry,
			[]string{"entry E2: invalid entry: not billable needs a reason"}},
		{"negative minutes", "", []directory.Contract{v1},
			[]Entry{{ID: "E2", Ticket: "T1", Date: day(t, "2024-06-03"), Minutes: -10, Billable: true}}, ErrInvalidEntry,
			[]string{"entry E2:", "negative"}},
		{"duplicate, unnamed, undated, ticketless", "", []directory.Contract{v1},
			[]Entry{ok, ok, {Ticket: "T1", Date: day(t, "2024-06-03"), Billable: true}, {ID: "E4", Ticket: "T1", Billable: true},
				{ID: "E5", Date: day(t, "2024-06-03"), Billable: true}}, ErrInvalidEntry,
			[]string{"entry E1: invalid entry: listed twice", "entry entries[2]: invalid entry: id missing", "entry E4: invalid entry: date missing",
				"entry E5: invalid entry: ticket missing"}},
		{"unknown branch", "", []directory.Contract{v1},
			[]Entry{{ID: "E2", Ticket: "T1", Date: day(t, "2024-06-03"), Billable: true, Branch: "BS"}}, ErrInvalidEntry,
			[]string{`entry E2: invalid entry: unknown branch "BS" of customer K-1`}},
		{"two branches on a report of a customer billed per branch", directory.BillingBranch, []directory.Contract{v1},
			[]Entry{{ID: "E1", Ticket: "T1", Date: day(t, "2024-06-03"), Billable: true, Branch: "HAN"},
				{ID: "E2", Ticket: "T2", Date: day(t, "2024-06-03"), Billable: true, Branch: "CE"}}, ErrInvalidEntry,
			[]string{`entry E2: invalid entry: branch "CE", but customer K-1 is billed per branch and this report is for "HAN"`}},
		{"contract of another customer", "", []directory.Contract{func() directory.Contract { k := v1; k.Customer = "K-2"; return k }()},
			[]Entry{ok}, nil, []string{`contract V-1 is of customer "K-2", not "K-1"`}},
		{"invalid contract", "", []directory.Contract{func() directory.Contract {
			k := coop(t, "V-1", "2024-01-01", "", 9500, directory.Duration(1), "")
			return k
		}()}, []Entry{ok}, nil, []string{"contract V-1: cooperation.billing_increment"}},
		{"overlapping cooperations", "", []directory.Contract{v1, coop(t, "V-2", "2024-12-31", "", 9900, 0, "")},
			[]Entry{ok}, nil, []string{"cooperation contracts V-1 and V-2 overlap"}},
		{"travel overflows", "", []directory.Contract{v1},
			[]Entry{{ID: "E2", Ticket: "T1", Date: day(t, "2024-06-03"), Billable: true, TravelKm: 1 << 62}}, ErrOverflow,
			[]string{"entry E2: travel: amount out of range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := customer(directory.BillingCentral)
			if tt.billing != "" {
				c.Billing = tt.billing
			}
			r, err := Price(Input{Customer: c, Contracts: tt.contracts, Entries: tt.entries})
			if err == nil {
				t.Fatalf("Price() = %+v, nil; want an error", r)
			}
			if r != nil {
				t.Errorf("Price() returned a report with its error: %+v", r)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Price() = %v, want errors.Is %v", err, tt.is)
			}
			for _, s := range tt.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Price() = %q, want it to contain %q", err, s)
				}
			}
			var ee *EntryError
			if tt.is != nil && tt.is != ErrBilledElsewhere && !errors.As(err, &ee) {
				t.Errorf("Price() = %v, want an *EntryError naming the entry", err)
			}
		})
	}
}

func TestPriceBranchReport(t *testing.T) {
	r := mustPrice(t, Input{Customer: customer(directory.BillingBranch),
		Contracts: []directory.Contract{coop(t, "V-1", "2024-01-01", "", 9500, 0, "")},
		Entries: []Entry{
			{ID: "E1", Ticket: "T1", Date: day(t, "2025-03-03"), Minutes: 30, Billable: true, Branch: "CE"},
			{ID: "E2", Ticket: "T2", Date: day(t, "2025-03-03"), Minutes: 30, Billable: true, Branch: "CE"},
		}})
	if r.Branch != "CE" || r.Customer != "K-1" || len(r.Lines) != 2 {
		t.Errorf("Price() = branch %q, customer %q, %d lines; want CE, K-1, 2", r.Branch, r.Customer, len(r.Lines))
	}
	// A customer billed centrally gets no branch on the report, whatever its entries name.
	r = mustPrice(t, Input{Customer: customer(directory.BillingCentral),
		Contracts: []directory.Contract{coop(t, "V-1", "2024-01-01", "", 9500, 0, "")},
		Entries: []Entry{
			{ID: "E1", Ticket: "T1", Date: day(t, "2025-03-03"), Minutes: 30, Billable: true, Branch: "CE"},
			{ID: "E2", Ticket: "T2", Date: day(t, "2025-03-03"), Minutes: 30, Billable: true, Branch: "HAN"},
		}})
	if r.Branch != "" || len(r.Lines) != 2 {
		t.Errorf("central Price() = branch %q, %d lines; want \"\", 2", r.Branch, len(r.Lines))
	}
}

func TestBatches(t *testing.T) {
	es := []Entry{{ID: "E1", Branch: "CE"}, {ID: "E2"}, {ID: "E3", Branch: "HAN"}, {ID: "E4", Branch: "CE"}, {ID: "E5", Branch: "XX"}}
	ids := func(bs []Batch) string {
		var parts []string
		for _, b := range bs {
			var s []string
			for _, e := range b.Entries {
				s = append(s, e.ID)
			}
			parts = append(parts, b.Branch+":"+strings.Join(s, ","))
		}
		return strings.Join(parts, " ")
	}
	tests := []struct {
		billing directory.Billing
		in      []Entry
		want    string
	}{
		{directory.BillingCentral, es, ":E1,E2,E3,E4,E5"},
		{directory.BillingBranch, es, ":E2 HAN:E3 CE:E1,E4 XX:E5"},
		{directory.BillingBranch, nil, ""},
	}
	for _, tt := range tests {
		if got := ids(Batches(customer(tt.billing), tt.in)); got != tt.want {
			t.Errorf("Batches(%s, %d entries) = %q, want %q", tt.billing, len(tt.in), got, tt.want)
		}
	}
}
