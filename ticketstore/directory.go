package ticketstore

import (
	"fmt"

	"helpdesk/directory"
)

var keyDirectory = []byte("current")

// Directory returns the stored customer directory; an empty one when none was stored yet.
func (x *Tx) Directory() (*directory.Directory, error) {
	var d directory.Directory
	err := getJSON(x.tx.Bucket(bDirectory), keyDirectory, &d)
	if err == ErrNotFound {
		return &directory.Directory{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	return &d, nil
}

// PutDirectory normalises d (lower-cased addresses, defaults, sorted records), validates it as a
// whole and stores it, replacing the previous directory. Nothing is written when validation fails.
func (x *Tx) PutDirectory(d *directory.Directory) error {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return err
	}
	return putJSON(x.tx.Bucket(bDirectory), keyDirectory, d)
}
