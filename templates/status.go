package templates

import "strings"

// Status codes of a ticket, as stored and as used in Data.OldStatus / Data.NewStatus.
const (
	StatusNew        = "new"
	StatusInProgress = "in_progress"
	StatusWaiting    = "waiting"
	StatusResolved   = "resolved"
	StatusClosed     = "closed"
)

// Statuses lists every status code in workflow order.
var Statuses = []string{StatusNew, StatusInProgress, StatusWaiting, StatusResolved, StatusClosed}

var statusLabels = map[string]map[string]string{
	"de": {
		StatusNew:        "Neu",
		StatusInProgress: "In Bearbeitung",
		StatusWaiting:    "Warten auf Kunde",
		StatusResolved:   "Gelöst",
		StatusClosed:     "Geschlossen",
	},
	"en": {
		StatusNew:        "New",
		StatusInProgress: "In progress",
		StatusWaiting:    "Waiting for customer",
		StatusResolved:   "Resolved",
		StatusClosed:     "Closed",
	},
}

// StatusLabel returns the human label of a status code in lang ("de" for an unknown language).
// An unknown code is returned unchanged, so a mail never loses the information.
func StatusLabel(status, lang string) string {
	labels, ok := statusLabels[lang]
	if !ok {
		labels = statusLabels[DefaultLanguage]
	}
	if l, ok := labels[status]; ok {
		return l
	}
	return status
}

// statusWords maps normalised variants (see normStatusWord) to status codes. The codes and the
// labels of every language are accepted as well, by ParseStatus itself.
var statusWords = map[string]string{
	// new
	"new": StatusNew, "neu": StatusNew,
	// in progress
	"in progress": StatusInProgress, "progress": StatusInProgress, "in bearbeitung": StatusInProgress,
	"bearbeitung": StatusInProgress, "in arbeit": StatusInProgress, "arbeit": StatusInProgress,
	"working": StatusInProgress, "wip": StatusInProgress, "started": StatusInProgress,
	"begonnen": StatusInProgress, "bearbeiten": StatusInProgress,
	// waiting
	"waiting": StatusWaiting, "waiting for customer": StatusWaiting, "wait": StatusWaiting,
	"pending": StatusWaiting, "on hold": StatusWaiting, "wartend": StatusWaiting,
	"warten": StatusWaiting, "wartet": StatusWaiting, "warten auf kunde": StatusWaiting,
	"wartet auf kunde": StatusWaiting, "warten auf kunden": StatusWaiting,
	"wartet auf kunden": StatusWaiting, "rückfrage": StatusWaiting, "rueckfrage": StatusWaiting,
	// resolved
	"resolved": StatusResolved, "solved": StatusResolved, "done": StatusResolved,
	"fixed": StatusResolved, "gelöst": StatusResolved, "geloest": StatusResolved,
	"erledigt": StatusResolved, "behoben": StatusResolved,
	// closed
	"closed": StatusClosed, "close": StatusClosed, "geschlossen": StatusClosed,
	"abgeschlossen": StatusClosed, "schließen": StatusClosed, "schliessen": StatusClosed,
	"zu": StatusClosed,
}

// ParseStatus turns a word a technician typed (a code, a German or English label or a common
// variant, any case, with '-' or '_' for spaces) into a status code.
func ParseStatus(word string) (string, bool) {
	w := normStatusWord(word)
	if w == "" {
		return "", false
	}
	if code, ok := statusWords[w]; ok {
		return code, true
	}
	for _, code := range Statuses {
		if w == normStatusWord(code) {
			return code, true
		}
		for _, labels := range statusLabels {
			if w == normStatusWord(labels[code]) {
				return code, true
			}
		}
	}
	return "", false
}

// normStatusWord lower-cases w, treats '-' and '_' as spaces, collapses runs of white space and
// drops trailing punctuation ("Erledigt." -> "erledigt").
func normStatusWord(w string) string {
	w = strings.ToLower(w)
	w = strings.NewReplacer("-", " ", "_", " ").Replace(w)
	w = strings.Join(strings.Fields(w), " ")
	return strings.TrimRight(w, ".,;:!")
}
