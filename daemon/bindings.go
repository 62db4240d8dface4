package daemon

import (
	"errors"
	"fmt"

	"helpdesk/control"
	"helpdesk/directory"
	"helpdesk/ticketstore"
)

// Bindings pairs every operation of the API with its handler: the one list the control
// socket serves, and what the command line runs in its own process when no daemon runs.
func (d *Desk) Bindings() []control.Binding {
	return append([]control.Binding{
		control.Bind(Status, d.status),
		control.BindStream(TicketList, d.ticketList),
		control.Bind(TicketShow, d.ticketShow),
		control.Bind(TicketStatus, d.ticketStatus),
		control.BindStream(OutboxList, d.outboxList),
		control.Bind(OutboxShow, d.outboxShow),
		control.Bind(OutboxRetry, d.outboxRetry),
		control.BindStream(SetAsideList, d.setAsideList),
		control.Bind(SetAsideRelease, d.setAsideRelease),
		control.Bind(MailClassify, d.classify),
		control.Bind(Backup, d.backup),

		control.Bind(DirectoryExport, d.directoryExport),
		control.Bind(DirectoryImport, d.directoryImport),
		control.Bind(CustomerAdd, d.customerAdd),
		control.Bind(CustomerEdit, d.customerEdit),
		control.Bind(CustomerShow, d.customerShow),
		control.Bind(CustomerList, d.customerList),
		control.Bind(ContactAdd, d.contactAdd),
		control.Bind(ContactEdit, d.contactEdit),
		control.Bind(ContactShow, d.contactShow),
		control.Bind(ContactList, d.contactList),
		control.Bind(ContractAdd, d.contractAdd),
		control.Bind(ContractEdit, d.contractEdit),
		control.Bind(ContractShow, d.contractShow),
		control.Bind(ContractList, d.contractList),
		control.Bind(ContractEnd, d.contractEnd),

		control.Bind(TechnicianAdd, d.technicianAdd),
		control.Bind(TechnicianEdit, d.technicianEdit),
		control.Bind(TechnicianShow, d.technicianShow),
		control.Bind(TechnicianList, d.technicianList),
		control.Bind(TechnicianDisable, d.technicianDisable),
		control.Bind(TicketAssign, d.ticketAssign),
		control.BindStream(TimeList, d.timeList),
		control.Bind(TimeAdd, d.timeAdd),
	}, d.billingBindings()...)
}

// notFound marks the store's and the directory's "not found" for the control socket's not_found code.
func notFound(err error) error {
	if errors.Is(err, ticketstore.ErrNotFound) || errors.Is(err, directory.ErrNotFound) {
		return fmt.Errorf("%w: %v", control.ErrNotFound, err)
	}
	return err
}
