package billing

import (
	"errors"
	"fmt"
	"math"
	"math/bits"

	"helpdesk/directory"
)

// ErrOverflow is returned when an amount of minutes or cents does not fit in an int64. No
// real report comes near it; it exists so that absurd input is refused, never wrapped round.
var ErrOverflow = errors.New("amount out of range")

// RoundUp returns minutes rounded up to the next multiple of increment: with a 15-minute
// increment, 1 to 15 minutes give 15, 16 give 30, and 0 stays 0. Negative minutes and an
// increment below one minute are errors.
func RoundUp(minutes, increment int64) (int64, error) {
	if minutes < 0 || increment < 1 {
		return 0, fmt.Errorf("round %d minutes up to a multiple of %d: want minutes >= 0 and increment >= 1", minutes, increment)
	}
	rest := minutes % increment
	if rest == 0 {
		return minutes, nil
	}
	return add(minutes, increment-rest)
}

// Labour returns the price of minutes at perHour: minutes × perHour / 60, rounded half up
// to the cent, in integer arithmetic (128-bit intermediate, so no rate and duration that
// fit an int64 can overflow before the division).
func Labour(minutes int64, perHour directory.Money) (directory.Money, error) {
	if minutes < 0 || perHour < 0 {
		return 0, fmt.Errorf("price %d minutes at %s per hour: negative input", minutes, perHour)
	}
	q, err := mulDivHalfUp(minutes, int64(perHour), 60)
	if err != nil {
		return 0, fmt.Errorf("price %d minutes at %s per hour: %w", minutes, perHour, err)
	}
	return directory.Money(q), nil
}

// mulDivHalfUp returns a × b / d rounded half up, for a, b >= 0 and d >= 1.
func mulDivHalfUp(a, b, d int64) (int64, error) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	lo, carry := bits.Add64(lo, uint64(d/2), 0)
	hi += carry
	if hi >= uint64(d) { // the quotient would not fit in 64 bits
		return 0, ErrOverflow
	}
	q, _ := bits.Div64(hi, lo, uint64(d))
	if q > math.MaxInt64 {
		return 0, ErrOverflow
	}
	return int64(q), nil
}

// mul returns a × b for a, b >= 0.
func mul(a, b int64) (int64, error) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, ErrOverflow
	}
	return int64(lo), nil
}

// add returns a + b, refusing to wrap round.
func add(a, b int64) (int64, error) {
	if b > 0 && a > math.MaxInt64-b || b < 0 && a < math.MinInt64-b {
		return 0, ErrOverflow
	}
	return a + b, nil
}

// addMoney is add for cents.
func addMoney(a, b directory.Money) (directory.Money, error) {
	s, err := add(int64(a), int64(b))
	return directory.Money(s), err
}
