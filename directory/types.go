package directory

// Directory is the whole customer directory. The zero value is an empty, valid directory.
// Its methods do not lock: callers share a *Directory across goroutines only read-only, or
// guard it themselves.
type Directory struct {
	Customers []Customer `json:"customers,omitempty" toml:"customers,omitempty" yaml:"customers,omitempty"`
	Contacts  []Contact  `json:"contacts,omitempty" toml:"contacts,omitempty" yaml:"contacts,omitempty"`
	Contracts []Contract `json:"contracts,omitempty" toml:"contracts,omitempty" yaml:"contracts,omitempty"`
}

// Billing says whether a customer's branches are billed together or each on its own.
type Billing string

// Billing values.
const (
	BillingCentral Billing = "central"
	BillingBranch  Billing = "branch"
)

// Language is the language of the mails a customer receives.
type Language string

// Languages.
const (
	German  Language = "de"
	English Language = "en"
)

// Address is a postal address. Country is an ISO 3166 alpha-2 code; empty means Germany.
type Address struct {
	Street  string `json:"street,omitempty" toml:"street,omitempty" yaml:"street,omitempty"`
	Zip     string `json:"zip,omitempty" toml:"zip,omitempty" yaml:"zip,omitempty"`
	City    string `json:"city,omitempty" toml:"city,omitempty" yaml:"city,omitempty"`
	Country string `json:"country,omitempty" toml:"country,omitempty" yaml:"country,omitempty"`
}

// Branch is a location of a customer (Niederlassung, Filiale).
type Branch struct {
	ID      string  `json:"id" toml:"id" yaml:"id"` // unique within the customer
	Name    string  `json:"name" toml:"name" yaml:"name"`
	Address Address `json:"address,omitzero" toml:"address,omitempty" yaml:"address,omitempty"`
}

// AccountManager is our colleague responsible for the customer.
type AccountManager struct {
	Name  string `json:"name,omitempty" toml:"name,omitempty" yaml:"name,omitempty"`
	Phone string `json:"phone,omitempty" toml:"phone,omitempty" yaml:"phone,omitempty"`
	Email string `json:"email,omitempty" toml:"email,omitempty" yaml:"email,omitempty"`
}

// Notify lists who is told of what. An empty list means the customer does not want that
// kind of mail.
type Notify struct {
	NewTicket      []string `json:"new_ticket,omitempty" toml:"new_ticket,omitempty" yaml:"new_ticket,omitempty"`
	StatusChange   []string `json:"status_change,omitempty" toml:"status_change,omitempty" yaml:"status_change,omitempty"`
	ServiceReports []string `json:"service_reports,omitempty" toml:"service_reports,omitempty" yaml:"service_reports,omitempty"`
}

// Notification events for Customer.NotifyAddresses.
const (
	EventNewTicket     = "new_ticket"
	EventStatusChange  = "status_change"
	EventServiceReport = "service_report"
)

// Customer is a customer company.
type Customer struct {
	Number         string         `json:"number" toml:"number" yaml:"number"` // e.g. "K-1001"
	Name           string         `json:"name" toml:"name" yaml:"name"`
	Address        Address        `json:"address,omitzero" toml:"address,omitempty" yaml:"address,omitempty"`
	Billing        Billing        `json:"billing" toml:"billing" yaml:"billing"`
	DATEVAdvisor   string         `json:"datev_advisor,omitempty" toml:"datev_advisor,omitempty" yaml:"datev_advisor,omitempty"` // DATEV Beraternummer, 4 to 7 digits
	AccountManager AccountManager `json:"account_manager,omitzero" toml:"account_manager,omitempty" yaml:"account_manager,omitempty"`
	Language       Language       `json:"language" toml:"language" yaml:"language"`
	Domains        []string       `json:"domains,omitempty" toml:"domains,omitempty" yaml:"domains,omitempty"` // mail domains, exact match
	Notify         Notify         `json:"notify,omitzero" toml:"notify,omitempty" yaml:"notify,omitempty"`
	Branches       []Branch       `json:"branches,omitempty" toml:"branches,omitempty" yaml:"branches,omitempty"`
}

// Permission is what a contact may ask for by mail.
type Permission string

// Permissions.
const (
	PermReport   Permission = "report"   // may report incidents only
	PermExtended Permission = "extended" // may also ask for statistics and contract status
)

// Contact is a person at a customer.
type Contact struct {
	ID         string     `json:"id" toml:"id" yaml:"id"`                   // e.g. "C-0001"
	Customer   string     `json:"customer" toml:"customer" yaml:"customer"` // customer number
	Name       string     `json:"name" toml:"name" yaml:"name"`             // family name
	FirstName  string     `json:"first_name,omitempty" toml:"first_name,omitempty" yaml:"first_name,omitempty"`
	Phone      string     `json:"phone,omitempty" toml:"phone,omitempty" yaml:"phone,omitempty"`
	Email      string     `json:"email" toml:"email" yaml:"email"`                                  // unique, lower-case
	Branch     string     `json:"branch,omitempty" toml:"branch,omitempty" yaml:"branch,omitempty"` // branch ID, "" = head office
	Permission Permission `json:"permission" toml:"permission" yaml:"permission"`
	Active     bool       `json:"active" toml:"active" yaml:"active"`
}

// Kind is the kind of a contract.
type Kind string

// Contract kinds.
const (
	KindCooperation   Kind = "cooperation"    // Kooperationsvereinbarung: rates, reachability, reaction times
	KindNeedsAnalysis Kind = "needs_analysis" // Bedarfsanalyse: recurring checks
	KindPrepaidHours  Kind = "prepaid_hours"  // Kontingent: monthly hours credited
	KindRental        Kind = "rental"         // Miete
	KindDatacenter    Kind = "datacenter"     // gehostetes Rechenzentrum
)

// Kinds returns every contract kind.
func Kinds() []Kind {
	return []Kind{KindCooperation, KindNeedsAnalysis, KindPrepaidHours, KindRental, KindDatacenter}
}

// Contract is an agreement with a customer. Exactly the terms field of its Kind is set.
type Contract struct {
	ID         string `json:"id" toml:"id" yaml:"id"`
	Customer   string `json:"customer" toml:"customer" yaml:"customer"`
	Kind       Kind   `json:"kind" toml:"kind" yaml:"kind"`
	ValidFrom  Date   `json:"valid_from" toml:"valid_from" yaml:"valid_from"`
	ValidUntil Date   `json:"valid_until,omitzero" toml:"valid_until,omitempty" yaml:"valid_until,omitempty"` // zero = open-ended; inclusive

	Cooperation   *Cooperation   `json:"cooperation,omitempty" toml:"cooperation,omitempty" yaml:"cooperation,omitempty"`
	NeedsAnalysis *NeedsAnalysis `json:"needs_analysis,omitempty" toml:"needs_analysis,omitempty" yaml:"needs_analysis,omitempty"`
	PrepaidHours  *PrepaidHours  `json:"prepaid_hours,omitempty" toml:"prepaid_hours,omitempty" yaml:"prepaid_hours,omitempty"`
	Rental        *Rental        `json:"rental,omitempty" toml:"rental,omitempty" yaml:"rental,omitempty"`
	Datacenter    *Datacenter    `json:"datacenter,omitempty" toml:"datacenter,omitempty" yaml:"datacenter,omitempty"`
}

// Ticket priorities, the keys of Cooperation.ReactionTimes.
const (
	PriorityUrgent = "urgent"
	PriorityHigh   = "high"
	PriorityNormal = "normal"
	PriorityLow    = "low"
)

// Cooperation holds the terms of a cooperation agreement.
//
// DailyRate is quoted, not applied: package billing prices time entries at the hourly rate
// only, so a day agreed at the daily rate is invoiced outside the service report.
type Cooperation struct {
	HourlyRate    Money               `json:"hourly_rate" toml:"hourly_rate" yaml:"hourly_rate"`
	DailyRate     Money               `json:"daily_rate" toml:"daily_rate" yaml:"daily_rate"`
	TravelPerTrip Money               `json:"travel_per_trip" toml:"travel_per_trip" yaml:"travel_per_trip"`
	TravelPerKm   Money               `json:"travel_per_km" toml:"travel_per_km" yaml:"travel_per_km"`
	Reachability  string              `json:"reachability,omitempty" toml:"reachability,omitempty" yaml:"reachability,omitempty"`       // e.g. "Mo-Fr 08:00-17:00"
	ReactionTimes map[string]Duration `json:"reaction_times,omitempty" toml:"reaction_times,omitempty" yaml:"reaction_times,omitempty"` // priority -> time

	// BillingIncrement: every started increment is billed as a full one ("15m": a started
	// quarter hour; "1m": exact). Zero means DefaultBillingIncrement.
	BillingIncrement Duration `json:"billing_increment,omitempty" toml:"billing_increment,omitempty" yaml:"billing_increment,omitempty"`
	Rounding         Rounding `json:"rounding,omitempty" toml:"rounding,omitempty" yaml:"rounding,omitempty"` // "" means RoundEntry
}

// Check is one recurring check of a needs analysis.
type Check struct {
	Name        string   `json:"name" toml:"name" yaml:"name"` // unique within the contract
	Interval    Interval `json:"interval" toml:"interval" yaml:"interval"`
	Description string   `json:"description,omitempty" toml:"description,omitempty" yaml:"description,omitempty"`
}

// NeedsAnalysis holds the checklist of a needs analysis.
type NeedsAnalysis struct {
	Checks []Check `json:"checks" toml:"checks" yaml:"checks"`
}

// PrepaidHours holds the terms of a prepaid-hours contract ("Kontingent"). Hours are credited
// every month from Start, reported hours are deducted, unused hours roll over. Zero values of
// the optional terms mean their defaults (see the constants), so contracts written before
// these terms existed keep their meaning.
type PrepaidHours struct {
	HoursPerMonth   Hours `json:"hours_per_month" toml:"hours_per_month" yaml:"hours_per_month"`
	Start           Date  `json:"start" toml:"start" yaml:"start"` // first day credited
	OverdrawAllowed bool  `json:"overdraw_allowed" toml:"overdraw_allowed" yaml:"overdraw_allowed"`
	WarnBelow       Hours `json:"warn_below" toml:"warn_below" yaml:"warn_below"` // warn when the balance falls below

	// OverdrawLimit is how far below zero the balance may go. Zero with OverdrawAllowed means
	// no limit (what an overdraw_allowed contract meant before limits existed); without
	// OverdrawAllowed the balance may not go below zero at all.
	OverdrawLimit Hours `json:"overdraw_limit,omitempty" toml:"overdraw_limit,omitempty" yaml:"overdraw_limit,omitempty"`
	// BeyondLimit says what becomes of an entry that does not fit: billed at ExcessRate, or
	// held back for the back office. "" means BeyondHold.
	BeyondLimit BeyondLimit `json:"beyond_limit,omitempty" toml:"beyond_limit,omitempty" yaml:"beyond_limit,omitempty"`
	ExcessRate  Money       `json:"excess_rate,omitempty" toml:"excess_rate,omitempty" yaml:"excess_rate,omitempty"` // per hour, for BeyondBill
	// Travel is money, not hours: a Kontingent customer pays trips and km at these rates.
	TravelPerTrip Money `json:"travel_per_trip,omitempty" toml:"travel_per_trip,omitempty" yaml:"travel_per_trip,omitempty"`
	TravelPerKm   Money `json:"travel_per_km,omitempty" toml:"travel_per_km,omitempty" yaml:"travel_per_km,omitempty"`
	// Prorate is how a month the contract covers only in part is credited. "" means ProrateNone.
	Prorate Prorate `json:"prorate,omitempty" toml:"prorate,omitempty" yaml:"prorate,omitempty"`
	// BillingIncrement and Rounding apply to deductions as to a cooperation's billed minutes.
	BillingIncrement Duration `json:"billing_increment,omitempty" toml:"billing_increment,omitempty" yaml:"billing_increment,omitempty"`
	Rounding         Rounding `json:"rounding,omitempty" toml:"rounding,omitempty" yaml:"rounding,omitempty"`
	// CorrectionAfterMonths full months closing below zero make a correction invoice due.
	// Zero means DefaultCorrectionAfterMonths.
	CorrectionAfterMonths int `json:"correction_after_months,omitempty" toml:"correction_after_months,omitempty" yaml:"correction_after_months,omitempty"`
}

// Rental holds the terms of a rental contract.
type Rental struct {
	Description string `json:"description,omitempty" toml:"description,omitempty" yaml:"description,omitempty"`
}

// Datacenter holds the terms of a hosted-datacenter contract.
type Datacenter struct {
	Description string `json:"description,omitempty" toml:"description,omitempty" yaml:"description,omitempty"`
}
