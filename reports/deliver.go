package reports

import (
	"bytes"
	"errors"
	"fmt"

	"helpdesk/billing/pdf"
	"helpdesk/blobstore"
	"helpdesk/directory"
	"helpdesk/mailflow/notify"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// ErrNoReportAddress is returned by Deliver when the customer names no address for service
// reports (notify.service_reports): the report stays "created" until one is set and it is
// sent with report resend.
var ErrNoReportAddress = errors.New("the customer has no notify.service_reports address")

// Delivery is what Deliver did.
type Delivery struct {
	PDF        []byte
	Recipients []string // the addresses the mail was queued to
}

// Deliver renders the report's PDF (the stored one when it has been rendered before, so a
// resend attaches the same bytes), keeps it in the blob store, and queues the report mail in tx
// to the customer's service-report addresses, and only to them: the body in the customer's
// language, the PDF attached. The report is then "sent".
func Deliver(tx *ticketstore.Tx, n *notify.Notifier, blobs *blobstore.Store, v *View) (*Delivery, error) {
	sr := v.Report
	b, err := PDFBytes(blobs, v)
	if err != nil {
		return nil, err
	}
	sha := sr.PDF
	if sha == "" {
		if sha, _, err = blobs.Put(bytes.NewReader(b)); err != nil {
			return nil, fmt.Errorf("service report %s: keep PDF: %w", sr.ID, err)
		}
		if err := tx.SetReportPDF(sr.ID, sha); err != nil {
			return nil, err
		}
		sr.PDF = sha
	}
	to := v.Customer.NotifyAddresses(directory.EventServiceReport)
	if len(to) == 0 {
		return &Delivery{PDF: b}, fmt.Errorf("service report %s of customer %s: %w", sr.ID, sr.Customer, ErrNoReportAddress)
	}
	pseudo := &ticketstore.Ticket{Language: sr.Language}
	data := n.Data(pseudo)
	data.Report = v.Mail()
	att := ticketstore.Attachment{Name: FileName(sr.ID), ContentType: "application/pdf", Size: int64(len(b)), SHA256: sha}
	d := &Delivery{PDF: b}
	for _, addr := range to {
		ok, err := n.Send(tx, pseudo, notify.Mail{Kind: templates.KindServiceReport, To: notify.To{Addr: addr}, Data: data,
			Language: sr.Language, Attachments: []ticketstore.Attachment{att}})
		if err != nil {
			return nil, fmt.Errorf("service report %s to %s: %w", sr.ID, addr, err)
		}
		if ok {
			d.Recipients = append(d.Recipients, addr)
		}
	}
	if len(d.Recipients) == 0 {
		return d, fmt.Errorf("service report %s: no report address could be written to (see the suppressions)", sr.ID)
	}
	if err := tx.MarkReportSent(sr.ID, d.Recipients, n.Now()); err != nil {
		return nil, err
	}
	sr.State, sr.Recipients, sr.Sent = ticketstore.ReportSent, d.Recipients, n.Now()
	return d, nil
}

// PDFBytes returns the report's PDF: the bytes kept in the blob store when it was sent, else a
// new rendering (the same bytes for the same report and directory).
func PDFBytes(blobs *blobstore.Store, v *View) ([]byte, error) {
	if sha := v.Report.PDF; sha != "" && blobs != nil && blobs.Has(sha) {
		f, err := blobs.Open(sha)
		if err != nil {
			return nil, fmt.Errorf("service report %s: %w", v.Report.ID, err)
		}
		defer f.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(f); err != nil {
			return nil, fmt.Errorf("service report %s: read PDF: %w", v.Report.ID, err)
		}
		return buf.Bytes(), nil
	}
	return pdf.Bytes(v.PDF())
}
