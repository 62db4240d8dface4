package authres

import (
	"fmt"
	"strings"
)

// NoAuthservID is the pseudo-id an operator lists in trusted_authserv_ids to trust a value
// without an authserv-id, as Exchange Online writes it. It cannot collide with a real id:
// a real authserv-id never parses as NoID, and the pseudo-id never matches one.
const NoAuthservID = "(no-authserv-id)"

// maxHeaders bounds how many values Check looks at, top to bottom.
const maxHeaders = 32

// Verdict is what the trusted Authentication-Results say about one mail.
type Verdict struct {
	// AuthservID is the id of the topmost trusted value ("" when none was found;
	// NoAuthservID for an id-less one).
	AuthservID string
	SPF        string // lower-case SPF result ("pass", "softfail", ...); "" when not reported
	// SPFDomain is the domain SPF checked: that of smtp.mailfrom, else smtp.helo (RFC 7208
	// §2.4 checks HELO when the reverse-path is null).
	SPFDomain string
	DKIM      []Signature // the DKIM signatures that passed
	DMARC     string      // lower-case DMARC result; "" when not reported
	DMARCFrom string      // header.from of the DMARC result
	// Aligned is set when SPF or DKIM passed for the From domain's organizational domain,
	// or DMARC passed for the From domain itself.
	Aligned bool
	By      string // "dkim", "spf" or "dmarc": what aligned, when Aligned
	// Reason says in words why the mail is or is not authenticated, for a log line or a
	// set-aside reason, e.g. "spf=fail for example.org; no dkim result".
	Reason string
}

// Signature is a DKIM signature that passed.
type Signature struct {
	Domain   string // header.d (else the domain of header.i), lower-case
	Identity string // header.i as written, e.g. "@example.com"; "" when absent
}

// Check reads the Authentication-Results values of one mail, top to bottom (as
// parse.Message.Header.Values(HeaderName) returns them), keeps only those the trust rule of
// the package comment accepts for the trusted authserv-ids, and says whether SPF, DKIM or
// DMARC passed aligned with fromDomain (a domain, or an address whose domain is taken).
func Check(values []string, trusted []string, fromDomain string) Verdict {
	var v Verdict
	run, why := trustedRun(values, trusted)
	if len(run) == 0 {
		v.Reason = why
		return v
	}
	v.AuthservID = displayID(run[0])
	ev := collect(run)
	ev.fill(&v)
	from := normDomain(fromDomain)
	switch {
	case !ev.any:
		v.Reason = noResults(run)
	case from == "":
		v.Reason = "no From domain to align with"
	default:
		ev.align(&v, from)
	}
	return v
}

// trustedRun returns the values that count, parsed: from the topmost value with a trusted
// id down to the first value that is untrusted, unreadable, or a second id-less one. When
// none count it says why.
func trustedRun(values []string, trusted []string) ([]Header, string) {
	ids, pseudo := trustList(trusted)
	if len(ids) == 0 && !pseudo {
		return nil, "no trusted authserv-id configured"
	}
	if len(values) > maxHeaders {
		values = values[:maxHeaders]
	}
	var run []Header
	others, noID := 0, false
	for _, val := range values {
		id := peekID(val)
		if !isTrusted(id, ids, pseudo) || (id.NoID && noID) {
			if len(run) > 0 {
				break
			}
			others++
			continue
		}
		h, err := Parse(val)
		if err != nil {
			if len(run) > 0 {
				break
			}
			return nil, fmt.Sprintf("Authentication-Results from %s unreadable: %s", displayID(h), clean(strings.TrimPrefix(err.Error(), "authres: ")))
		}
		noID = noID || h.NoID
		run = append(run, h)
	}
	if len(run) > 0 {
		return run, ""
	}
	why := "no Authentication-Results from a trusted host (" + strings.Join(trustedNames(ids, pseudo), ", ") + ")"
	if others > 0 {
		why += fmt.Sprintf("; %d from other hosts ignored", others)
	}
	return nil, why
}

// trustList splits the configured ids into real ids and whether the pseudo-id is listed.
func trustList(trusted []string) (ids []string, pseudo bool) {
	for _, t := range trusted {
		t = strings.TrimSpace(t)
		switch {
		case t == "":
		case t == NoAuthservID:
			pseudo = true
		default:
			ids = append(ids, t)
		}
	}
	return ids, pseudo
}

// isTrusted reports whether h carries a trusted id. Ids compare case-insensitively, as
// host names do (RFC 4343); a "/job-id" suffix, which OpenDKIM and OpenDMARC append with
// AuthservIDWithJobID, is allowed after a trusted id: it makes a forgery no easier.
func isTrusted(h Header, ids []string, pseudo bool) bool {
	if h.NoID {
		return pseudo
	}
	for _, t := range ids {
		id := h.AuthservID
		if len(id) > len(t) && id[len(t)] == '/' {
			id = id[:len(t)]
		}
		if strings.EqualFold(id, t) {
			return true
		}
	}
	return false
}

// trustedNames lists the configured ids for a reason, at most three.
func trustedNames(ids []string, pseudo bool) []string {
	names := make([]string, 0, len(ids)+1)
	for _, id := range ids {
		names = append(names, clean(id))
	}
	if pseudo {
		names = append(names, NoAuthservID)
	}
	if len(names) > 3 {
		names = append(names[:3], "...")
	}
	return names
}

func displayID(h Header) string {
	if h.NoID {
		return NoAuthservID
	}
	return clean(h.AuthservID)
}

// noResults explains a trusted run without a single result.
func noResults(run []Header) string {
	for _, h := range run {
		if h.None {
			return "Authentication-Results from " + displayID(run[0]) + ": none (nothing was checked)"
		}
	}
	return "Authentication-Results from " + displayID(run[0]) + " report no results"
}
