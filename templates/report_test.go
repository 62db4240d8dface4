package templates

import (
	"strings"
	"testing"
	"time"
)

// addReportData fills the report and the rejected entry of the billing mails on top of
// goldenData: a branch billed on its own, a non-billable entry with its reason, travel, a
// Kontingent overdrawn beyond its limit.
func addReportData(d *Data) {
	d.Report = &ReportInfo{
		ID: "SB-2026-00042", Date: "30.11.2026", Period: "01.11.2026 – 30.11.2026",
		CustomerNumber: "K-1001", CustomerName: "Steuerberatung Berger & Partner", Branch: "Filiale Lüneburg",
		DATEVAdvisor: "1234567",
		Tickets: []ReportTicket{
			{Number: "2026-000042", Subject: "Drucker im 2. OG druckt nicht", Lines: []ReportLine{
				{Date: "28.11.2026", Technician: "Martin Keller", Activity: "Papiersensor getauscht", Time: "1:30 h", Billed: "1:30 h",
					Billable: true, Travel: "1 Anfahrt", Amount: "177,50 €"},
				{Date: "27.11.2026", Technician: "Martin Keller", Time: "0:20 h", Reason: "Kulanz: Fehler lag bei uns", Amount: "0,00 €"},
			}},
			{Number: "2026-000051", Subject: "VPN <langsam>", Lines: []ReportLine{
				{Date: "29.11.2026", Technician: "Jana Weiß", Activity: "VPN-Profil neu verteilt", Time: "0:50 h", Billed: "1:00 h",
					Billable: true, Deducted: "0:45 h", Amount: "22,25 €"},
			}},
		},
		BillableTime: "2,50 h", NonBillableTime: "0,33 h", Labour: "164,75 €", Travel: "35,00 €", Net: "199,75 €",
		Kontingent: []ReportKontingent{{Contract: "V-2026-08", Before: "0:00 h", Credited: "+0:45 h", Used: "0:45 h", After: "0:00 h", Excess: "0:15 h"}},
		Attachment: "SB-2026-00042.pdf",
	}
	d.Rejected = &RejectedTime{ID: 17, By: "Petra Weiß (Abrechnung)",
		Change: Change{What: ChangeTime, Minutes: 90, Billable: true, Activity: "Papiersensor getauscht", Date: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}}
}

func TestServiceReportEscapesAndNamesEverything(t *testing.T) {
	s := loadSet(t, "")
	d := goldenData()
	d.Report.Tickets[0].Lines[1].Reason = `<script>alert(1)</script>`
	for _, lang := range Languages {
		r := render(t, s, KindServiceReport, lang, d)
		if strings.Contains(r.HTML, "<script>") {
			t.Errorf("Render(service_report, %s).HTML contains unescaped input", lang)
		}
		for _, want := range []string{"SB-2026-00042", "K-1001", "Filiale Lüneburg", "1234567", "199,75 €", "V-2026-08", "2026-000051"} {
			if !strings.Contains(r.Text, want) || !strings.Contains(r.HTML, want) {
				t.Errorf("Render(service_report, %s) lacks %q", lang, want)
			}
		}
	}
}
