package directory

// Index answers Match with map lookups instead of scanning every contact and customer; the
// mail path asks it for every incoming mail. Build it once for a directory that no longer
// changes (a new directory gets a new Index).
type Index struct {
	d        *Directory
	byEmail  map[string]int // contact address -> index in d.Contacts (first wins, like Match)
	byDomain map[string]int // mail domain -> index in d.Customers
	byNumber map[string]int // customer number -> index in d.Customers
}

// NewIndex indexes d, which must not be changed afterwards; nil is an empty directory.
func NewIndex(d *Directory) *Index {
	if d == nil {
		d = &Directory{}
	}
	x := &Index{d: d, byEmail: map[string]int{}, byDomain: map[string]int{}, byNumber: map[string]int{}}
	for i := range d.Contacts {
		if _, ok := x.byEmail[d.Contacts[i].Email]; !ok {
			x.byEmail[d.Contacts[i].Email] = i
		}
	}
	for i := range d.Customers {
		c := &d.Customers[i]
		if _, ok := x.byNumber[c.Number]; !ok {
			x.byNumber[c.Number] = i
		}
		for _, dom := range c.Domains {
			if _, ok := x.byDomain[dom]; !ok {
				x.byDomain[dom] = i
			}
		}
	}
	return x
}

// Directory returns the indexed directory; callers must not change it.
func (x *Index) Directory() *Directory { return x.d }

// Match is Directory.Match, answered from the index.
func (x *Index) Match(addr string) Match {
	a := canonicalAddress(addr)
	if a == "" {
		return Match{}
	}
	if i, ok := x.byEmail[a]; ok {
		ct := x.d.Contacts[i]
		var cust *Customer
		if j, ok := x.byNumber[ct.Customer]; ok {
			c := x.d.Customers[j].clone()
			cust = &c
		}
		return Match{Customer: cust, Contact: &ct, By: ByAddress}
	}
	dom := normDomain(domainOf(a))
	if i, ok := x.byDomain[dom]; ok && dom != "" {
		c := x.d.Customers[i].clone()
		return Match{Customer: &c, By: ByDomain}
	}
	return Match{}
}
