package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"helpdesk/directory"
	"helpdesk/ticketstore"
)

// ExportRow is one service report in the billing export: what the invoice in the accounting
// system needs besides the report itself. Minutes are whole minutes, money integer cents.
type ExportRow struct {
	ReportID           string `json:"report_id"`
	Date               string `json:"date"` // YYYY-MM-DD (the CSV writes DD.MM.YYYY)
	Customer           string `json:"customer"`
	CustomerName       string `json:"customer_name"`
	DATEVAdvisor       string `json:"datev_advisor"`
	Branch             string `json:"branch"`
	BillableMinutes    int64  `json:"billable_minutes"`    // billed, after the increment (deducted ones included)
	NonBillableMinutes int64  `json:"nonbillable_minutes"` // recorded, not billed
	TravelCents        int64  `json:"travel_cents"`
	NetCents           int64  `json:"net_cents"`
	Corrects           string `json:"corrects,omitempty"`
}

// CSVHeader is the export's header line; the names are a contract for scripts.
var CSVHeader = []string{"report_id", "date", "customer", "customer_name", "datev_advisor", "branch",
	"billable_minutes", "nonbillable_minutes", "travel", "net_amount"}

// Export returns the rows of the reports dated in month (YYYY-MM), in report order. Customers
// billed elsewhere (only rental or datacenter contracts) never get service reports; a report of
// one, should the directory have changed since, is left out too.
func Export(tx *ticketstore.Tx, dir *directory.Directory, month string) ([]ExportRow, error) {
	rs, err := tx.Reports(ticketstore.ReportFilter{Month: month})
	if err != nil {
		return nil, err
	}
	out := []ExportRow{}
	for _, r := range rs {
		c := dir.Customer(r.Customer)
		if c == nil {
			c = &directory.Customer{Number: r.Customer}
		}
		if billedElsewhere(dir, r.Customer) {
			continue
		}
		out = append(out, Row(&r, c))
	}
	return out, nil
}

// Row is a report's export row.
func Row(r *ticketstore.ServiceReport, c *directory.Customer) ExportRow {
	t := r.Priced.Totals
	return ExportRow{ReportID: r.ID, Date: r.Date.String(), Customer: r.Customer, CustomerName: c.Name, DATEVAdvisor: c.DATEVAdvisor,
		Branch: r.Branch, BillableMinutes: t.BilledMinutes, NonBillableMinutes: t.NonBillableMinutes,
		TravelCents: int64(t.Travel), NetCents: int64(t.Net), Corrects: r.Corrects}
}

// billedElsewhere reports whether every contract of the customer is rental or datacenter.
func billedElsewhere(dir *directory.Directory, customer string) bool {
	n, elsewhere := 0, 0
	for _, k := range dir.Contracts {
		if k.Customer != customer {
			continue
		}
		n++
		if k.Kind == directory.KindRental || k.Kind == directory.KindDatacenter {
			elsewhere++
		}
	}
	return n > 0 && n == elsewhere
}

// WriteCSV writes rows as German accounting tools read them: UTF-8 with a byte order mark,
// semicolons, CRLF line ends, decimal commas in amounts (euros with two places, no thousands
// separator), dates DD.MM.YYYY, minutes as whole numbers.
func WriteCSV(w io.Writer, rows []ExportRow) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, r := range rows {
		date := r.Date
		if d, err := directory.ParseDate(r.Date); err == nil {
			date = d.Time(nil).Format("02.01.2006")
		}
		if err := cw.Write([]string{r.ReportID, date, r.Customer, r.CustomerName, r.DATEVAdvisor, r.Branch,
			strconv.FormatInt(r.BillableMinutes, 10), strconv.FormatInt(r.NonBillableMinutes, 10),
			DecimalComma(r.TravelCents), DecimalComma(r.NetCents)}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// DecimalComma writes cents as euros with a decimal comma and no grouping: "1234,50", "-0,05".
func DecimalComma(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign, u = "-", uint64(-(cents+1))+1
	}
	return sign + strconv.FormatUint(u/100, 10) + "," + strings.Repeat("0", 2-len(strconv.FormatUint(u%100, 10))) + strconv.FormatUint(u%100, 10)
}
