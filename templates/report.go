package templates

// Mail kinds of billing.
const (
	KindServiceReport = "service_report" // a service report to the customer's report addresses (Data.Report), the PDF attached
	KindTimeRejected  = "time_rejected"  // to the technician: the back office rejected a time entry (Data.Rejected, Data.Reason)
)

// ReportInfo is a service report as the body of its mail shows it. Every figure is already
// formatted in the mail's language (billing/textfmt), the same way the PDF writes it, so the
// body and the attachment cannot disagree.
type ReportInfo struct {
	ID             string // SB-2026-00042
	Date           string // the report's date
	Period         string // "01.12.2026 – 31.12.2026"
	CustomerNumber string
	CustomerName   string
	Branch         string // the branch billed on its own, "" for none
	DATEVAdvisor   string
	Corrects       string // the report this one replaces, "" for none
	Tickets        []ReportTicket
	// Sums.
	BillableTime    string // billed time of the billable entries, after the increment
	NonBillableTime string // recorded time of the entries not billed
	Labour          string
	Travel          string
	Net             string
	Kontingent      []ReportKontingent // prepaid hours moved by the report
	Attachment      string             // the PDF's file name
}

// ReportTicket is one ticket of a report and its entries.
type ReportTicket struct {
	Number, Subject string
	Lines           []ReportLine
}

// ReportLine is one time entry of a report.
type ReportLine struct {
	Date       string
	Technician string
	Activity   string
	Time       string // recorded
	Billed     string // after the increment; "" when not billable
	Billable   bool
	Reason     string // why not billable
	Deducted   string // taken from the Kontingent; "" for none
	Travel     string // "1 Anfahrt" / "35 km", "" for none
	Amount     string // labour and travel of the line
}

// ReportKontingent is the movement of one prepaid-hours contract on a report.
type ReportKontingent struct {
	Contract string
	Before   string // balance before the period, signed
	Credited string // monthly credits within the period, signed
	Used     string
	After    string
	Excess   string // billed beyond the overdraw limit, "" for none
}

// RejectedTime is the time entry a rejection mail is about.
type RejectedTime struct {
	ID uint64
	Change
	By string // who rejected it
}
