package command

import (
	"strconv"
	"strings"
)

// Bounds of one #anfahrt line. Ten trips a day to one customer is already a lot; a thousand
// kilometres is more than a Systemhaus drives to a customer and back in a day, so larger
// numbers are typos ("350" for "35"), not trips.
const (
	maxTrips = 10
	maxKm    = 1000
)

// kmUnits are the spellings of kilometres, folded.
var kmUnits = []string{"km", "kilometer", "kilometre", "kilometers", "kilometres"}

func isKm(s string) bool {
	s = strings.TrimSuffix(fold(s), ".")
	for _, u := range kmUnits {
		if s == u {
			return true
		}
	}
	return false
}

// parseTravel reads "#anfahrt <trips> [date]" or "#anfahrt <km> km [date]". Kilometres are
// whole: route planners and logbooks give whole kilometres, and tenths would be false
// precision in a bill.
func parseTravel(l *line) Command {
	ts := l.toks
	if len(ts) == 0 {
		l.err(CodeMissingValue, tf("#%s braucht die Zahl der Fahrten oder die Kilometer", "#%s needs the number of trips or the kilometres", l.word),
			rightEg(l.example("1"), l.example("35km")))
		return nil
	}
	num, unit, ok := scanNumber(ts[0].text)
	i := 1
	if ok && unit == "" && len(ts) > 1 && isKm(ts[1].text) {
		unit, i = ts[1].text, 2
	}
	km := isKm(unit)
	if !ok || unit != "" && !km {
		l.err(CodeBadTravel, tf("„%s“ ist weder eine Zahl von Fahrten noch eine Strecke in km", "%q is neither a number of trips nor a distance in km", value(ts[0].text)),
			rightEg(l.rewrite(0, i, "1"), l.rewrite(0, i, "35km")))
		return nil
	}
	n, _ := num.scaled(1)
	if !l.travelCount(num, n, km, i) {
		return nil
	}
	t := Travel{Pos: l.pos, Date: l.opt.Today}
	if km {
		t.Km = n
	} else {
		t.Trips = n
	}
	if i < len(ts) && looksLikeDate(ts[i].text) {
		d, ok := l.date(i)
		if !ok {
			return nil
		}
		t.Date, i = d, i+1
	}
	if i < len(ts) {
		l.err(CodeUnexpectedValue, tf("„%s“ ist zu viel", "%q is one word too many", value(restAfter(l.args, ts, i))),
			text{"nach der Anzahl kommt höchstens ein Datum; richtig wäre " + quote("de", l.rewrite(i, len(ts), "")),
				"only a date may follow; write " + quote("en", l.rewrite(i, len(ts), ""))})
		return nil
	}
	return t
}

// travelCount checks the number n (read from num) of trips or kilometres.
func (l *line) travelCount(num number, n int, km bool, used int) bool {
	switch {
	case km && num.frac != "":
		r := num.rounded(1)
		l.err(CodeBadTravel, tf("Kilometer werden ganz erfasst", "kilometres are recorded whole"), rightIs(l.rewrite(0, used, strconv.Itoa(max(r, 1))+"km")))
	case num.frac != "":
		l.err(CodeBadTravel, tf("die Zahl der Fahrten ist ganz", "the number of trips is whole"), rightEg(l.rewrite(0, used, "1")))
	case n == 0:
		l.err(CodeBadTravel, tf("null Fahrten sind nichts zu erfassen", "zero trips is nothing to record"), tf("lassen Sie die Zeile weg", "leave the line out"))
	case km && n > maxKm:
		l.err(CodeBadTravel, tf("mehr als %d km in einer Zeile", "more than %d km on one line", maxKm), tf("stimmt die Zahl?", "is the number right?"))
	case !km && n > maxTrips:
		l.err(CodeBadTravel, tf("mehr als %d Fahrten in einer Zeile", "more than %d trips on one line", maxTrips),
			tf("meinten Sie Kilometer? Dann „#%s %d km“", "did you mean kilometres? Then \"#%s %d km\"", l.word, n))
	default:
		return true
	}
	return false
}
