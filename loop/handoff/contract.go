package handoff

// The process contract between the postmaster and a backend: which
// descriptors a backend inherits (ExtraFiles order, fd 3 onwards) and which
// environment variable numbers its proc slot. The startup process and the
// auxiliary processes inherit the same descriptors and variable; their
// control socket carries only settings records (the first one at start, one
// more after each reload) and no notes.
const (
	FdSegment = 3 // the shared segment's memfd
	FdControl = 4 // the backend's end of its control socket
	FdDeath   = 5 // read end of the postmaster's death pipe

	EnvSlot = "RINGPG_PROC_SLOT"
)

// Quit reasons the postmaster stores in the segment's counters before it
// sends SIGQUIT, so that a backend tells its client the right story.
const (
	QuitForStop  = 1
	QuitForCrash = 2
)
