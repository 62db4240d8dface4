//go:build race

package parse

// raceEnabled: the race detector slows byte-heavy tests about thirtyfold.
const raceEnabled = true
