//go:build !race

package heap_test

const raceEnabled = false
