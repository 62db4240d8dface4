package quote

import (
	"strings"
)

// trailerRE matches the lines mail apps put below what the person typed. A comma or other
// punctuation inside means a sentence ("Sent from my desk, is much easier ..."), not one.
var trailerRE = lazyRegexp(`^(?:` +
	`(?:sent|gesendet|envoyé|enviado|inviato|verzonden|verstuurd|wysłane|skickat|sendt|lähetetty)` +
	`\s(?:from|with|via|using|on|von|mit|vom|über|de|depuis|à partir de|a partir de|da|desde|vanaf|met|van|z|från|fra)\s[^,;:!?()]{1,50}` +
	`|von meinem [^,;:!?()]{1,40} gesendet` +
	`|diese nachricht wurde von meinem [^,;:!?()]{1,60} gesendet` +
	`|get outlook for (?:ios|android)` +
	`|outlook für (?:ios|android) (?:beziehen|herunterladen)` +
	`|holen sie sich outlook für (?:ios|android)` +
	`)\.?$`)

// linkRE is the link apps put into the line: "Get Outlook for iOS<https://aka.ms/o0ukef>",
// "Outlook für iOS<https://aka.ms/o0ukef> beziehen".
var linkRE = lazyRegexp(`\s*(?:<[^<>]*>|\[[^\[\]]*\])`)

// trailerStarts are the first words of trailerRE's lines, to skip the regexp on most lines.
var trailerStarts = []string{
	"sent ", "gesendet ", "envoyé ", "enviado ", "inviato ", "verzonden ", "verstuurd ",
	"wysłane ", "skickat ", "sendt ", "lähetetty ", "von meinem ", "diese nachricht ",
	"get outlook", "outlook für", "holen sie",
}

// isTrailer reports whether a line (in lower case) is a mail app's "sent from" line.
func isTrailer(lower string) bool {
	if len(lower) > 160 || !hasAnyPrefix(lower, trailerStarts) || words(lower) > 12 {
		return false
	}
	if strings.ContainsAny(lower, "<[") {
		lower = linkRE.ReplaceAllString(lower, "")
	}
	return trailerRE.MatchString(lower)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
