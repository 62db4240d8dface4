package pdf

// labels are the fixed texts of the report in one language. Functions take the variable part,
// so word order can differ between languages.
type labels struct {
	title          func(id string) string
	intro          func(period string) string
	corrects       func(id string) string
	reportNo       string
	date           string
	customerNo     string
	customer       string
	branch         string
	period         string
	datev          string
	page           func(n, of int) string
	colDate        string
	colTechnician  string
	colActivity    string
	colRecorded    string
	colBilled      string
	colBilling     string
	colAmount      string
	continued      string
	billed         string
	notBilled      func(reason string) string
	fromKontingent string
	partKontingent func(duration string) string
	travel         string
	trips          func(n int) string
	ticketSum      func(number string) string
	noEntries      string
	sums           string
	billableHours  string
	ofWhichKont    string
	nonBillable    string
	labour         string
	travelSum      string
	net            string
	vatNote        string
	kontTitle      string
	kontBefore     string
	kontCredited   string
	kontExpired    string
	kontUsed       string
	kontAfter      string
	overdrawn      string
	overdrawLimit  string
	beyondLimit    string
	rates          string
	contract       string
	increment      func(minutes int) string
	byMinute       string
	per            [PerKm + 1]string
	vatID          string
	management     string
}

var german = labels{
	title: func(id string) string { return "Servicebericht " + id },
	intro: func(p string) string {
		return "Im Zeitraum " + p + " haben wir für Sie die folgenden Leistungen erbracht."
	},
	corrects: func(id string) string {
		return "Korrektur zu " + id + ": Dieser Bericht ersetzt den Bericht " + id + " vollständig."
	},
	reportNo:       "Bericht-Nr.",
	date:           "Datum",
	customerNo:     "Kundennummer",
	customer:       "Kunde",
	branch:         "Niederlassung",
	period:         "Zeitraum",
	datev:          "DATEV-Beraternr.",
	page:           func(n, of int) string { return "Seite " + itoa(n) + " von " + itoa(of) },
	colDate:        "Datum",
	colTechnician:  "Techniker",
	colActivity:    "Tätigkeit",
	colRecorded:    "Erfasst",
	colBilled:      "Berechnet",
	colBilling:     "Abrechnung",
	colAmount:      "Betrag",
	continued:      "(Fortsetzung)",
	billed:         "berechnet",
	notBilled:      func(r string) string { return "nicht berechnet: " + r },
	fromKontingent: "aus Kontingent",
	partKontingent: func(d string) string { return d + " aus Kontingent, Rest berechnet" },
	travel:         "Anfahrt",
	trips:          func(n int) string { return plural(n, "Fahrt", "Fahrten") },
	ticketSum:      func(n string) string { return "Summe Ticket " + n },
	noEntries:      "Im Zeitraum wurden keine Leistungen erfasst.",
	sums:           "Zusammenfassung",
	billableHours:  "Berechnete Arbeitszeit",
	ofWhichKont:    "davon aus dem Kontingent",
	nonBillable:    "Nicht berechnete Arbeitszeit",
	labour:         "Arbeitsleistung",
	travelSum:      "Anfahrt",
	net:            "Nettobetrag",
	vatNote:        "Alle Beträge netto zzgl. gesetzl. USt. Die Rechnung folgt gesondert und nennt diese Berichtsnummer.",
	kontTitle:      "Stundenkontingent",
	kontBefore:     "Stand vorher",
	kontCredited:   "Gutschrift im Zeitraum",
	kontExpired:    "verfallen (Übertragsgrenze)",
	kontUsed:       "verbraucht",
	kontAfter:      "Stand nachher",
	overdrawn:      "überzogen",
	overdrawLimit:  "Überziehungsrahmen",
	beyondLimit:    "über den Rahmen hinaus berechnet",
	rates:          "Angewandte Sätze",
	contract:       "Grundlage",
	increment:      func(m int) string { return "Abrechnung je angefangene " + itoa(m) + " Minuten" },
	byMinute:       "Abrechnung minutengenau",
	per:            [...]string{Flat: "pauschal", PerHour: "je Stunde", PerTrip: "je Fahrt", PerKm: "je km"},
	vatID:          "USt-IdNr.",
	management:     "Geschäftsführung:",
}

var english = labels{
	title: func(id string) string { return "Service report " + id },
	intro: func(p string) string { return "In the period " + p + " we provided the following services for you." },
	corrects: func(id string) string {
		return "Correction of " + id + ": this report replaces report " + id + " in full."
	},
	reportNo:       "Report no.",
	date:           "Date",
	customerNo:     "Customer no.",
	customer:       "Customer",
	branch:         "Branch",
	period:         "Period",
	datev:          "DATEV advisor no.",
	page:           func(n, of int) string { return "Page " + itoa(n) + " of " + itoa(of) },
	colDate:        "Date",
	colTechnician:  "Technician",
	colActivity:    "Activity",
	colRecorded:    "Recorded",
	colBilled:      "Billed",
	colBilling:     "Billing",
	colAmount:      "Amount",
	continued:      "(continued)",
	billed:         "billed",
	notBilled:      func(r string) string { return "not billed: " + r },
	fromKontingent: "from prepaid hours",
	partKontingent: func(d string) string { return d + " from prepaid hours, rest billed" },
	travel:         "Travel",
	trips:          func(n int) string { return plural(n, "trip", "trips") },
	ticketSum:      func(n string) string { return "Total ticket " + n },
	noEntries:      "No services were recorded in this period.",
	sums:           "Summary",
	billableHours:  "Billed working time",
	ofWhichKont:    "of which from prepaid hours",
	nonBillable:    "Working time not billed",
	labour:         "Labour",
	travelSum:      "Travel",
	net:            "Net amount",
	vatNote:        "All amounts are net, plus VAT. The invoice follows separately and quotes this report number.",
	kontTitle:      "Prepaid hours",
	kontBefore:     "Balance before",
	kontCredited:   "Credited in the period",
	kontExpired:    "Expired (rollover limit)",
	kontUsed:       "Used",
	kontAfter:      "Balance after",
	overdrawn:      "overdrawn",
	overdrawLimit:  "Overdraft limit",
	beyondLimit:    "Billed beyond the limit",
	rates:          "Rates applied",
	contract:       "Agreement",
	increment:      func(m int) string { return "Billed per started " + itoa(m) + " minutes" },
	byMinute:       "Billed by the minute",
	per:            [...]string{Flat: "flat", PerHour: "per hour", PerTrip: "per trip", PerKm: "per km"},
	vatID:          "VAT ID",
	management:     "Managing directors:",
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}
