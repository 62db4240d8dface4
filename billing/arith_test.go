package billing

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"helpdesk/directory"
)

func TestRoundUp(t *testing.T) {
	tests := []struct {
		minutes, inc, want int64
	}{
		{0, 15, 0},
		{1, 15, 15},
		{14, 15, 15},
		{15, 15, 15},
		{16, 15, 30},
		{61, 15, 75},
		{7, 1, 7},
		{29, 30, 30},
		{31, 30, 60},
		{1, 60, 60},
		{math.MaxInt64, 1, math.MaxInt64},
	}
	for _, tt := range tests {
		if got, err := RoundUp(tt.minutes, tt.inc); err != nil || got != tt.want {
			t.Errorf("RoundUp(%d, %d) = %d, %v; want %d", tt.minutes, tt.inc, got, err, tt.want)
		}
	}
	for _, bad := range [][2]int64{{-1, 15}, {10, 0}, {10, -15}} {
		if got, err := RoundUp(bad[0], bad[1]); err == nil {
			t.Errorf("RoundUp(%d, %d) = %d, nil; want an error", bad[0], bad[1], got)
		}
	}
	if got, err := RoundUp(math.MaxInt64-1, 15); !errors.Is(err, ErrOverflow) {
		t.Errorf("RoundUp(MaxInt64-1, 15) = %d, %v; want ErrOverflow", got, err)
	}
}

func TestLabour(t *testing.T) {
	tests := []struct {
		minutes int64
		rate    directory.Money
		want    directory.Money
	}{
		{60, 9500, 9500},
		{15, 9500, 2375},
		{1, 9500, 158},   // 158.33
		{7, 8900, 1038},  // 1038.33
		{1, 90, 2},       // 1.5 cents: half up
		{1, 30, 1},       // 0.5 cents: half up
		{1, 29, 0},       // 0.48 cents: down
		{1, 89, 1},       // 1.48 cents: down
		{45, 9850, 7388}, // 7387.5: half up
		{0, 9500, 0},
		{90, 0, 0},
	}
	for _, tt := range tests {
		if got, err := Labour(tt.minutes, tt.rate); err != nil || got != tt.want {
			t.Errorf("Labour(%d, %v) = %v, %v; want %v", tt.minutes, tt.rate, got, err, tt.want)
		}
	}
	if got, err := Labour(math.MaxInt64, 61); !errors.Is(err, ErrOverflow) {
		t.Errorf("Labour(MaxInt64, 0.61) = %v, %v; want ErrOverflow", got, err)
	}
	// The product overflows 64 bits, the quotient does not: still exact.
	if got, err := Labour(math.MaxInt64, 60); err != nil || got != math.MaxInt64 {
		t.Errorf("Labour(MaxInt64, 0.60) = %v, %v; want %d", got, err, int64(math.MaxInt64))
	}
	for _, bad := range [][2]int64{{-1, 9500}, {60, -1}} {
		if got, err := Labour(bad[0], directory.Money(bad[1])); err == nil {
			t.Errorf("Labour(%d, %d) = %v, nil; want an error", bad[0], bad[1], got)
		}
	}
}

// FuzzLabour checks Labour against exact rational arithmetic: round(m × r / 60) half up,
// or ErrOverflow exactly when that does not fit an int64.
func FuzzLabour(f *testing.F) {
	f.Add(int64(1), int64(90))
	f.Add(int64(45), int64(9850))
	f.Add(int64(math.MaxInt64), int64(60))
	f.Add(int64(math.MaxInt64/7), int64(421))
	f.Fuzz(func(t *testing.T, m, r int64) {
		got, err := Labour(m, directory.Money(r))
		if m < 0 || r < 0 {
			if err == nil {
				t.Fatalf("Labour(%d, %d) = %v, nil; want an error", m, r, got)
			}
			return
		}
		want := new(big.Int).Mul(big.NewInt(m), big.NewInt(r))
		want.Add(want, big.NewInt(30))
		want.Quo(want, big.NewInt(60))
		if !want.IsInt64() {
			if !errors.Is(err, ErrOverflow) {
				t.Fatalf("Labour(%d, %d) = %v, %v; want ErrOverflow", m, r, got, err)
			}
			return
		}
		if err != nil || int64(got) != want.Int64() {
			t.Fatalf("Labour(%d, %d) = %v, %v; want %v", m, r, int64(got), err, want)
		}
	})
}
