package mailflow

import "helpdesk/mailflow/notify"

// Notifier is the processor's mail composer, for mail that other parts of the desk cause
// (service reports, rejections of time entries) in their own transactions.
func (p *Processor) Notifier() *notify.Notifier { return p.notify }
