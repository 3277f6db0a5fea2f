package main

import (
	"testing"

	"ringpg/backend"
)

// An unknown auxiliary process name, or a wrong argument count, is an
// error (the real ones run in every end-to-end test).
func TestAuxUnknown(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, nil, {"checkpointer", "extra"}} {
		if err := auxMain(args)(&backend.AuxEnv{}); err == nil {
			t.Errorf("auxMain(%q) accepted", args)
		}
	}
}
