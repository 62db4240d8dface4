package reports

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"helpdesk/billing/pdf"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ and docs/service-report-example.png")

// cooperationWorld is K-1001 in December 2026: a branch billed on its own (two tickets of a
// contact of the branch, travel per trip and km, one entry not billed with its reason) and the
// head office (one ticket), reported on 4 January 2027.
func cooperationWorld(t *testing.T) (*world, []Created) {
	w := newWorld(t)
	a := w.ticket("C-0001", "Drucker im Büro 2 druckt keine „Sonderzeichen“ – Treiberproblem?", "2026-12-01")
	b := w.ticket("C-0001", "Neuer Arbeitsplatz für Frau Özdemir", "2026-12-09")
	c := w.ticket("C-0002", "VPN langsam", "2026-12-14")
	// 50 min → 60 billed: 95,00 €; travel 35,00 € + 35 km × 0,45 € = 50,75 €
	w.entry(a, "j.weiss", "2026-12-02", 50, "Druckertreiber aktualisiert, Warteschlange geleert, Testdruck mit Umlauten (ä, ö, ü, ß) erfolgreich.", "", 1, 35)
	w.entry(a, "a.krueger", "2026-12-03", 20, "Rückfrage beim Hersteller, Fehler im Treiber bestätigt.", "Kulanz: der Fehler kam mit unserem Treiber-Update", 0, 0)
	// 165 min = 2,75 h: 261,25 €; travel 50,75 €
	w.entry(b, "j.weiss", "2026-12-10", 165, "Arbeitsplatz eingerichtet: Windows 11 installiert, Benutzerkonto angelegt, Postfach eingebunden, Netzlaufwerke verbunden, Daten übernommen.", "", 1, 35)
	// 10 min → 15 billed: 23,75 €
	w.entry(b, "a.krueger", "2026-12-11", 10, "Fernwartung: Outlook-Signatur nachgearbeitet.", "", 0, 0)
	w.entry(c, "j.weiss", "2026-12-15", 30, "VPN-Client aktualisiert.", "", 0, 0)
	return w, w.create("K-1001", "2027-01-04")
}

// kontingentWorld is K-1002 with 10 h a month from September 2026: September's 8 h reported
// on 1 October leave 2 h to roll over; October's 25 h reported on 2 November meet a balance of
// 22 h (2 h carried over and two credits), overdraw it to the −2 h limit, and bill the hour
// beyond at 95,00 €.
func kontingentWorld(t *testing.T) (*world, []Created) {
	w := newWorld(t)
	d := w.ticket("C-0003", "Monatliche Wartung Server und Datensicherung", "2026-09-01")
	w.entry(d, "j.weiss", "2026-09-07", 240, "Windows-Updates am Server.", "", 0, 0)
	w.entry(d, "a.krueger", "2026-09-21", 240, "Datensicherung geprüft.", "", 0, 0)
	if got := w.create("K-1002", "2026-10-01"); len(got) != 1 || got[0].Report.Priced.Totals.DeductedMinutes != 480 {
		t.Fatalf("September report: %+v", got)
	}
	e := w.ticket("C-0003", "Praxissoftware startet nach Update nicht", "2026-10-14")
	f := w.ticket("C-0003", "Zugang für neue Mitarbeiterin", "2026-10-20")
	w.entry(d, "j.weiss", "2026-10-05", 240, "Windows-Updates am Server, Prüfung der Datensicherung.", "", 0, 0)
	w.entry(d, "a.krueger", "2026-10-12", 175, "Datensicherung testweise zurückgespielt (Test-Restore).", "", 0, 0)
	w.entry(e, "j.weiss", "2026-10-15", 300, "Fehleranalyse, Datenbankdienst neu gestartet, Update des Herstellers nachinstalliert.", "", 0, 0)
	w.entry(e, "a.krueger", "2026-10-16", 140, "Nachkontrolle vor Ort, alle Arbeitsplätze geprüft.", "", 1, 0)
	w.entry(e, "a.krueger", "2026-10-17", 10, "Telefonische Rückfrage der Praxis.", "Gewährleistung: Nachbesserung zum Vortag", 0, 0)
	w.entry(f, "j.weiss", "2026-10-22", 480, "Benutzerkonto, Postfach und Praxissoftware eingerichtet.", "", 0, 0)
	w.entry(f, "j.weiss", "2026-10-23", 150, "Einweisung der Mitarbeiterin.", "", 0, 0)
	return w, w.create("K-1002", "2026-11-02")
}

func TestCooperationReport(t *testing.T) {
	w, got := cooperationWorld(t)
	if len(got) != 2 {
		t.Fatalf("Create made %d reports, want 2 (head office and branch)", len(got))
	}
	head, branch := got[0].Report, got[1].Report
	if head.ID != "SB-2027-00001" || head.Branch != "" || branch.ID != "SB-2027-00002" || branch.Branch != "lg-sande" {
		t.Fatalf("reports %s (branch %q), %s (branch %q); want SB-2027-00001 head office, SB-2027-00002 lg-sande", head.ID, head.Branch, branch.ID, branch.Branch)
	}
	tot := branch.Priced.Totals
	if tot.BilledMinutes != 240 || tot.NonBillableMinutes != 20 || tot.Labour != 38000 || tot.Travel != 10150 || tot.Net != 48150 {
		t.Errorf("branch totals %+v, want billed 240, not billable 20, labour 380,00, travel 101,50, net 481,50", tot)
	}
	if h := head.Priced.Totals; h.Net != 4750 {
		t.Errorf("head office net %d, want 4750 (30 min at 95,00 €)", h.Net)
	}
	goldens(t, w, branch, "cooperation")
}

func TestKontingentReport(t *testing.T) {
	w, got := kontingentWorld(t)
	if len(got) != 1 {
		t.Fatalf("Create made %d reports, want 1", len(got))
	}
	r := got[0].Report
	if r.ID != "SB-2026-00002" {
		t.Errorf("ID %s, want SB-2026-00002", r.ID)
	}
	if len(r.Kontingent) != 1 {
		t.Fatalf("kontingent moves %+v", r.Kontingent)
	}
	if k := r.Kontingent[0]; k.Before != 720 || k.Credited != 600 || k.Used != 1440 || k.After != -120 || k.Excess != 60 {
		t.Errorf("kontingent %+v, want before 720 (120 rolled over + October's credit), credited 600 (November), used 1440, after −120, 60 billed beyond", k)
	}
	if n := r.Priced.Totals.Net; n != 9500+3000 {
		t.Errorf("net %d, want 12500 (1 h beyond the limit at 95,00 € and a trip at 30,00 €)", n)
	}
	w.view(func(tx *ticketstore.Tx) error {
		l, err := Ledger(tx, w.dir, settings, "V-0002", date("2026-11-02"))
		if err != nil {
			return err
		}
		if l.BalanceMinutes != -120 {
			t.Errorf("ledger balance %d, want -120", l.BalanceMinutes)
		}
		return nil
	})
	goldens(t, w, r, "kontingent")
}

// goldens checks the PDF's text (pdftotext -layout), the mail body (text and HTML), and that
// page 1 renders to PNG.
func goldens(t *testing.T, w *world, sr *ticketstore.ServiceReport, name string) {
	t.Helper()
	v, err := NewView(sr, w.dir, sender(), cet)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pdf.Bytes(v.PDF())
	if err != nil {
		t.Fatal(err)
	}
	again, _ := pdf.Bytes(v.PDF())
	if !bytes.Equal(b, again) {
		t.Error("the same report rendered to different bytes")
	}
	set, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	m, err := set.Render(templates.KindServiceReport, sr.Language, templates.Data{Report: v.Mail(),
		SupportName: "Nordlicht Kundensupport", SupportAddress: "support@nordlicht-it.example"})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, name+"_mail.txt", []byte("Subject: "+m.Subject+"\n\n"+m.Text))
	checkGolden(t, name+"_mail.html", []byte(m.HTML))

	file := filepath.Join(t.TempDir(), sr.ID+".pdf")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	text := run(t, "pdftotext", "-layout", "-enc", "UTF-8", file, "-")
	checkGolden(t, name+"_pdf.txt", text)
	png := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", file, png)
	img, err := os.ReadFile(png + ".png")
	if err != nil || !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) || len(img) < 5000 {
		t.Fatalf("pdftoppm gave no PNG of page 1 (%d bytes, %v)", len(img), err)
	}
	if *update && name == "cooperation" {
		run(t, "pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", file, png)
		img, _ := os.ReadFile(png + ".png")
		if err := os.WriteFile(filepath.Join("..", "docs", "service-report-example.png"), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read golden file (run go test ./reports -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (run go test ./reports -update and review the diff)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// run runs a poppler tool; missing, the test skips, except under CI, where it fails.
func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found, and CI is set: install poppler-utils", name)
		}
		t.Skipf("%s not found: install poppler-utils (apt-get install poppler-utils) to run this test", name)
	}
	out, err := exec.Command(path, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, msg)
	}
	return out
}
