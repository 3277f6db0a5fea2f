package main

import (
	"fmt"

	"ringpg/backend"
)

// This file is where the work of the startup process ("ringpg startup") and
// of the auxiliary processes ("ringpg aux NAME") plugs in; the postmaster
// (package loop) starts them and backend.AuxMain attaches them. The bodies
// below are placeholders.

// startupMain is the startup process's work: crash recovery. Returning nil
// lets the postmaster open for sessions; an error aborts the server.
func startupMain(env *backend.AuxEnv) error { return nil }

// auxMain returns the work of the auxiliary process named by args[0]. It
// must return once env.Stop is closed.
func auxMain(args []string) func(*backend.AuxEnv) error {
	if len(args) != 1 {
		return func(*backend.AuxEnv) error { return fmt.Errorf("usage: ringpg aux NAME") }
	}
	switch name := args[0]; name {
	case "checkpointer", "walwriter", "bgwriter":
		return func(env *backend.AuxEnv) error {
			<-env.Stop
			return nil
		}
	default:
		return func(*backend.AuxEnv) error { return fmt.Errorf("unknown auxiliary process %q", name) }
	}
}
