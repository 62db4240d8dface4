package authres

import "strings"

// evidence is what the trusted run reports, per method from the topmost value that reports
// that method at all (see the package comment: a value further down with the same id may
// be a forgery our MTA did not remove).
type evidence struct {
	any   bool     // the run has any result at all
	spf   *Result  // the first spf result
	dkim  []Result // every dkim result (one per signature)
	dmarc *Result  // the first dmarc result
}

func collect(run []Header) evidence {
	ev := evidence{dkim: topmost(run, "dkim")}
	if r := topmost(run, "spf"); len(r) > 0 {
		ev.spf = &r[0]
	}
	if r := topmost(run, "dmarc"); len(r) > 0 {
		ev.dmarc = &r[0]
	}
	for _, h := range run {
		ev.any = ev.any || len(h.Results) > 0
	}
	return ev
}

// topmost returns the results for method of the first value in run that has any.
func topmost(run []Header, method string) []Result {
	for _, h := range run {
		var out []Result
		for _, r := range h.Results {
			if r.Method == method {
				out = append(out, r)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// spfDomain is the identity SPF checked: the domain of smtp.mailfrom, or smtp.helo when
// the reverse-path was null (RFC 7208 §2.4). Older MTAs write smtp.mail (RFC 5451).
func spfDomain(r *Result) string {
	for _, name := range []string{"mailfrom", "mail"} {
		if d := normDomain(r.Prop("smtp", name)); d != "" {
			return d
		}
	}
	return normDomain(r.Prop("smtp", "helo"))
}

// signature returns the signing domain of a dkim result: header.d, else the domain of
// header.i (which RFC 6376 §3.5 requires to be d or below it).
func signature(r Result) Signature {
	d := normDomain(r.Prop("header", "d"))
	i := r.Prop("header", "i")
	if d == "" {
		d = normDomain(i)
	}
	return Signature{Domain: d, Identity: i}
}

// fill copies the reported results into v.
func (ev evidence) fill(v *Verdict) {
	if ev.spf != nil {
		v.SPF = ev.spf.Result
		v.SPFDomain = spfDomain(ev.spf)
	}
	for _, r := range ev.dkim {
		if s := signature(r); r.Result == "pass" && s.Domain != "" {
			v.DKIM = append(v.DKIM, s)
		}
	}
	if ev.dmarc != nil {
		v.DMARC = ev.dmarc.Result
		v.DMARCFrom = normDomain(ev.dmarc.Prop("header", "from"))
	}
}

// align decides v.Aligned for the normalised From domain and writes the reason. DKIM is
// preferred as the reason because it survives forwarding; DMARC counts only for the
// From domain itself, since its evaluator already did the alignment.
func (ev evidence) align(v *Verdict, from string) {
	for _, s := range v.DKIM {
		if aligned(s.Domain, from) {
			v.Aligned, v.By, v.Reason = true, "dkim", passFor("dkim", s.Domain, from)
			return
		}
	}
	if v.SPF == "pass" && aligned(v.SPFDomain, from) {
		v.Aligned, v.By, v.Reason = true, "spf", passFor("spf", v.SPFDomain, from)
		return
	}
	if v.DMARC == "pass" && v.DMARCFrom == from {
		v.Aligned, v.By, v.Reason = true, "dmarc", "dmarc=pass for "+from
		return
	}
	parts := []string{ev.spfWhy(v, from), ev.dkimWhy(from)}
	if w := ev.dmarcWhy(v, from); w != "" {
		parts = append(parts, w)
	}
	v.Reason = strings.Join(parts, "; ")
}

func passFor(method, d, from string) string {
	if d == from {
		return method + "=pass for " + d
	}
	return method + "=pass for " + d + ", aligned with " + from
}

// resultFor words one result that did not align: "spf=fail for example.org",
// "dkim=pass for other.example, not aligned with example.com".
func resultFor(method, result, d, from string) string {
	s := method + "=" + clean(result)
	switch {
	case d == "" && result == "pass":
		return s + " without a domain"
	case d == "":
		return s
	case result == "pass":
		return s + " for " + d + ", not aligned with " + from
	}
	return s + " for " + d
}

func (ev evidence) spfWhy(v *Verdict, from string) string {
	if ev.spf == nil {
		return "no spf result"
	}
	return resultFor("spf", v.SPF, v.SPFDomain, from)
}

// maxDKIMWhy bounds the DKIM results named in one reason.
const maxDKIMWhy = 3

func (ev evidence) dkimWhy(from string) string {
	if len(ev.dkim) == 0 {
		return "no dkim result"
	}
	var parts []string
	for i, r := range ev.dkim {
		if i == maxDKIMWhy {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, resultFor("dkim", r.Result, signature(r).Domain, from))
	}
	return strings.Join(parts, ", ")
}

// dmarcWhy words a DMARC result that did not count; "" when there was none, since many
// receivers do not check DMARC at all.
func (ev evidence) dmarcWhy(v *Verdict, from string) string {
	switch {
	case ev.dmarc == nil:
		return ""
	case v.DMARC == "pass" && v.DMARCFrom == "":
		return "dmarc=pass without header.from"
	case v.DMARC == "pass":
		return "dmarc=pass for " + v.DMARCFrom + ", not " + from
	case v.DMARCFrom == "":
		return "dmarc=" + clean(v.DMARC)
	}
	return "dmarc=" + clean(v.DMARC) + " for " + v.DMARCFrom
}
