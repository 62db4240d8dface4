package command

// slot is what a command sets on the ticket; two commands of one slot must agree. #zeit and
// #anfahrt have no slot: several of them add up.
type slot int

const (
	noSlot slot = iota
	slotStatus
	slotAssignee // #assign and #take both set it
	slotPriority
	slotCustomer
	slotRequester
	slotInternal
	slotHelp
)

// slotOf returns the slot of c and the value it sets there.
func slotOf(c Command) (slot, string) {
	switch c := c.(type) {
	case SetStatus:
		return slotStatus, string(c.Status)
	case Assign:
		return slotAssignee, "assign:" + c.Technician
	case Take:
		return slotAssignee, "take"
	case SetPriority:
		return slotPriority, string(c.Priority)
	case SetCustomer:
		return slotCustomer, c.Number
	case SetRequester:
		return slotRequester, c.Address
	case Internal:
		return slotInternal, ""
	case HelpRequest:
		return slotHelp, ""
	}
	return noSlot, ""
}

// checkConflicts reports a command that contradicts an earlier one as an error, and drops a
// repeated one (same slot, same value) with a warning, so the caller applies it once. It also
// warns about #intern without a note.
func (b *Block) checkConflicts() {
	type first struct {
		value string
		pos   Pos
	}
	seen := map[slot]first{}
	kept := b.Commands[:0]
	for _, c := range b.Commands {
		s, v := slotOf(c)
		f, dup := seen[s]
		switch {
		case s == noSlot || !dup:
			seen[s] = first{v, c.At()}
			kept = append(kept, c)
		case f.value == v:
			b.Warnings = append(b.Warnings, issueAt(c.At().Line, c.At().Source, CodeDuplicate,
				tf("wiederholt Zeile %d und zählt nur einmal", "repeats line %d and counts once", f.pos.Line), text{}))
		default:
			kept = append(kept, c)
			b.Errors = append(b.Errors, issueAt(c.At().Line, c.At().Source, CodeConflict,
				tf("widerspricht Zeile %d („%s“)", "contradicts line %d (%q)", f.pos.Line, shorten(cleanLine(f.pos.Source), 40)),
				tf("lassen Sie eine der beiden Zeilen weg", "keep only one of the two lines")))
		}
	}
	clear(b.Commands[len(kept):]) // no dropped command stays reachable through the array
	b.Commands = kept
	if p, ok := seen[slotInternal]; ok && b.Text == "" {
		b.Warnings = append(b.Warnings, issueAt(p.pos.Line, p.pos.Source, CodeEmptyInternal,
			tf("unter den Befehlen steht kein Text für die interne Notiz", "there is no text below the commands for the internal note"), text{}))
	}
}
