package pdf

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata (and docs/service-report-example.png)")

var goldenCases = []struct {
	name string
	r    func() *Report
}{
	{"cooperation", cooperationReport},
	{"kontingent", kontingentReport},
	{"english", englishReport},
}

// TestGolden compares each report's PDF bytes and the text a reader extracts from it with the
// files in testdata. Run `go test ./billing/pdf -update` after an intended change and review the
// .txt diff (and the PDFs) before committing.
func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := Bytes(tc.r())
			if err != nil {
				t.Fatal(err)
			}
			pdfFile := filepath.Join("testdata", tc.name+".pdf")
			txtFile := filepath.Join("testdata", tc.name+".txt")
			if *update {
				writeGolden(t, pdfFile, pdf)
				writeGolden(t, txtFile, []byte(strings.Join(layoutText(t, pdf), "\f")))
				if tc.name == "cooperation" {
					updateDocsImage(t, pdf)
				}
				return
			}
			// The bytes first: they need no poppler, so they are checked even where the text
			// comparison below has to skip.
			want := readGolden(t, pdfFile)
			if !bytes.Equal(pdf, want) {
				at := 0
				for at < len(pdf) && at < len(want) && pdf[at] == want[at] {
					at++
				}
				t.Errorf("%s: PDF bytes differ from the golden file from offset %d on (%d bytes, golden %d)", tc.name, at, len(pdf), len(want))
			}
			text := strings.Join(layoutText(t, pdf), "\f")
			if wantText := readGolden(t, txtFile); text != string(wantText) {
				t.Errorf("%s differs from the extracted text (run -update and review the diff)\ngot:\n%s", txtFile, text)
			}
		})
	}
}

func writeGolden(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readGolden(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test ./billing/pdf -update): %v", err)
	}
	return b
}

// updateDocsImage writes page 1 of the cooperation report at 100 dpi into docs/, so a reader
// of the repository sees what a customer gets.
func updateDocsImage(t *testing.T, pdf []byte) {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", writePDF(t, pdf), prefix)
	b, err := os.ReadFile(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	writeGolden(t, filepath.Join("..", "..", "docs", "service-report-example.png"), b)
}

// TestPageImage rasterises page 1 as a mail client's preview would and checks that the page
// has A4's proportions and ink where the address and the title belong.
func TestPageImage(t *testing.T) {
	pdf, err := Bytes(cooperationReport())
	if err != nil {
		t.Fatal(err)
	}
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", writePDF(t, pdf), prefix)
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("pdftoppm wrote no PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 496 || b.Dy() != 702 {
		t.Fatalf("page 1 is %dx%d px at 60 dpi, want 496x702 (A4)", b.Dx(), b.Dy())
	}
	const pxPerMM = 60 / 25.4
	inked := func(x0, y0, x1, y1 float64) bool {
		for y := int(y0 * pxPerMM); y < int(y1*pxPerMM); y++ {
			for x := int(x0 * pxPerMM); x < int(x1*pxPerMM); x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
					return true
				}
			}
		}
		return false
	}
	regions := []struct {
		name           string
		x0, y0, x1, y1 float64
	}{
		{"address window", addrFieldX, addrTop, addrFieldX + 85, addrFieldTop + 45},
		{"title", left, bodyTopFirst, right, bodyTopFirst + 8},
		{"information block", infoX, infoTop, right, infoTop + 10},
	}
	for _, r := range regions {
		if !inked(r.x0, r.y0, r.x1, r.y1) {
			t.Errorf("no text in the %s", r.name)
		}
	}
	if inked(0, 0, pageW, 10) {
		t.Errorf("ink in the top 10 mm, where printers cannot reach")
	}
}

// TestDeterministic renders reports in different orders and at the same time: the bytes of a
// report never depend on what was rendered before or beside it (the fonts are shared).
func TestDeterministic(t *testing.T) {
	first, err := Bytes(cooperationReport())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Bytes(longReport(200)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([][]byte, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := cooperationReport()
			if i%2 == 1 {
				r = kontingentReport()
			}
			b, err := Bytes(r)
			if err != nil {
				t.Error(err)
			}
			results[i] = b
		}()
	}
	wg.Wait()
	again, err := Bytes(cooperationReport())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Errorf("the same report rendered twice gives different bytes")
	}
	if !bytes.Equal(first, results[0]) || !bytes.Equal(results[1], results[3]) {
		t.Errorf("reports rendered concurrently differ from those rendered alone")
	}
	if bytes.Equal(first, results[1]) {
		t.Fatalf("different reports gave the same bytes: the comparison proves nothing")
	}
}

// TestCreationDate: the PDF's date is the report's, not the clock's.
func TestCreationDate(t *testing.T) {
	pdf, err := Bytes(cooperationReport())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pdf, []byte("/CreationDate(D:20270104093000+01'00')")) {
		t.Errorf("PDF has no creation date 2027-01-04 09:30 +01:00:\n%s", pdfInfo(pdf))
	}
}

func pdfInfo(pdf []byte) string {
	if i := bytes.Index(pdf, []byte("/Info")); i >= 0 {
		return string(pdf[i:min(len(pdf), i+400)])
	}
	return "(no /Info)"
}

// TestRenderWriter: Render writes exactly what Bytes returns.
func TestRenderWriter(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, kontingentReport()); err != nil {
		t.Fatal(err)
	}
	want, err := Bytes(kontingentReport())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) || !bytes.HasPrefix(want, []byte("%PDF-")) {
		t.Errorf("Render wrote %d bytes, Bytes returned %d", buf.Len(), len(want))
	}
}
