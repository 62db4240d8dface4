package deskgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"helpdesk/ticketstore"
)

var subjects = []string{
	"Drucker im 2. OG druckt nicht", "VPN-Verbindung bricht ständig ab", "Outlook startet nicht mehr",
	"Kein Zugriff auf das Laufwerk S:", "Monitor flackert", "Passwort abgelaufen", "Scanner sendet keine Mails",
	"Telefon ohne Freizeichen", "Neuer Mitarbeiter ab Montag", "Backup-Meldung: Fehler bei Sicherung",
}

func subject(i int) string { return fmt.Sprintf("%s (%d)", subjects[i%len(subjects)], i%1000) }

var words = strings.Fields("Guten Tag seit heute morgen funktioniert es bei uns nicht mehr wir haben den Rechner " +
	"bereits neu gestartet und die Kabel geprüft leider ohne Erfolg die Fehlermeldung lautet der Vorgang konnte " +
	"nicht abgeschlossen werden betroffen sind drei Arbeitsplätze in der Buchhaltung bitte kurzfristig ansehen " +
	"Router getauscht Treiber aktualisiert Benutzer angelegt Kennwort zurückgesetzt Termin vor Ort")

// body returns about n bytes of words.
func body(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

func domain(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "example"
}

// pad appends filler lines to b until it holds size bytes (or what it has, when more).
func pad(b *strings.Builder, size int) {
	const filler = "Mit freundlichen Grüßen aus dem Büro, bitte rufen Sie uns bei Rückfragen an.\r\n"
	for b.Len() < size {
		b.WriteString(filler[:min(len(filler), size-b.Len())])
	}
}

// rawMail is a small plain-text mail of about size bytes.
func rawMail(from, subj, id, text string, at time.Time, size int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: <%s>\r\nTo: Support <support@desk.example>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n",
		from, subj, at.Format(time.RFC1123Z), id)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(text)
	b.WriteString("\r\n")
	pad(&b, size)
	return []byte(b.String())
}

// outMail is an outgoing ticket mail of about size bytes.
func outMail(t *ticketstore.Ticket, id string, at time.Time, size int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: IT-Service <support@desk.example>\r\nTo: <%s>\r\nSubject: [Ticket#%s] %s\r\nDate: %s\r\n"+
		"Message-ID: <%s>\r\nAuto-Submitted: auto-replied\r\nReply-To: <support+t%s.r1.abcdefgh@desk.example>\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGuten Tag,\r\n\r\nIhre Anfrage ist unter "+
		"der Nummer %s eingegangen.\r\n\r\n", t.Requester, t.Number, t.Subject, at.Format(time.RFC1123Z), id, t.Number, t.Number)
	pad(&b, size)
	return []byte(b.String())
}
