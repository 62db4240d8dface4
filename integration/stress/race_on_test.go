//go:build race

package stress

// crashWave is the number of mails delivered per round of the crash test: enough to keep the
// daemon busy through the kill window (50-600 ms) at the race detector's pace (~150 mails/s).
const crashWave = 70
