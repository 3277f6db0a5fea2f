package main

import (
	"testing"
	"time"

	"ringpg/backend"
)

// The placeholders: a known auxiliary process runs until asked to stop, an
// unknown name is an error, and the startup process succeeds.
func TestAuxPlaceholders(t *testing.T) {
	if err := startupMain(&backend.AuxEnv{}); err != nil {
		t.Fatalf("startupMain: %v", err)
	}
	for _, args := range [][]string{{"bogus"}, nil, {"checkpointer", "extra"}} {
		if err := auxMain(args)(&backend.AuxEnv{}); err == nil {
			t.Errorf("auxMain(%q) accepted", args)
		}
	}
	for _, name := range []string{"checkpointer", "walwriter", "bgwriter"} {
		stop := make(chan struct{})
		done := make(chan error, 1)
		go func() { done <- auxMain([]string{name})(&backend.AuxEnv{Stop: stop}) }()
		select {
		case err := <-done:
			t.Fatalf("%s returned before Stop: %v", name, err)
		case <-time.After(20 * time.Millisecond):
		}
		close(stop)
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not return after Stop", name)
		}
	}
}
