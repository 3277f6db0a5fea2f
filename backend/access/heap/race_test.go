//go:build race

package heap_test

const raceEnabled = true
