//go:build race

package wal

// raceEnabled trims the costliest loops of the tests under the race
// detector, which slows them tenfold.
const raceEnabled = true
