package parse

import (
	"fmt"
	"strings"
	"testing"
)

// A long References chain keeps its first and newest IDs: threading looks at the newest first.
func TestLongReferencesKeepNewest(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "<id%d@x.test> ", i)
	}
	ids := parseMsgIDs(b.String())
	if len(ids) != maxIDs || ids[0] != "id0@x.test" || ids[len(ids)-1] != "id299@x.test" || ids[1] != "id101@x.test" {
		t.Errorf("got %d ids: first %q, second %q, last %q", len(ids), ids[0], ids[1], ids[len(ids)-1])
	}
}
