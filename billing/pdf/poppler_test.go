package pdf

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Helpers that read a rendered PDF back with poppler-utils, as a customer's viewer would.

// needTool skips the test when a poppler tool is missing, except under CI, where a missing tool
// means the install step broke and the test must fail rather than pass by skipping.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found, and CI is set: install poppler-utils (apt-get install poppler-utils)", name)
	}
	t.Skipf("%s not found: install poppler-utils to run this test (apt-get install poppler-utils)", name)
	return ""
}

// writePDF puts pdf into a temporary file for the poppler tools.
func writePDF(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(needTool(t, name), args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, msg)
	}
	return out
}

// layoutText is the PDF's text as `pdftotext -layout` extracts it, one string per page.
func layoutText(t *testing.T, pdf []byte) []string {
	t.Helper()
	out := string(run(t, "pdftotext", "-layout", "-enc", "UTF-8", writePDF(t, pdf), "-"))
	pages := strings.Split(out, "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// word is one word of `pdftotext -bbox` output, its box in millimetres from the top left.
type word struct {
	page                   int
	text                   string
	xMin, yMin, xMax, yMax float64
}

// words extracts every word with its position.
func words(t *testing.T, pdf []byte) []word {
	t.Helper()
	out := run(t, "pdftotext", "-bbox", "-enc", "UTF-8", writePDF(t, pdf), "-")
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var ws []word
	page := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			page++
		case "word":
			w := word{page: page}
			for _, a := range se.Attr {
				v, _ := strconv.ParseFloat(a.Value, 64)
				v *= 25.4 / 72
				switch a.Name.Local {
				case "xMin":
					w.xMin = v
				case "yMin":
					w.yMin = v
				case "xMax":
					w.xMax = v
				case "yMax":
					w.yMax = v
				}
			}
			if tok, err := dec.Token(); err == nil {
				if cd, ok := tok.(xml.CharData); ok {
					w.text = string(cd)
				}
			}
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		t.Fatalf("pdftotext -bbox found no words:\n%.500s", out)
	}
	return ws
}
