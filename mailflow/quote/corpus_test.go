package quote

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// corpusDir is the shared corpus beside the project root; from this package it resolves to
// /work/shared/corpus both from the main checkout and from a worktree.
const corpusDir = "../../../shared/corpus"

// commonFragment is the five-line reply most crisp fixtures share.
const commonFragment = "Fusce bibendum, quam hendrerit sagittis tempor, dui turpis tempus erat, pharetra sodales ante sem sit amet metus.\n" +
	"Nulla malesuada, orci non vulputate lobortis, massa felis pharetra ex, convallis consectetur ex libero eget ante.\n" +
	"Nam vel turpis posuere, rhoncus ligula in, venenatis orci. Duis interdum venenatis ex a rutrum.\n" +
	"Duis ut libero eu lectus consequat consequat ut vel lorem. Vestibulum convallis lectus urna,\n" +
	"et mollis ligula rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh."

// wholeText in corpusOurs means: nothing is cut, the visible text is the whole fixture.
const wholeText = "\x00whole"

// corpusOurs is what we assert where upstream asserts nothing, or where a helpdesk
// rightly differs from upstream's visible text. Every entry says why.
var corpusOurs = map[string]struct{ want, why string }{
	// Upstream's expectation is right, we fall short of it on purpose: the line is a quote
	// line Gmail re-wrapped, but its first word would have fitted on the quoted line above
	// ("> ... quis orci." is 66 characters), so it cannot be told from a one-line answer
	// between two quoted lines ("ja"); when unsure, keep.
	"email_7.txt": {commonFragment + "\n\nrhoncus tortor in.", "keeps one re-wrapped quote line that fits the wrap width (unsure: keep)"},
	// A sign-off without contact data holds nothing private and may be words: kept.
	"email_with_regards.txt": {"Hi,\n\nI still have the same problem....\n\nCan you help?\n\nRegards,\n\nJohn Doe\nCEO @ Acme !", "keeps a sign-off without contact data"},

	// Upstream asserts nothing for these.
	"email_2_1.txt":                                   {"Outlook with a reply", "bold *From:* header block under a rule"},
	"email_19.txt":                                    {"On Thursday, I get proper rendering.", "custom 'Sent from …' trailer, attribution over 3 lines"},
	"email_20.txt":                                    {"On Thursday.", "'On Thursday.' is text, the quote below is cut"},
	"email_21.txt":                                    {wholeText, "'On Thursday:' paragraphs are text (no date)"},
	"email_blackberry.txt":                            {"Here is another email", "trailer"},
	"email_bullets.txt":                               {"test 2 this should list second\n\nand have spaces\n\nand retain this formatting\n\n\n   - how about bullets\n   - and another", "Gmail quote, '--' signature below it"},
	"email_custom_quote_header.txt":                   {"Thank you!", "Hungarian '… írta:' attribution"},
	"email_customer_quote_header_2.txt":               {"Thank you very much.", "Outlook header block without a quote below"},
	"email_customer_quote_header_3.txt":               {"bonjour,\nje n'ai pas eu de retour sur ma précision..\nmerci d'avance", "indented French Yahoo header block"},
	"email_iphone.txt":                                {"Here is another email", "trailer"},
	"email_multi_word_sent_from_my_mobile_device.txt": {"Here is another email", "trailer"},
	"email_sent_from_my_not_signature.txt":            {wholeText, "'Sent from my desk, is …' is a sentence"},
	"email_thread.txt":                                {"This is new email reply in thread from bellow.", "attribution over 3 lines"},
	"email_tricky_4_from_in_body.txt":                 {wholeText, "'From:' in sentences is no header block"},
	"email_tricky_18_inline_reply.txt":                {"I think option A is great.\n\nOption B has some drawbacks.\n\nOption C is not suitable for our use case.", "answers between quotes kept, quotes dropped"},
	"email_unquoted_reply.txt":                        {"This is my reply.", "'On <date> you wrote:' with a year only"},
	"email_with_date_headers.txt":                     {wholeText, "'[DATE]' placeholder is no attribution"},
	"email_with_from_headers.txt":                     {wholeText, "'[FROM]' placeholder is no header"},
}

type corpusRow struct{ file, visible, notes string }

func readCorpusRows(t *testing.T) []corpusRow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, "replies", "crisp-expected.tsv"))
	if err != nil {
		t.Skipf("reply corpus not available (%v): it lives in /work/shared/corpus, beside the project root", err)
	}
	unescape := strings.NewReplacer(`\n`, "\n", `\t`, "\t")
	var rows []corpusRow
	for i, ln := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		f := strings.Split(strings.TrimRight(ln, "\r"), "\t")
		if i == 0 || len(f) < 3 {
			continue
		}
		rows = append(rows, corpusRow{f[0], unescape.Replace(f[1]), unescape.Replace(f[2])})
	}
	if len(rows) == 0 {
		t.Fatal("crisp-expected.tsv has no rows")
	}
	return rows
}

// normalize compares as the corpus README says: LF line ends, no trailing white space on
// any line, the whole trimmed.
func normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

var ruleRE = regexp.MustCompile(`(not )?contains: "([^"]*)"`)

// TestCorpusReplies runs Cut on every crisp fixture and prints a table. With
// Options.Signature the text must equal the expected visible text (upstream's, or ours
// from corpusOurs); without it, every line of that text must still be there, in order (a
// signature may stay, words may not go); contains / not-contains rules hold for both.
func TestCorpusReplies(t *testing.T) {
	rows := readCorpusRows(t)
	var table strings.Builder
	fmt.Fprintf(&table, "%-50s %-12s %-9s %s\n", "file", "kind", "check", "result")
	pass, fail := 0, 0
	for _, row := range rows {
		raw, err := os.ReadFile(filepath.Join(corpusDir, "replies", "crisp", row.file))
		if err != nil {
			t.Errorf("read %s: %v", row.file, err)
			continue
		}
		in := string(raw)
		sig := Cut(in, Options{Signature: true})
		plain := Cut(in, Options{})
		got, gotPlain := normalize(sig.Text), normalize(plain.Text)

		check, want := "upstream", normalize(row.visible)
		if ours, ok := corpusOurs[row.file]; ok {
			check, want = "ours", ours.want
			if want == wholeText {
				want = normalize(in)
			}
		}
		var problems []string
		rules := ruleRE.FindAllStringSubmatch(row.notes, -1)
		switch {
		case want != "":
			if got != want {
				problems = append(problems, fmt.Sprintf("Cut(%s, Signature).Text = %q, want %q", row.file, got, want))
			}
			if !linesInOrder(want, gotPlain) {
				problems = append(problems, fmt.Sprintf("Cut(%s).Text = %q: lost words of %q", row.file, gotPlain, want))
			}
		case len(rules) > 0:
			check = "contains"
		default:
			problems = append(problems, fmt.Sprintf("%s: no expectation upstream and none in corpusOurs", row.file))
		}
		for _, r := range rules {
			negate, s := r[1] != "", r[2]
			for _, text := range []string{got, gotPlain} {
				if negate && text == gotPlain && strings.Contains(sig.Signature, s) {
					continue // a signature (a list footer) may stay when signatures are not cut
				}
				if strings.Contains(text, s) == negate {
					problems = append(problems, fmt.Sprintf("Cut(%s).Text = %q, want it %scontaining %q", row.file, text, r[1], s))
				}
			}
		}
		result := "pass"
		if len(problems) > 0 {
			result = "FAIL"
			fail++
			for _, p := range problems {
				t.Error(p)
			}
		} else {
			pass++
		}
		if ours, ok := corpusOurs[row.file]; ok {
			result += " (" + ours.why + ")"
		}
		fmt.Fprintf(&table, "%-50s %-12s %-9s %s\n", row.file, sig.Kind, check, result)
	}
	t.Logf("reply corpus: %d pass, %d fail of %d\n%s", pass, fail, len(rows), table.String())
}

// linesInOrder reports whether the non-empty lines of want appear in got in the same order.
func linesInOrder(want, got string) bool {
	g := strings.Split(got, "\n")
	j := 0
	for _, w := range strings.Split(want, "\n") {
		if w == "" {
			continue
		}
		for j < len(g) && g[j] != w {
			j++
		}
		if j == len(g) {
			return false
		}
		j++
	}
	return true
}
