package directory

import "testing"

func TestNextID(t *testing.T) {
	for _, tc := range []struct {
		ids  []string
		want string
	}{
		{nil, "C-0001"},
		{[]string{"C-0001", "C-0007", "C-0003"}, "C-0008"},
		{[]string{"C-9999"}, "C-10000"},
		{[]string{"X-0005", "C-", "C-12a", "C-+4", "C-0002"}, "C-0003"},
	} {
		if got := nextID("C-", tc.ids); got != tc.want {
			t.Errorf("nextID(%q) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}
