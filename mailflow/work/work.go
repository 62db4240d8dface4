package work

import (
	"fmt"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/config"
	"helpdesk/directory"
	"helpdesk/mailflow/notify"
	"helpdesk/mailflow/thread"
	"helpdesk/staff"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// Work applies staff mails and sends the mails that keep technicians informed. Its methods
// run inside the caller's store transaction.
type Work struct {
	Config    *config.Config
	Notify    *notify.Notifier
	Signer    *thread.Signer
	Roster    func() *staff.Roster
	Directory func() *directory.Directory
	Log       zerolog.Logger
	Now       func() time.Time
}

// Options returns the proof rules of the config.
func (w *Work) Options() Options {
	return Options{RequireAuthResults: w.Config.Technicians.RequireAuthenticationResults, TrustedAuthservIDs: w.Config.Policy.TrustedAuthservIDs}
}

// lang is the language of mails to t.
func (w *Work) lang(t *staff.Technician) string {
	if t != nil && t.Language != "" {
		return t.Language
	}
	return w.Config.Language
}

// staffData is the template data of a mail to the desk's people about ticket t: the ticket
// with its requester and customer.
func (w *Work) staffData(t *ticketstore.Ticket, to string) templates.Data {
	d := w.Notify.Data(t)
	d.RecipientName = to
	d.Status, d.Priority = string(t.Status), t.Priority
	d.Requester, d.RequesterName = t.Requester, t.RequesterName
	dir := w.Directory()
	if c := dir.Customer(t.Customer); c != nil && t.Customer != "" {
		info := &templates.CustomerInfo{Number: c.Number, Name: c.Name, Address: postal(c.Address),
			ManagerName: c.AccountManager.Name, ManagerPhone: c.AccountManager.Phone, ManagerEmail: c.AccountManager.Email}
		if k := dir.Contact(t.Contact); k != nil && t.Contact != "" {
			info.ContactName = strings.TrimSpace(k.FirstName + " " + k.Name)
			info.ContactPhone, info.ContactEmail = k.Phone, k.Email
			d.RequesterPhone = k.Phone
		}
		d.Customer = info
	}
	return d
}

func postal(a directory.Address) []string {
	var out []string
	if a.Street != "" {
		out = append(out, a.Street)
	}
	if city := strings.TrimSpace(a.Zip + " " + a.City); city != "" {
		out = append(out, city)
	}
	if a.Country != "" && a.Country != "DE" {
		out = append(out, a.Country)
	}
	return out
}

// history returns the ticket's comments for a staff mail and which of their attachments fit
// into it (the rest is listed): the attachment limit counts from the oldest.
func (w *Work) history(tx *ticketstore.Tx, t *ticketstore.Ticket) ([]templates.HistoryEntry, []ticketstore.Attachment, error) {
	cs, err := tx.Comments(t.Number)
	if err != nil {
		return nil, nil, err
	}
	var out []templates.HistoryEntry
	var attach []ticketstore.Attachment
	budget := w.Config.Technicians.AttachmentLimit.Int64()
	for _, c := range cs {
		e := templates.HistoryEntry{Author: c.Author, Kind: string(c.Kind), Created: c.Created, Body: c.Body}
		e.Attachments, attach = w.fit(c.Attachments, attach, &budget)
		out = append(out, e)
	}
	return out, attach, nil
}

// fit decides for each of as whether it is attached (while budget lasts) or only listed.
func (w *Work) fit(as, attach []ticketstore.Attachment, budget *int64) ([]templates.AttachmentInfo, []ticketstore.Attachment) {
	var infos []templates.AttachmentInfo
	for _, a := range as {
		info := templates.AttachmentInfo{Name: a.Name, Size: a.Size}
		if a.Size <= *budget && w.Notify.Blobs != nil {
			*budget -= a.Size
			info.Attached = true
			attach = append(attach, a)
		}
		infos = append(infos, info)
	}
	return infos, attach
}

// technicians lists the active technicians for a dispatch mail.
func (w *Work) technicians() []templates.TechnicianInfo {
	var out []templates.TechnicianInfo
	for _, t := range w.Roster().Active() {
		out = append(out, templates.TechnicianInfo{ID: t.ID, Name: t.Name})
	}
	return out
}

// Assigned tells tech that ticket t is theirs now, with the whole ticket, and notes it on the
// ticket; by is who assigned it ("" the desk). t is changed but not stored.
func (w *Work) Assigned(tx *ticketstore.Tx, t *ticketstore.Ticket, tech *staff.Technician, by string) (bool, error) {
	d := w.staffData(t, tech.Name)
	d.AssignedBy = by
	hist, attach, err := w.history(tx, t)
	if err != nil {
		return false, err
	}
	d.History = hist
	return w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindAssignment, To: notify.To{Name: tech.Name, Addr: tech.Address()}, Data: d,
		Staff: true, ReplyTo: w.Signer.TechnicianAddress(t.Number, tech.ID), Language: w.lang(tech), Attachments: attach})
}

// Announce sends a new or unassigned ticket to the dispatch address, when there is one.
func (w *Work) Announce(tx *ticketstore.Tx, t *ticketstore.Ticket) (bool, error) {
	to := w.Config.Dispatch.Address
	if to == "" {
		return false, nil
	}
	d := w.staffData(t, "")
	hist, attach, err := w.history(tx, t)
	if err != nil {
		return false, err
	}
	d.History, d.Technicians = hist, w.technicians()
	return w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindDispatch, To: notify.To{Addr: to}, Data: d, Staff: true,
		ReplyTo: w.Signer.DispatchAddress(t.Number), Language: w.Config.Language, Attachments: attach})
}

// Forward sends a new comment of the customer to the ticket's assignee, or to the dispatch
// address when nobody is assigned.
func (w *Work) Forward(tx *ticketstore.Tx, t *ticketstore.Ticket, c *ticketstore.Comment) (bool, error) {
	budget := w.Config.Technicians.AttachmentLimit.Int64()
	infos, attach := w.fit(c.Attachments, nil, &budget)
	entry := &templates.HistoryEntry{Author: c.Author, Kind: string(c.Kind), Created: c.Created, Body: c.Body, Attachments: infos}
	if tech := w.Roster().ByID(t.Assignee); t.Assignee != "" && tech != nil && tech.Active {
		d := w.staffData(t, tech.Name)
		d.Comment = entry
		return w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindForward, To: notify.To{Name: tech.Name, Addr: tech.Address()}, Data: d,
			Staff: true, ReplyTo: w.Signer.TechnicianAddress(t.Number, tech.ID), Language: w.lang(tech), Attachments: attach})
	}
	if w.Config.Dispatch.Address == "" {
		return false, nil
	}
	d := w.staffData(t, "")
	d.Comment = entry
	return w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindForward, To: notify.To{Addr: w.Config.Dispatch.Address}, Data: d,
		Staff: true, ReplyTo: w.Signer.DispatchAddress(t.Number), Language: w.Config.Language, Attachments: attach})
}

// Unproven tells the technician a mail claimed to be from that it was not applied, at their
// known address, never at the address the mail came from. It says nothing of the mail's text.
// number is the ticket the mail concerns ("" none).
func (w *Work) Unproven(tx *ticketstore.Tx, p Proof, number, subject, from string, received time.Time, setAside uint64) (bool, error) {
	if p.Tell == nil {
		return false, nil
	}
	t := &ticketstore.Ticket{Number: number, Subject: subject, Language: w.lang(p.Tell)}
	d := w.Notify.Data(t)
	d.RecipientName, d.Reason, d.From, d.Received, d.SetAsideID = p.Tell.Name, p.Reason(w.lang(p.Tell)), from, received, setAside
	return w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindUnprovenCommand, To: notify.To{Name: p.Tell.Name, Addr: p.Tell.Address()},
		Data: d, Staff: true, Language: w.lang(p.Tell)})
}

// describe names a technician for comments and mails.
func describe(t *staff.Technician) string {
	if t == nil {
		return ""
	}
	return fmt.Sprintf("%s (%s)", t.Name, t.ID)
}
