package quote

import (
	"strings"
	"testing"
)

// cutCase is one table row: Cut(in, opt) must give text and kind.
type cutCase struct {
	name string
	in   string
	opt  Options
	text string
	kind Kind
}

func runCutCases(t *testing.T, cases []cutCase) {
	t.Helper()
	for _, tt := range cases {
		got := Cut(tt.in, tt.opt)
		if got.Text != tt.text || got.Kind != tt.kind {
			t.Errorf("%s: Cut(%q, %+v) = %q (kind %s), want %q (kind %s)", tt.name, tt.in, tt.opt, got.Text, got.Kind, tt.text, tt.kind)
		}
	}
}

// A person's words are never dropped on a weak sign.
func TestCutUnsureKeeps(t *testing.T) {
	runCutCases(t, []cutCase{
		{"schrieb in a sentence", "Am Montag schrieb der Kunde, dass der Drucker klemmt.\nBitte prüfen.", Options{},
			"Am Montag schrieb der Kunde, dass der Drucker klemmt.\nBitte prüfen.", KindNone},
		{"schrieb with colon but no date, time or address", "Danke.\n\nAm Montag schrieb Herr Meier:\nDer Drucker klemmt.", Options{},
			"Danke.\n\nAm Montag schrieb Herr Meier:\nDer Drucker klemmt.", KindNone},
		{"wrote in a sentence", "On Monday Anna wrote that the printer jams.", Options{},
			"On Monday Anna wrote that the printer jams.", KindNone},
		{"name first needs an address and a time", "Danke\n\nAnna schrieb am Montag:\nDer Drucker klemmt.", Options{},
			"Danke\n\nAnna schrieb am Montag:\nDer Drucker klemmt.", KindNone},
		{"a short first word is no date", "Ok, ich habe es am 3.12. um 10:15 an Anna geschickt, die schrieb:\n> Geht nicht", Options{},
			"Ok, ich habe es am 3.12. um 10:15 an Anna geschickt, die schrieb:", KindQuoted},
		{"a labelled line right above a header block stays", "Termin: 12.12. um 10 Uhr\nVon: Support <s@x.example>\nGesendet: Montag\nAn: Anna\nBetreff: Termin", Options{},
			"Termin: 12.12. um 10 Uhr", KindHeader},
		{"date mid-paragraph is not an attribution start", "Wir kommen am\n30.09.2026, 10:00, Anna <a@kunde.example>:\nbitte bestätigen", Options{},
			"Wir kommen am\n30.09.2026, 10:00, Anna <a@kunde.example>:\nbitte bestätigen", KindNone},
		{"Von: in running text", "Von: Montag bis Freitag sind wir erreichbar.\nGruß", Options{},
			"Von: Montag bis Freitag sind wir erreichbar.\nGruß", KindNone},
		{"two header labels are no block", "Öffnungszeiten\nVon: 8 Uhr\nBis: 17 Uhr\nAn: Empfang wenden", Options{},
			"Öffnungszeiten\nVon: 8 Uhr\nBis: 17 Uhr\nAn: Empfang wenden", KindNone},
		{"header block must start with From or Date", "Betreff: Drucker\nVon: Anna\nAn: IT\n\nText", Options{},
			"Betreff: Drucker\nVon: Anna\nAn: IT\n\nText", KindNone},
		{"lone >50 is text", "Seit heute\n>50 % Paketverlust\nauf der Leitung.", Options{},
			"Seit heute\n>50 % Paketverlust\nauf der Leitung.", KindNone},
		{"sent from in a sentence", "Here is another email\n\nSent from my desk, is much easier then my mobile phone.", Options{},
			"Here is another email\n\nSent from my desk, is much easier then my mobile phone.", KindNone},
		{"text right under a trailer is kept", "Ok\nVon meinem iPhone gesendet\nPS: Montag geht auch.", Options{},
			"Ok\n\nPS: Montag geht auch.", KindNone},
		{"dashes and rules in content", "Punkte:\n----\n1. schnell\n====\nEnde.", Options{},
			"Punkte:\n----\n1. schnell\n====\nEnde.", KindNone},
		{"delimiter is kept without Options.Signature", "Danke\n-- \nMax\nMobil 0171 2345678", Options{},
			"Danke\n--\nMax\nMobil 0171 2345678", KindNone},
		{"short inline answer after a question line", "> Ist der Drucker nach dem Neustart wieder im Netzwerk zu sehen und druckt er?\nja\n> Und der Scanner?\nnein", Options{},
			"ja\n\nnein", KindQuoted},
	})
}

// When cutting would leave nothing, nothing is cut.
func TestCutKeepsAllWhenEmpty(t *testing.T) {
	tests := []struct {
		in   string
		kind Kind
	}{
		{"> Am 01.12.2026 um 10:15 schrieb Anna <a@kunde.example>:\n> Drucker geht nicht\n> ja, jetzt geht er", KindQuoted},
		{"Am 01.12.2026 um 10:15 schrieb Anna <a@kunde.example>:\n\nDrucker geht nicht", KindAttribution},
		{"Von: Anna <a@kunde.example>\nGesendet: Montag\nAn: Support\nBetreff: Drucker\n\nGeht wieder", KindHeader},
		{"Sent from my iPhone", KindNone},
	}
	for _, tt := range tests {
		got := Cut(tt.in, Options{})
		if got.Text != tt.in || !got.KeptAll || got.Quote != "" || got.Trailer != "" || got.Kind != tt.kind {
			t.Errorf("Cut(%q) = %+v, want the whole text, KeptAll, nothing cut, kind %s", tt.in, got, tt.kind)
		}
	}
	for _, in := range []string{"", "  \n\t\n"} {
		if got := Cut(in, Options{}); got != (Result{Kind: KindNone}) {
			t.Errorf("Cut(%q) = %+v, want the zero result with KindNone", in, got)
		}
	}
}

func TestCutHistory(t *testing.T) {
	runCutCases(t, []cutCase{
		{"outlook de", "Passt.\n\nVon: Support <s@x.example>\nGesendet: Montag, 1. Dezember 2026 10:15\nAn: Anna <a@kunde.example>\nCc: IT <it@kunde.example>\nBetreff: AW: Drucker\n\nalt", Options{},
			"Passt.", KindHeader},
		{"outlook en with Date", "Fine.\n\nFrom: Support <s@x.example>\nDate: Monday, 1 December 2026 at 10:15\nTo: Tom <t@c.example>\nSubject: Printer\n\nold", Options{},
			"Fine.", KindHeader},
		{"bold labels from html, wrapped From value", "Ok\n\n*From:* Support Systemhaus\n<support@systemhaus.example>\n*Sent:* Monday\n*To:* Tom\n*Subject:* x", Options{},
			"Ok", KindHeader},
		{"rule above the header goes with it", "Ok\n________________________________\nVon: Support\nGesendet: Montag\nAn: Anna\nBetreff: x", Options{},
			"Ok", KindHeader},
		{"ursprüngliche nachricht", "Ok\n\n-----Ursprüngliche Nachricht-----\nalt", Options{}, "Ok", KindSeparator},
		{"original message", "Ok\n\n----- Original Message -----\nold", Options{}, "Ok", KindSeparator},
		{"original-nachricht (GMX old)", "Ok\n\n-------- Original-Nachricht --------\nDatum: 1.12.2026\nalt", Options{}, "Ok", KindSeparator},
		{"thunderbird de", "Danke\n\nAm 01.12.26 um 10:15 schrieb Anna Lange:\n> alt", Options{}, "Danke", KindAttribution},
		{"apple de with address", "Danke\n\nAm 01.12.2026 um 10:15 schrieb Anna Lange <a@b.example>:\n\n> alt", Options{}, "Danke", KindAttribution},
		{"gmail en wrapped over two lines", "Thanks\n\nOn Mon, Dec 1, 2026 at 10:15 AM Anna Lange <\nanna.lange@kunde.example> wrote:\n\n> old", Options{}, "Thanks", KindAttribution},
		{"gmail de wrapped", "Danke\n\nAm Mo., 1. Dez. 2026 um 10:15 Uhr schrieb Anna Lange <\nanna.lange@kunde.example>:\n\n> alt", Options{}, "Danke", KindAttribution},
		{"notes / gmail app: name first", "Danke\n\nAnna Lange <anna.lange@kunde.example> schrieb am Mo., 1. Dez. 2026, 10:15:\n\n> alt", Options{}, "Danke", KindAttribution},
		{"name first in english", "Thanks\n\n\"Anna Lange\" <anna.lange@kunde.example> wrote on 12/01/2026 10:15:\n> old", Options{}, "Thanks", KindAttribution},
		{"hat ... geschrieben", "Danke\n\nAm 01.12.2026 um 10:15 hat Anna Lange geschrieben:\n> alt", Options{}, "Danke", KindAttribution},
		{"attribution without a quote below cuts the rest", "Danke\n\nAm 01.12.2026 um 10:15 schrieb Anna <a@b.example>:\n\nalt\nnoch älter", Options{}, "Danke", KindAttribution},
		{"text after a trailer and an empty line is history", "Ok\n\nGesendet von Outlook für Android\n\nalte Nachricht", Options{}, "Ok", KindTrailer},
		{"crlf", "Danke\r\n\r\nAm 01.12.2026 um 10:15 schrieb Anna <a@b.example>:\r\n> alt\r\n", Options{}, "Danke", KindAttribution},
		{"rewrapped quote line goes with the quote", "Danke\n\n> Wir haben den Treiber neu installiert und den Spooler neu gestartet, bitte\nprüfen Sie das.\n> Gruß", Options{},
			"Danke", KindQuoted},
		{"bottom posting keeps every answer", "> Frage eins?\n\nAntwort eins.\n\n> Frage zwei?\n\nAntwort zwei.", Options{},
			"Antwort eins.\n\nAntwort zwei.", KindQuoted},
	})
}

func TestCutForwards(t *testing.T) {
	header := "Von: Backup <b@kunde.example>\nGesendet: Montag, 8. Dezember 2026 02:14\nAn: Anna <a@kunde.example>\nBetreff: Sicherung fehlgeschlagen\n\nFehler: Ziel voll"
	runCutCases(t, []cutCase{
		{"outlook forward by subject", "Bitte ansehen.\n\n" + header, Options{Subject: "WG: Sicherung fehlgeschlagen"},
			"Bitte ansehen.\n\n" + header, KindForward},
		{"forward behind a ticket tag", "Bitte ansehen.\n\n" + header, Options{Subject: "[Ticket#2026-000042] Fwd: Sicherung"},
			"Bitte ansehen.\n\n" + header, KindForward},
		{"a reply to a forward is a reply", "Danke.\n\n" + header, Options{Subject: "AW: WG: Sicherung fehlgeschlagen"},
			"Danke.", KindHeader},
		{"gmail forward marker", "See below.\n\n---------- Forwarded message ---------\nFrom: R <r@x.example>\n\nexpires", Options{},
			"See below.\n\n---------- Forwarded message ---------\nFrom: R <r@x.example>\n\nexpires", KindForward},
		{"thunderbird forward marker", "Info\n\n-------- Weitergeleitete Nachricht --------\nBetreff: x\n\ny", Options{},
			"Info\n\n-------- Weitergeleitete Nachricht --------\nBetreff: x\n\ny", KindForward},
		{"apple forward keeps its > lines", "Zur Info\n\nAnfang der weitergeleiteten Nachricht:\n\n> Von: Bot\n> Zertifikat läuft ab", Options{},
			"Zur Info\n\nAnfang der weitergeleiteten Nachricht:\n\n> Von: Bot\n> Zertifikat läuft ab", KindForward},
		{"a forward inside quoted history is history", "Danke\n\nAm 01.12.2026 um 10:15 schrieb Anna <a@b.example>:\n> ---------- Forwarded message ---------\n> x", Options{},
			"Danke", KindAttribution},
		{"signature before a forward is cut, the forward's is not", "Bitte ansehen.\n\nMax Keller\nMobil 0171 2345678\n\nBegin forwarded message:\n\nFrom: Vendor\nTel. 0800 1234567", Options{Signature: true},
			"Bitte ansehen.\n\nMax Keller\n\nBegin forwarded message:\n\nFrom: Vendor\nTel. 0800 1234567", KindForward},
	})
}

func TestIsForwardSubject(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"WG: Backup", true}, {"Fwd: x", true}, {"FW: x", true}, {"Tr : x", true},
		{"[Ticket#2026-000042] WG: Backup", true}, {"AW: WG: Backup", false}, {"Re: Fwd: x", false},
		{"Backup", false}, {"", false}, {"[unclosed WG: x", false}, {"Wichtig: Server", false},
	}
	for _, tt := range tests {
		if got := isForwardSubject(tt.in); got != tt.want {
			t.Errorf("isForwardSubject(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCutTrailers(t *testing.T) {
	for _, tr := range []string{
		"Von meinem iPhone gesendet", "Sent from my iPhone", "Gesendet von Outlook für Android",
		"Get Outlook for iOS<https://aka.ms/o0ukef>", "Outlook für iOS<https://aka.ms/o0ukef> beziehen",
		"Gesendet mit der GMX Mail App", "Diese Nachricht wurde von meinem Android Mobiltelefon mit WEB.DE Mail gesendet.",
		"Von meinem Samsung Galaxy Smartphone gesendet.", "Sent from Mail for Windows", "Envoyé de mon iPhone",
	} {
		got := Cut("Ok, danke.\n\n"+tr, Options{})
		if got.Text != "Ok, danke." || got.Trailer != tr {
			t.Errorf("Cut(text + %q) = %q / trailer %q, want %q / %q", tr, got.Text, got.Trailer, "Ok, danke.", tr)
		}
	}
}

func TestCutSignatures(t *testing.T) {
	sig := Options{Signature: true}
	runCutCases(t, []cutCase{
		{"rfc delimiter", "Erledigt.\n\n-- \nMax Keller\nSystemhaus", sig, "Erledigt.", KindNone},
		{"sign-off and name stay, contact block goes", "Erledigt.\n\nViele Grüße\nMax Keller\nSystemtechniker\nTel. 0221 5550100\nwww.systemhaus.example", sig,
			"Erledigt.\n\nViele Grüße\nMax Keller", KindNone},
		{"no sign-off: the name stays", "Erledigt.\n\nMax Keller\nMobil: 0171 2345678", sig, "Erledigt.\n\nMax Keller", KindNone},
		{"rule above the block goes with it", "Danke!\n\nSarah\n\n———\nSarah Johnson\nProduct Manager\nsarah@example.com", sig, "Danke!\n\nSarah", KindNone},
		{"legal lines", "Erledigt.\n\nGruß Max\n\nSystemhaus Beispiel GmbH\nAmtsgericht Köln HRB 123456\nUSt-IdNr.: DE123456789", sig, "Erledigt.\n\nGruß Max", KindNone},
		{"postscript after the signature stays", "Erledigt.\n\nViele Grüße\nMax Keller\nMobil 0171 2345678\n\nPS: Der Toner ist bestellt.", sig,
			"Erledigt.\n\nViele Grüße\nMax Keller\n\nPS: Der Toner ist bestellt.", KindNone},
		{"a sign-off without contact data stays", "Erledigt.\n\nBest regards,\nJohn Doe\nCEO", sig, "Erledigt.\n\nBest regards,\nJohn Doe\nCEO", KindNone},
		{"a number in a sentence stays", "Rufen Sie mich unter 0171 2345678 an, wenn der Drucker wieder klemmt.\n\nViele Grüße\nMax", sig,
			"Rufen Sie mich unter 0171 2345678 an, wenn der Drucker wieder klemmt.\n\nViele Grüße\nMax", KindNone},
		{"a labelled number in a sentence stays", "Erledigt.\nSie erreichen mich mobil: 0171 2345678, falls es eilt.", sig,
			"Erledigt.\nSie erreichen mich mobil: 0171 2345678, falls es eilt.", KindNone},
		{"a contact line above the sign-off is text", "Unsere Hotline:\nTel. 0221 5550100\n\nViele Grüße\nMax", sig,
			"Unsere Hotline:\nTel. 0221 5550100\n\nViele Grüße\nMax", KindNone},
		{"prose after a contact line keeps it", "Hotline\nTel. 0221 5550100\nBitte rufen Sie dort an, wir helfen gern.", sig,
			"Hotline\nTel. 0221 5550100\nBitte rufen Sie dort an, wir helfen gern.", KindNone},
		{"disclaimer goes with the block", "Erledigt.\n\nMax Keller\nMobil 0171 2345678\n\nDiese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, löschen Sie sie bitte.", sig,
			"Erledigt.\n\nMax Keller", KindNone},
		{"the signature of the quoted mail is history, not cut twice", "Ok\n\n> Max\n> Mobil 0171 2345678", sig, "Ok", KindQuoted},
		{"only a signature: Text is empty", "-- \nMax Keller\nMobil 0171 2345678", sig, "", KindNone},
	})
}

// Technicians' mobile numbers never reach customers, however they are written.
func TestCutSignatureDropsMobileNumbers(t *testing.T) {
	for _, line := range []string{
		"Mobil: 0171 2345678", "Mobil 0171/2345678", "Handy: 0171-2345678", "M +49 (0)171 2345678",
		"Mobile: +49 171 234 5678", "mobil.: 0171 234 56 78", "T 0221 5550100 | M 0171 2345678",
		"Max Keller | Mobil 0171 2345678", "📱 +49 171 2345678", "0171 2345678", "+49 171 2345678",
		"Mobil (privat): 0171 2345678", "Tel. / Mobil: 0171 2345678", "Mobil +49 (0) 171 / 234 56 78",
		"Mobil: 0171 - 234 56 78",
	} {
		for _, before := range []string{"Viele Grüße\nMax Keller\n", "Max Keller\nSystemtechniker\n", "Gruß Max\n\n", "-- \n"} {
			in := "Erledigt, Router getauscht.\n\n" + before + line
			got := Cut(in, Options{Signature: true})
			if strings.Contains(digitsOnly(got.Text), "2345678") {
				t.Errorf("Cut(%q, Signature).Text = %q: the mobile number survived", in, got.Text)
			}
			if !strings.HasPrefix(got.Text, "Erledigt, Router getauscht.") {
				t.Errorf("Cut(%q, Signature).Text = %q: lost the answer", in, got.Text)
			}
		}
	}
	for _, name := range []string{"tech-outlook-de-signature.eml", "tech-thunderbird-rfc-sig.eml", "tech-iphone-signature.eml", "tech-outlook-html-signature.eml"} {
		m := parseClientMail(t, name)
		got := Cut(m.Text, Options{Signature: true, Subject: m.Subject})
		if d := digitsOnly(got.Text); strings.Contains(d, "1712345678") || strings.Contains(d, "5550100") {
			t.Errorf("Cut(%s, Signature).Text = %q: a phone number survived", name, got.Text)
		}
		if got.Text == "" || got.Signature == "" || got.Quote == "" {
			t.Errorf("Cut(%s, Signature) = %+v: want text, a signature and a quote", name, got)
		}
	}
}

func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// Every line lands in exactly one part; the parts' lines keep the input order.
func TestCutPartsPartitionTheInput(t *testing.T) {
	in := "Antwort\n\n> Frage\n\nNoch was\n\nViele Grüße\nMax\nMobil 0171 2345678\n\nVon meinem iPhone gesendet\n\nAm 01.12.2026 um 10:15 schrieb Anna <a@b.example>:\n\nalt"
	got := Cut(in, Options{Signature: true})
	want := Result{
		Text:      "Antwort\n\nNoch was\n\nViele Grüße\nMax",
		Quote:     "> Frage\n\nAm 01.12.2026 um 10:15 schrieb Anna <a@b.example>:\n\nalt",
		Signature: "Mobil 0171 2345678",
		Trailer:   "Von meinem iPhone gesendet",
		Kind:      KindQuoted,
	}
	if got != want {
		t.Errorf("Cut(%q) =\n%+v\nwant\n%+v", in, got, want)
	}
}
