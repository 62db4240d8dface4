package stress

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/mail"
	"strings"
	"time"

	"helpdesk/internal/relaytest"
)

// incident is one generated customer mail.
type incident struct {
	MessageID string // without angle brackets
	From      string
	Raw       []byte
}

var subjects = []string{
	"Drucker im 2. OG druckt nicht",
	"VPN-Verbindung bricht ständig ab",
	"Outlook startet nicht mehr",
	"Kein Zugriff auf das Laufwerk S:",
	"Monitor flackert",
	"Passwort abgelaufen",
	"Scanner sendet keine Mails",
	"Telefon ohne Freizeichen",
}

// paragraph is filler text that makes a mail about 1.5 KiB, like a short real incident.
const paragraph = "Guten Tag,\n\nseit heute morgen funktioniert es bei uns nicht mehr. Wir haben den " +
	"Rechner bereits neu gestartet und die Kabel geprüft, leider ohne Erfolg. Die Fehlermeldung " +
	"lautet: \"Der Vorgang konnte nicht abgeschlossen werden (0x80004005)\". Betroffen sind drei " +
	"Arbeitsplätze in der Buchhaltung; die Kollegen im Vertrieb können normal arbeiten.\n\n" +
	"Können Sie sich das bitte kurzfristig ansehen? Wir sind bis 17 Uhr unter der bekannten " +
	"Nummer erreichbar.\n\n"

// newIncident builds a plain text incident from a unique sender with a unique Message-ID.
// tag keeps the Message-IDs of different waves and phases apart.
func newIncident(tag string, i int) incident {
	from := fmt.Sprintf("kunde%04d@firma%02d.test", i, i%50)
	id := fmt.Sprintf("%s.%d.%d@mail.firma%02d.test", tag, i, time.Now().UnixNano(), i%50)
	var b strings.Builder
	fmt.Fprintf(&b, "From: Kunde %d <%s>\r\n", i, from)
	fmt.Fprintf(&b, "To: Kundensupport <%s>\r\n", supportUser)
	fmt.Fprintf(&b, "Subject: %s (%s #%d)\r\n", subjects[i%len(subjects)], tag, i)
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s>\r\n", id)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(paragraph, "\n", "\r\n"))
	fmt.Fprintf(&b, "Mit freundlichen Grüßen\r\nKunde %d\r\n", i)
	return incident{MessageID: id, From: from, Raw: []byte(b.String())}
}

// incidents returns n incidents numbered from first.
func incidents(tag string, first, n int) []incident {
	out := make([]incident, n)
	for i := range out {
		out[i] = newIncident(tag, first+i)
	}
	return out
}

func raws(ms []incident) [][]byte {
	out := make([][]byte, len(ms))
	for i, m := range ms {
		out[i] = m.Raw
	}
	return out
}

// bigIncident is a mail with an attachment of size random bytes (seeded), base64 in 76-column
// lines.
func bigIncident(size int, seed uint64) incident {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	data := make([]byte, size)
	for i := 0; i+8 <= len(data); i += 8 {
		v := rng.Uint64()
		for j := range 8 {
			data[i+j] = byte(v >> (8 * j))
		}
	}
	in := newIncident("big", 9999)
	head, body, _ := bytes.Cut(in.Raw, []byte("\r\n\r\n"))
	head = bytes.Replace(head,
		[]byte("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit"),
		[]byte(`Content-Type: multipart/mixed; boundary="stress-boundary"`), 1)
	var b bytes.Buffer
	b.Grow(size*4/3 + size/38 + 4096)
	b.Write(head)
	b.WriteString("\r\n\r\n--stress-boundary\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.Write(body)
	b.WriteString("\r\n--stress-boundary\r\nContent-Type: application/octet-stream; name=\"dump.bin\"\r\n" +
		"Content-Disposition: attachment; filename=\"dump.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
	b.WriteString("\r\n--stress-boundary--\r\n")
	in.Raw = b.Bytes()
	return in
}

// answered maps the Message-ID a relayed mail answers (its In-Reply-To) to the times the relay
// accepted such a mail, in order of acceptance.
func answered(msgs []relaytest.Received) (map[string][]time.Time, error) {
	out := make(map[string][]time.Time)
	for _, m := range msgs {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
		if err != nil {
			return nil, fmt.Errorf("relayed mail %s: %w", m.MessageID, err)
		}
		irt := strings.Trim(strings.TrimSpace(msg.Header.Get("In-Reply-To")), "<>")
		out[irt] = append(out[irt], m.At)
	}
	return out, nil
}
