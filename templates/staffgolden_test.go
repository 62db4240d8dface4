package templates

import (
	"slices"
	"testing"
	"time"
)

// addStaffData fills the fields of the staff mails on top of goldenData: a ticket with a known
// customer, a history of every comment kind, an attachment over the size limit, and a command
// mail that changed several things. Issue messages and reasons are in German; staffGolden
// replaces them for English, as the caller does.
func addStaffData(d *Data) {
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, time.UTC) }
	d.AssignedBy = "Petra Weiß (Dispo)"
	d.Status = StatusWaiting
	d.Priority = PriorityHigh
	d.RequesterPhone = "089 2345-17"
	d.Customer = &CustomerInfo{
		Number: "K-1001", Name: "Steuerberatung Berger & Partner",
		Address:     []string{"Hauptstraße 5", "80331 München"},
		ContactName: "Sabine Schäfer", ContactPhone: "089 2345-17", ContactEmail: "s.schaefer@kunde.example",
		ManagerName: "Thomas Groß", ManagerPhone: "089 998877-20", ManagerEmail: "t.gross@it-service.example",
	}
	d.History = []HistoryEntry{
		{Author: "Sabine Schäfer", Kind: CommentCustomer, Created: at(28, 13, 3),
			Body: "Guten Tag,\nder Drucker im 2. OG meldet „Papierstau“, obwohl nichts klemmt.\nFoto und Scan anbei.",
			Attachments: []AttachmentInfo{
				{Name: "drucker.jpg", Size: 245_760, Attached: true},
				{Name: "scan-fehlerprotokoll.pdf", Size: 40_265_318}, // 38,4 MB: over the limit
			}},
		{Author: "Helpdesk", Kind: CommentSystem, Created: at(28, 13, 20), Body: "Status: Neu → In Bearbeitung"},
		{Author: "Martin Keller", Kind: CommentPublic, Created: at(28, 13, 25), Body: "Bitte schicken Sie uns ein Foto der Fehlermeldung."},
		{Author: "Martin Keller", Kind: CommentInternal, Created: at(28, 13, 30), Body: "Treiber ist aktuell; Verdacht auf den Papiersensor."},
		{Author: "Martin Keller", Kind: CommentUnapplied, Created: at(28, 13, 41), Body: "#ziet 30m Sensor geprüft"},
	}
	d.Comment = &HistoryEntry{Author: "Sabine Schäfer", Kind: CommentCustomer, Created: at(29, 8, 15),
		Body: "Hier das Foto der Fehlermeldung.\nDer Drucker piept außerdem dreimal.",
		Attachments: []AttachmentInfo{
			{Name: "fehlermeldung.jpg", Size: 1_258_291, Attached: true},
			{Name: "video-drucker.mp4", Size: 52_428_800},
		}}
	d.Attachments = []AttachmentInfo{{Name: "lieferschein.pdf", Size: 88_000, Attached: true}}
	d.Technicians = []TechnicianInfo{
		{ID: "m.keller", Name: "Martin Keller"}, {ID: "j.weiss", Name: "Jana Weiß"}, {ID: "a.oezdemir", Name: "Ali Özdemir"},
	}
	d.Changes = []Change{
		{What: ChangeStatus, Old: StatusInProgress, New: StatusWaiting},
		{What: ChangeTake, Old: "Jana Weiß"},
		{What: ChangePriority, Old: PriorityNormal, New: PriorityHigh},
		{What: ChangeTime, Minutes: 90, Billable: true, Activity: "Papiersensor getauscht", Date: at(28, 0, 0)},
		{What: ChangeTime, Minutes: 20, Reason: "Kulanz: Fehler lag bei uns", Date: at(27, 0, 0)},
		{What: ChangeTravel, Km: 35, Date: at(28, 0, 0)},
		{What: ChangeAnswer},
	}
	d.AnsweredTo = []string{"s.schaefer@kunde.example", "it@kanzlei-berger.example"}
	d.Applied = true
	d.Warnings = []Issue{{Line: 9, Source: "#anfahrt 1",
		Message: "Zeile 9: „#anfahrt 1“ – ein Befehl unter dem Text wird nicht ausgeführt; schreiben Sie ihn ganz nach oben"}}
	d.Help = "Befehle per Mail\n================\n\n#status <Wert>\n  Setzt den Status des Tickets.\n  Beispiel:\n    #status in Arbeit\n\n#übernehmen\n  Sie übernehmen das Ticket selbst.\n"
	d.From = "m.keller@freemail.example"
	d.SetAsideID = 314
}

// staffGolden is the full input of a staff golden file in lang.
func staffGolden(lang string) Data {
	d := goldenData()
	if lang == "en" {
		d.Warnings = []Issue{{Line: 9, Source: "#anfahrt 1",
			Message: `Line 9: "#anfahrt 1" – a command below the text is not applied; put it at the very top`}}
		d.Help = "Commands by mail\n================\n\n#status <value>\n  Sets the ticket's status.\n  Example:\n    #status in progress\n\n#take\n  You take the ticket yourself.\n"
	}
	return d
}

// staffRejected is a command mail with errors: nothing applied.
func staffRejected(lang string) Data {
	d := staffGolden(lang)
	d.Applied, d.Changes, d.AnsweredTo = false, nil, nil
	d.Problems = []Issue{
		{Line: 2, Source: "#zeit 45", Message: "Zeile 2: „#zeit 45“ – die Dauer hat keine Einheit; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“"},
		{Line: 3, Source: "#staus gelöst", Message: "Zeile 3: „#staus gelöst“ – „#staus“ ist kein Befehl; richtig wäre „#status gelöst“"},
	}
	if lang == "en" {
		d.Problems = []Issue{
			{Line: 2, Source: "#zeit 45", Message: `Line 2: "#zeit 45" – the duration has no unit; write e.g. "#zeit 45m" or "#zeit 1h30"`},
			{Line: 3, Source: "#staus gelöst", Message: `Line 3: "#staus gelöst" – "#staus" is no command; write "#status gelöst"`},
		}
	}
	return d
}

// staffUnproven is the mail not applied: a reply with a foreign From.
func staffUnproven(lang string) Data {
	d := staffGolden(lang)
	d.Subject = "AW: [Ticket#2026-000042] Drucker im 2. OG druckt nicht"
	d.Received = time.Date(2026, 11, 29, 21, 47, 0, 0, time.UTC)
	d.Reason = "Die Absenderadresse m.keller@freemail.example gehört nicht zu Ihren Adressen."
	if lang == "en" {
		d.Reason = "The From address m.keller@freemail.example is not one of your addresses."
	}
	d.Body = "#status geschlossen\n#zeit 8h nb Kulanz\nIhr Ticket ist erledigt, bitte zahlen Sie an IBAN DE00 0000."
	return d
}

// staffSparse has only what Render insists on: no customer, no history, no attachments, no
// priority, nothing changed; unproven_command concerns the plain support address (no ticket).
func staffSparse(lang, kind string) Data {
	d := staffGolden(lang)
	if kind == KindUnprovenCommand {
		d = staffUnproven(lang)
		d.Ticket, d.SetAsideID, d.From = "", 0, ""
		d.Subject = "Neues Ticket für Kunde K-1001"
		d.Reason = "Die Mail ging an die allgemeine Support-Adresse, und die Authentication-Results zeigten weder DKIM noch SPF für Ihre Domain."
		if lang == "en" {
			d.Reason = "The mail went to the plain support address, and its Authentication-Results showed neither DKIM nor SPF for your domain."
		}
	}
	d.RecipientName, d.RequesterName, d.RequesterPhone, d.AssignedBy, d.Priority = "", "", "", "", ""
	d.Status = StatusNew
	d.Customer, d.History, d.Attachments, d.Technicians = nil, nil, nil, nil
	d.Comment = &HistoryEntry{Kind: CommentCustomer, Created: d.Received, Body: "Es geht wieder nicht."}
	d.Changes, d.AnsweredTo, d.Warnings = nil, nil, nil
	return d
}

func TestGoldenStaff(t *testing.T) {
	s := loadSet(t, "")
	type variant struct {
		suffix string
		data   func(lang, kind string) Data
	}
	variants := []variant{
		{"", func(lang, kind string) Data {
			if kind == KindUnprovenCommand {
				return staffUnproven(lang)
			}
			return staffGolden(lang)
		}},
		{"_sparse", staffSparse},
	}
	for _, lang := range Languages {
		for _, kind := range StaffKinds {
			vs := variants
			if kind == KindCommandResult {
				vs = append(slices.Clone(vs), variant{"_rejected", func(lang, _ string) Data { return staffRejected(lang) }})
			}
			for _, v := range vs {
				name := lang + "_" + kind + v.suffix
				t.Run(name, func(t *testing.T) {
					r, err := s.Render(kind, lang, v.data(lang, kind))
					if err != nil {
						t.Fatalf("Render(%s, %s): %v", kind, lang, err)
					}
					checkGolden(t, name+".txt", "Subject: "+r.Subject+"\n\n"+r.Text)
					checkGolden(t, name+".html", r.HTML)
				})
			}
		}
	}
}
