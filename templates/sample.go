package templates

import (
	"slices"
	"time"
)

// sampleData fills every field, so trial rendering reaches every branch that depends on a
// field being set.
func sampleData(lang string) Data {
	received := time.Date(2026, 11, 28, 13, 3, 0, 0, time.UTC)
	attached := []AttachmentInfo{
		{Name: "foto.jpg", Size: 250_000, Attached: true},
		{Name: "dump.zip", Size: 40_000_000},
	}
	return Data{
		Lang: lang, Ticket: "2026-000001", Subject: "Beispiel", RecipientName: "Erika Muster",
		Requester: "max@example.com", RequesterName: "Max Muster", RequesterPhone: "0123 456",
		Received: received, Location: time.UTC,
		OldStatus: StatusNew, NewStatus: StatusInProgress, Note: "Notiz", Body: "Antwort",
		SupportName: "Support", SupportAddress: "support@example.com", Reason: "Grund",
		Summary: &Summary{
			Customer: "Beispiel GmbH", Month: received, Opened: 2, Resolved: 1, BillableHours: "3.5", NonBillableHours: "0.5", FirstResponseMinutes: 42,
			OpenTickets: []SummaryTicket{
				{Number: "2026-000001", Subject: "Beispiel", Status: StatusInProgress, Created: received},
			},
			Prepaid: []PrepaidStatus{
				{Contract: "V-1", HoursPerMonth: "10", Balance: "2.5", Last: []PrepaidMovement{
					{Date: received, Kind: "credit", Hours: "10"}, {Date: received, Kind: "deduction", Hours: "-1.5", Report: "SB-2026-00001", Ticket: "2026-000001"},
					{Date: received, Kind: "adjustment", Hours: "1", Note: "Grund"}, {Date: received, Kind: "correction", Hours: "2", Note: "RE-1"}}},
				{Contract: "V-2", HoursPerMonth: "5"},
			},
		},
		AssignedBy: "Dispo", Status: StatusInProgress, Priority: PriorityHigh,
		Customer: &CustomerInfo{
			Number: "K-1", Name: "Beispiel GmbH", Address: []string{"Weg 1", "12345 Ort"},
			ContactName: "Max Muster", ContactPhone: "0123 456", ContactEmail: "max@example.com",
			ManagerName: "Erika Muster", ManagerPhone: "0123 789", ManagerEmail: "erika@example.com",
		},
		History: []HistoryEntry{
			{Author: "Max Muster", Kind: CommentCustomer, Created: received, Body: "Text", Attachments: attached},
			{Author: "Erika Muster", Kind: CommentInternal, Created: received, Body: "Notiz"},
		},
		Comment:     &HistoryEntry{Author: "Max Muster", Kind: CommentCustomer, Created: received, Body: "Text", Attachments: attached},
		Attachments: attached,
		Technicians: []TechnicianInfo{{ID: "e.muster", Name: "Erika Muster"}},
		Changes: []Change{
			{What: ChangeStatus, Old: StatusNew, New: StatusInProgress},
			{What: ChangeTime, Minutes: 45, Billable: true, Activity: "Arbeit", Date: received},
			{What: ChangeAnswer},
		},
		Problems:   []Issue{{Line: 1, Source: "#ziet 45m", Message: "Zeile 1: „#ziet 45m“ – unbekannt"}},
		Warnings:   []Issue{{Line: 3, Source: "#intern"}},
		Help:       "#hilfe",
		From:       "erika@example.com",
		SetAsideID: 7,
		Applied:    true,
		AnsweredTo: []string{"max@example.com"},
		Report:     sampleReport(),
		Rejected: &RejectedTime{ID: 7, By: "Erika Muster",
			Change: Change{What: ChangeTime, Minutes: 45, Billable: true, Activity: "Arbeit", Date: received}},
	}
}

// sampleReport fills every field of a report mail.
func sampleReport() *ReportInfo {
	return &ReportInfo{
		ID: "SB-2026-00001", Date: "31.12.2026", Period: "01.12.2026 – 31.12.2026", CustomerNumber: "K-1",
		CustomerName: "Beispiel GmbH", Branch: "Filiale", DATEVAdvisor: "12345", Corrects: "SB-2026-00000",
		Tickets: []ReportTicket{{Number: "2026-000001", Subject: "Beispiel", Lines: []ReportLine{
			{Date: "01.12.2026", Technician: "Erika Muster", Activity: "Arbeit", Time: "0:45 h", Billed: "1:00 h", Billable: true,
				Deducted: "1:00 h", Travel: "1 Anfahrt", Amount: "95,00 €"},
			{Date: "02.12.2026", Technician: "Erika Muster", Time: "0:20 h", Reason: "Kulanz", Amount: "0,00 €"},
		}}},
		BillableTime: "1,00 h", NonBillableTime: "0,33 h", Labour: "95,00 €", Travel: "0,00 €", Net: "95,00 €",
		Kontingent: []ReportKontingent{{Contract: "V-1", Before: "+2:00 h", Credited: "+10:00 h", Used: "1:00 h", After: "+1:00 h", Excess: "0:15 h"}},
		Attachment: "SB-2026-00001.pdf",
	}
}

// sparseData leaves empty what may be empty when Render is called, so trial rendering also
// reaches the other side of those branches (no greeting name, no open tickets, no customer,
// no history, nothing applied, ...). Fields Render insists on for kind stay set; Ticket is
// cleared for the kinds that may concern none.
func sparseData(lang, kind string) Data {
	d := sampleData(lang)
	d.RecipientName, d.RequesterName, d.Note, d.SupportAddress = "", "", "", ""
	d.Received = time.Time{}
	d.Summary = &Summary{Customer: d.Summary.Customer, Month: d.Summary.Month}
	d.Report = &ReportInfo{ID: "SB-2026-00001", Date: "31.12.2026", Period: "01.12.2026", CustomerNumber: "K-1", CustomerName: "Beispiel GmbH",
		Tickets:      []ReportTicket{{Number: "2026-000001", Lines: []ReportLine{{Date: "01.12.2026", Time: "0:45 h", Billed: "1:00 h", Billable: true, Amount: "95,00 €"}}}},
		BillableTime: "1,00 h", NonBillableTime: "0,00 h", Labour: "95,00 €", Travel: "0,00 €", Net: "95,00 €"}
	d.Rejected = &RejectedTime{ID: 7, Change: Change{What: ChangeTime, Minutes: 45, Billable: true, Date: d.Received}}
	if slices.Contains(withoutTicket, kind) {
		d.Ticket = ""
	}
	if kind != KindNewTicket {
		d.Requester = ""
	}
	d.AssignedBy, d.Priority, d.RequesterPhone, d.From, d.SetAsideID = "", "", "", "", 0
	d.Customer, d.History, d.Attachments, d.Technicians = nil, nil, nil, nil
	d.Comment = &HistoryEntry{Kind: CommentCustomer, Body: "Text"}
	d.Changes, d.Problems, d.Warnings, d.AnsweredTo, d.Applied = nil, nil, nil, nil, false
	return d
}
