package main

import (
	"fmt"

	"ringpg/backend"
	"ringpg/backend/autovacuum"
)

// The startup process ("ringpg startup") and the auxiliary processes
// ("ringpg aux NAME") are started by the postmaster (package loop) and
// attached by backend.AuxMain; their work is in walprocs.go.

// startupMain is the startup process's work: crash recovery. Returning nil
// lets the postmaster open for sessions; an error aborts the server.
func startupMain(env *backend.AuxEnv) error { return recoveryMain(env) }

// auxMain returns the work of the auxiliary process named by args[0]. It
// returns once env.Stop is closed.
func auxMain(args []string) func(*backend.AuxEnv) error {
	if len(args) != 1 {
		return func(*backend.AuxEnv) error { return fmt.Errorf("usage: ringpg aux NAME") }
	}
	switch name := args[0]; name {
	case "checkpointer":
		return checkpointerMain
	case "walwriter":
		return walWriterMain
	case "bgwriter":
		return bgWriterMain
	case "autovacuum":
		return autovacuum.Main
	default:
		return func(*backend.AuxEnv) error { return fmt.Errorf("unknown auxiliary process %q", name) }
	}
}
