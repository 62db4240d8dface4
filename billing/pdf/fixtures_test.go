package pdf

import (
	"fmt"
	"time"
)

// The reports the tests render. Their sums are worked out by hand in the comments, so a fixture
// that stops adding up fails Check instead of being "fixed" by the renderer.

var cet = time.FixedZone("CET", 3600)

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, cet) }

func sender() Sender {
	return Sender{
		Name:       "Nordlicht Systemhaus GmbH",
		Address:    []string{"Hafenstraße 12", "20457 Hamburg"},
		Phone:      "+49 40 123456-0",
		Mail:       "service@nordlicht-it.example",
		Web:        "www.nordlicht-it.example",
		Register:   "Amtsgericht Hamburg, HRB 987654",
		Management: "Jörg Weiß, Anna Krüger",
		VATID:      "DE123456789",
		Bank:       "Hamburger Sparkasse · IBAN DE12 2005 0550 1234 5678 90 · BIC HASPDEHHXXX",
	}
}

func standardRates() []Rate {
	return []Rate{
		{Label: "Stundensatz Systemtechnik", Cents: 9500, Per: PerHour},
		{Label: "Anfahrtspauschale", Cents: 3500, Per: PerTrip},
		{Label: "Kilometerpauschale", Cents: 45, Per: PerKm},
	}
}

// cooperationReport is a customer under a cooperation agreement, billed per branch: hourly
// rate in 15-minute increments, travel per trip and per km, one entry not billed.
func cooperationReport() *Report {
	return &Report{
		Lang:    "de",
		ID:      "SB-2026-00042",
		Created: time.Date(2027, 1, 4, 9, 30, 0, 0, cet),
		From:    day(12, 1),
		Until:   day(12, 31),
		Sender:  sender(),
		Recipient: Address{
			Name:  "Müller & Söhne Bau GmbH",
			Lines: []string{"Niederlassung Lüneburg", "z. Hd. Frau Özdemir", "Am Sande 5", "21335 Lüneburg"},
		},
		CustomerNumber: "K-10042",
		CustomerName:   "Müller & Söhne Bau GmbH",
		Branch:         "Lüneburg",
		DATEVAdvisor:   "12345",
		Contract:       "Kooperationsvereinbarung vom 01.03.2025",
		Rates:          standardRates(),
		Tickets: []Ticket{
			{Number: "2026-000042", Subject: "Drucker im Büro 2 druckt keine „Sonderzeichen“ – Treiberproblem?", Entries: []Entry{
				// 50 min → 60 billed: 95,00 €; travel 35,00 € + 35 km × 0,45 € = 50,75 €
				{Date: day(12, 2), Technician: "Jörg Weiß", Activity: "Druckertreiber aktualisiert, Warteschlange geleert, Testdruck mit Umlauten (ä, ö, ü, ß) erfolgreich.",
					Minutes: 50, BilledMinutes: 60, Billable: true, AmountCents: 9500,
					TravelTrips: 1, TravelKm: 35, TravelCents: 5075},
				{Date: day(12, 3), Technician: "Anna Krüger", Activity: "Rückfrage beim Hersteller, Fehler im Treiber bestätigt.",
					Minutes: 20, Reason: "Kulanz, der Fehler kam mit unserem Treiber-Update"},
			}},
			{Number: "2026-000057", Subject: "Neuer Arbeitsplatz für Frau Özdemir", Entries: []Entry{
				// 165 min = 2,75 h × 95,00 € = 261,25 €; travel 50,75 €
				{Date: day(12, 10), Technician: "Jörg Weiß",
					Activity: "Arbeitsplatz eingerichtet: Windows 11 installiert, Benutzerkonto angelegt, Postfach in Outlook eingebunden, Netzlaufwerke verbunden, Drucker eingerichtet, Daten vom alten Rechner übernommen (ca. 35 GB) und die Anwenderin eingewiesen.",
					Minutes:  165, BilledMinutes: 165, Billable: true, AmountCents: 26125,
					TravelTrips: 1, TravelKm: 35, TravelCents: 5075},
				// 10 min → 15 billed: 23,75 €
				{Date: day(12, 11), Technician: "Anna Krüger", Activity: "Fernwartung: Outlook-Signatur nachgearbeitet.",
					Minutes: 10, BilledMinutes: 15, Billable: true, AmountCents: 2375},
			}},
		},
		IncrementMinutes: 15,
		// billable 60+165+15 = 240 min; not billable 20 min; labour 95,00+261,25+23,75 = 380,00 €;
		// travel 2 × 50,75 = 101,50 €; net 481,50 €
		Totals: Totals{BillableMinutes: 240, NonBillableMinutes: 20, LabourCents: 38000, TravelCents: 10150, NetCents: 48150},
	}
}

// kontingentReport is a prepaid-hours customer: 2:30 h carried over of which 0:30 h expire at
// the 2 h rollover cap, 10 h credited, the balance overdrawn to its −2 h limit, and the time
// beyond the limit billed. It also corrects an earlier report.
func kontingentReport() *Report {
	return &Report{
		Lang:     "de",
		ID:       "SB-2026-00043",
		Created:  time.Date(2027, 1, 5, 10, 0, 0, 0, cet),
		From:     day(12, 1),
		Until:    day(12, 31),
		Corrects: "SB-2026-00041",
		Sender:   sender(),
		Recipient: Address{
			Name:  "Praxis Dr. med. Jürgen Groß",
			Lines: []string{"Lindenallee 3", "22041 Hamburg"},
		},
		CustomerNumber: "K-10077",
		Rates:          standardRates(),
		Tickets: []Ticket{
			{Number: "2026-000101", Subject: "Monatliche Wartung Server und Datensicherung", Entries: []Entry{
				{Date: day(12, 1), Technician: "Jörg Weiß", Activity: "Windows-Updates am Server, Prüfung der Datensicherung.",
					Minutes: 240, BilledMinutes: 240, Billable: true, DeductedMinutes: 240},
				{Date: day(12, 8), Technician: "Anna Krüger", Activity: "Datensicherung testweise zurückgespielt (Test-Restore).",
					Minutes: 175, BilledMinutes: 180, Billable: true, DeductedMinutes: 180},
			}},
			{Number: "2026-000115", Subject: "Praxissoftware startet nach Update nicht", Entries: []Entry{
				{Date: day(12, 15), Technician: "Jörg Weiß", Activity: "Fehleranalyse, Datenbankdienst neu gestartet, Update des Herstellers nachinstalliert.",
					Minutes: 300, BilledMinutes: 300, Billable: true, DeductedMinutes: 300},
				// 120 min reach the −2 h limit; 30 min beyond it: 0,50 h × 95,00 € = 47,50 €;
				// travel 35,00 € + 12 km × 0,45 € = 40,40 €
				{Date: day(12, 16), Technician: "Sören Brandt", Activity: "Nachkontrolle vor Ort, alle Arbeitsplätze geprüft.",
					Minutes: 140, BilledMinutes: 150, Billable: true, DeductedMinutes: 120, AmountCents: 4750,
					TravelTrips: 1, TravelKm: 12, TravelCents: 4040},
				{Date: day(12, 17), Technician: "Sören Brandt", Activity: "Telefonische Rückfrage der Praxis.",
					Minutes: 10, Reason: "Gewährleistung, Nachbesserung zum Vortag"},
			}},
			{Number: "2026-000120", Subject: "Zugang für neue Mitarbeiterin", Entries: []Entry{
				// beyond the limit: 0,25 h × 95,00 € = 23,75 €
				{Date: day(12, 22), Technician: "Anna Krüger", Activity: "Benutzerkonto und Postfach angelegt.",
					Minutes: 15, BilledMinutes: 15, Billable: true, AmountCents: 2375},
			}},
		},
		IncrementMinutes: 15,
		// used 240+180+300+120 = 840; after 150 + 600 − 30 − 840 = −120
		Kontingent: &Kontingent{
			Name:          "Wartungskontingent 10 h/Monat",
			BalanceBefore: 150, Credited: 600, Expired: 30, Used: 840, BalanceAfter: -120,
			OverdrawLimit: 120, BilledBeyondLimit: 45,
		},
		// billable 240+180+300+150+15 = 885; labour 47,50 + 23,75 = 71,25 €; travel 40,40 €;
		// net 111,65 €
		Totals: Totals{BillableMinutes: 885, NonBillableMinutes: 10, LabourCents: 7125, TravelCents: 4040, NetCents: 11165},
	}
}

// englishReport is the cooperation report for an English-speaking customer.
func englishReport() *Report {
	r := cooperationReport()
	r.Lang = "en"
	r.ID = "SB-2026-00044"
	return r
}

// longReport has n entries over 12 tickets, each technician named with umlauts, every
// seventh activity long enough to wrap, every fifth not billable.
func longReport(n int) *Report {
	r := cooperationReport()
	r.ID = "SB-2026-00099"
	r.Tickets = nil
	r.Totals = Totals{}
	techs := []string{"Jörg Weiß", "Anna Krüger", "Sören Brandt", "Zoë Çelik"}
	for i := 0; i < n; i++ {
		g := i * 12 / n
		if g == len(r.Tickets) {
			r.Tickets = append(r.Tickets, Ticket{
				Number:  fmt.Sprintf("2026-%06d", 200+g),
				Subject: fmt.Sprintf("Störung Nr. %d: Arbeitsplätze im Obergeschoss", g+1),
			})
		}
		e := Entry{
			Date:       day(12, 1+i%28),
			Technician: techs[i%len(techs)],
			Activity:   fmt.Sprintf("Arbeitsschritt %d: Diagnose und Behebung", i+1),
			Minutes:    10 + i%50,
		}
		if i%7 == 3 {
			e.Activity += ", ausführlich dokumentiert: Ereignisprotokolle ausgewertet, Treiber und Firmware geprüft, Rückmeldung an die Anwenderin gegeben"
		}
		if i%5 == 4 {
			e.Reason = "Kulanz"
			r.Totals.NonBillableMinutes += e.Minutes
		} else {
			e.Billable = true
			e.BilledMinutes = (e.Minutes + 14) / 15 * 15
			e.AmountCents = int64(e.BilledMinutes) * 9500 / 60
			r.Totals.BillableMinutes += e.BilledMinutes
			r.Totals.LabourCents += e.AmountCents
		}
		if i%9 == 0 {
			e.TravelTrips, e.TravelKm, e.TravelCents = 1, 20, 3500+20*45
			r.Totals.TravelCents += e.TravelCents
		}
		t := &r.Tickets[len(r.Tickets)-1]
		t.Entries = append(t.Entries, e)
	}
	r.Totals.NetCents = r.Totals.LabourCents + r.Totals.TravelCents
	return r
}
