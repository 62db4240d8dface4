package config

// Billing holds the settings of service reports and prepaid hours.
type Billing struct {
	// CorrectionAfterMonths complete months in a row that close with a negative Kontingent
	// balance make a correction invoice due (helpdesk kontingent due). A contract's own
	// prepaid_hours.correction_after_months overrides it.
	CorrectionAfterMonths int `toml:"correction_after_months"`
	// Sender is the Systemhaus as the service report's letterhead and footer show it.
	Sender BillingSender `toml:"sender"`
}

// BillingSender is the issuer of service reports: the sender line above the address window
// and the legal footer of every page.
type BillingSender struct {
	Name       string   `toml:"name"` // "" = support.name
	Address    []string `toml:"address"`
	Phone      string   `toml:"phone"`
	Email      string   `toml:"email"` // "" = support.address
	Web        string   `toml:"web"`
	Register   string   `toml:"register"`
	Management string   `toml:"management"`
	VATID      string   `toml:"vat_id"`
	Bank       string   `toml:"bank"`
}

// DefaultCorrectionAfterMonths is billing.correction_after_months when not set.
const DefaultCorrectionAfterMonths = 3

func (c *Config) validateBilling(ps *Problems) {
	if n := c.Billing.CorrectionAfterMonths; n < 1 || n > 120 {
		ps.Add("billing.correction_after_months", "%d is out of range 1..120", n)
	}
	for _, s := range append([]string{c.Billing.Sender.Name, c.Billing.Sender.Phone, c.Billing.Sender.Email, c.Billing.Sender.Web,
		c.Billing.Sender.Register, c.Billing.Sender.Management, c.Billing.Sender.VATID, c.Billing.Sender.Bank}, c.Billing.Sender.Address...) {
		if hasControl(s) {
			ps.Add("billing.sender", "%q contains control characters", s)
		}
	}
}

// applyBillingDerived fills the report sender from the support settings where it is empty.
func (c *Config) applyBillingDerived() {
	if c.Billing.Sender.Name == "" {
		c.Billing.Sender.Name = c.Support.Name
	}
	if c.Billing.Sender.Email == "" {
		c.Billing.Sender.Email = c.Support.Address
	}
}
