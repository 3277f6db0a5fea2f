package shm

import "sync/atomic"

// Counters are server-wide statistics every process may bump.
type Counters struct {
	SessionsStarted atomic.Uint64 // atomic; bumped by a backend per session
	Queries         atomic.Uint64 // atomic; bumped by a backend per simple or extended query
	Generation      atomic.Uint64 // atomic; written by the postmaster: crash-restarts survived before this segment
	QuitReason      atomic.Uint32 // atomic; written by the postmaster before it sends SIGQUIT: why children must quit
}

// Counters returns the segment's counters.
func (s *Segment) Counters() *Counters {
	return (*Counters)(s.at(s.layout.countersOff))
}
