package billing

import (
	"fmt"
	"slices"

	"helpdesk/directory"
)

// item is one entry on its way to a line.
type item struct {
	e      Entry
	t      *terms
	pos    int   // place in the report's order (date, ticket, ID)
	billed int64 // minutes after the increment
}

// units groups the billable items into what one increment is applied to: each entry on its
// own (rounding "entry"), or all entries of one ticket priced by one contract (rounding
// "ticket"). Units come in the order of their first entry; items must be in report order.
func units(items []item) [][]int {
	var out [][]int
	byTicket := make(map[[2]string]int) // (contract, ticket) -> index in out
	for i, it := range items {
		if !it.e.Billable {
			continue
		}
		if it.t.rounding != directory.RoundTicket {
			out = append(out, []int{i})
			continue
		}
		key := [2]string{it.t.k.ID, it.e.Ticket}
		if u, ok := byTicket[key]; ok {
			out[u] = append(out[u], i)
			continue
		}
		byTicket[key] = len(out)
		out = append(out, []int{i})
	}
	return out
}

// roundUnit rounds the unit's minutes up once. What the rounding adds goes onto its last
// entry, so that every line's billed minutes are at least its recorded ones and the unit's
// lines add up to the rounded sum.
func roundUnit(items []item, u []int) error {
	var sum int64
	for _, i := range u {
		var err error
		if sum, err = add(sum, items[i].e.Minutes); err != nil {
			return entryError(items[i].e, items[i].pos, err)
		}
		items[i].billed = items[i].e.Minutes
	}
	last := &items[u[len(u)-1]]
	up, err := RoundUp(sum, last.t.increment)
	if err != nil {
		return entryError(last.e, last.pos, err)
	}
	last.billed += up - sum
	return nil
}

// pricer prices units in order, consuming the Kontingent rooms.
type pricer struct {
	rooms   map[string]Room
	blocked map[string]string // Kontingent -> ID of the first entry held under it
	lines   []positioned[Line]
	held    []positioned[Held]
}

type positioned[T any] struct {
	pos int
	v   T
}

func newPricer(rooms map[string]Room) *pricer {
	p := &pricer{rooms: make(map[string]Room, len(rooms)), blocked: make(map[string]string)}
	for id, r := range rooms {
		p.rooms[id] = r
	}
	return p
}

func (p *pricer) add(it item, l Line) { p.lines = append(p.lines, positioned[Line]{it.pos, l}) }

// result returns the lines and held entries in report order.
func (p *pricer) result() ([]Line, []Held) {
	byPos := func(a, b positioned[Line]) int { return a.pos - b.pos }
	slices.SortFunc(p.lines, byPos)
	slices.SortFunc(p.held, func(a, b positioned[Held]) int { return a.pos - b.pos })
	lines := make([]Line, len(p.lines))
	for i, l := range p.lines {
		lines[i] = l.v
	}
	var held []Held
	for _, h := range p.held {
		held = append(held, h.v)
	}
	return lines, held
}

// price prices one unit. Under a cooperation every billed minute is priced at the hourly
// rate. Under a Kontingent the unit is deducted whole while it fits the room; once it does
// not, "bill" deducts what fits and bills the rest at the excess rate, and "hold" holds the
// unit and every later one of that contract, so that hours are always deducted in date order.
func (p *pricer) price(items []item, u []int) error {
	t := items[u[0]].t
	if !t.prepaid {
		for _, i := range u {
			if err := p.line(items[i], 0, 0); err != nil {
				return err
			}
		}
		return nil
	}
	id := t.k.ID
	var need int64
	for _, i := range u {
		var err error
		if need, err = add(need, items[i].billed); err != nil {
			return entryError(items[i].e, items[i].pos, err)
		}
	}
	room := p.rooms[id]
	switch {
	case p.blocked[id] != "":
		p.hold(items, u, fmt.Sprintf("held behind entry %s, which is beyond the overdraw limit of contract %s", p.blocked[id], id))
	case room.Unlimited || need <= room.Minutes:
		for _, i := range u {
			if err := p.line(items[i], items[i].billed, 0); err != nil {
				return err
			}
		}
		if !room.Unlimited {
			room.Minutes -= need
		}
	case t.beyond == directory.BeyondHold:
		p.blocked[id] = items[u[0]].e.ID
		p.hold(items, u, fmt.Sprintf("beyond the overdraw limit of contract %s: needs %d minutes, room %d", id, need, room.Minutes))
	default: // directory.BeyondBill
		for _, i := range u {
			d := min(items[i].billed, room.Minutes)
			room.Minutes -= d
			if err := p.line(items[i], d, items[i].billed-d); err != nil {
				return err
			}
		}
	}
	p.rooms[id] = room
	return nil
}

func (p *pricer) hold(items []item, u []int, reason string) {
	for _, i := range u {
		it := items[i]
		p.held = append(p.held, positioned[Held]{it.pos, Held{Entry: it.e, Contract: it.t.k.ID, Minutes: it.billed, Reason: reason}})
	}
}

// line adds the line of a billable item; deducted and excess split a Kontingent's minutes.
func (p *pricer) line(it item, deducted, excess int64) error {
	l := Line{Entry: it.e, Contract: it.t.k.ID, Kind: it.t.k.Kind, BilledMinutes: it.billed,
		DeductedMinutes: deducted, ExcessMinutes: excess}
	priced := it.billed
	if it.t.prepaid {
		priced = excess
	}
	var err error
	if priced > 0 {
		l.Rate = it.t.rate
		if l.Labour, err = Labour(priced, it.t.rate); err != nil {
			return entryError(it.e, it.pos, err)
		}
	}
	if l.Travel, err = travel(it.e, it.t); err != nil {
		return entryError(it.e, it.pos, err)
	}
	if l.Amount, err = addMoney(l.Labour, l.Travel); err != nil {
		return entryError(it.e, it.pos, err)
	}
	p.add(it, l)
	return nil
}

// travel prices an entry's trips and km at the contract's travel rates.
func travel(e Entry, t *terms) (directory.Money, error) {
	trips, err := mul(e.TravelTrips, int64(t.perTrip))
	if err != nil {
		return 0, fmt.Errorf("travel: %w", err)
	}
	km, err := mul(e.TravelKm, int64(t.perKm))
	if err != nil {
		return 0, fmt.Errorf("travel: %w", err)
	}
	sum, err := add(trips, km)
	if err != nil {
		return 0, fmt.Errorf("travel: %w", err)
	}
	return directory.Money(sum), nil
}
