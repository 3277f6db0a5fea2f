package checkpoint

import (
	"errors"
	"sync/atomic"
	"time"
	"unsafe"

	"ringpg/pgerr"
	"ringpg/sem"
	"ringpg/shm"
)

// RegionName names the checkpoint request region of the segment.
const RegionName = "checkpoint"

// RegionSize is the region's size.
const RegionSize = 128

// requests is the region: how a backend asks for a checkpoint and learns
// that one it asked for is done.
type requests struct {
	requested atomic.Uint32 // atomic; bumped by each request, futex word the checkpointer sleeps on
	completed atomic.Uint32 // atomic; written only by the checkpointer: the requested count a finished checkpoint started after
	failed    atomic.Uint32 // atomic; written only by the checkpointer: the requested count whose checkpoint failed
	pid       atomic.Int32  // atomic; the checkpointer's pid, 0 when none runs
	_         int32         // keeps stats 8-byte aligned
	stats     sharedStats   // pg_stat_bgwriter's counters (stats.go)
}

// The region's layout must fit its size.
var _ [RegionSize - unsafe.Sizeof(requests{})]byte

func view(seg *shm.Segment) (*requests, error) {
	r := seg.Region(RegionName)
	if len(r) < int(unsafe.Sizeof(requests{})) {
		return nil, errors.New("checkpoint: the shared segment has no request region")
	}
	return (*requests)(unsafe.Pointer(&r[0])), nil
}

func word(a *atomic.Uint32) *uint32 { return (*uint32)(unsafe.Pointer(a)) }

// Request asks the checkpointer for a checkpoint and waits until one that
// started after the request has finished (the CHECKPOINT command).
// interrupt is polled while waiting (cancel, statement_timeout).
func Request(seg *shm.Segment, interrupt func() error) error {
	r, err := view(seg)
	if err != nil {
		return err
	}
	// The checkpointer may not have started yet (or be restarting): wait
	// for it a while, as PostgreSQL does.
	for deadline := time.Now().Add(60 * time.Second); r.pid.Load() == 0; {
		if time.Now().After(deadline) {
			return pgerr.New(pgerr.InternalError, "checkpoint request failed").
				WithHint("Consult recent messages in the server log for details.")
		}
		if interrupt != nil {
			if err := interrupt(); err != nil {
				return err
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	n := r.requested.Add(1)
	sem.FutexWake(word(&r.requested), 1)
	for {
		done := r.completed.Load()
		if int32(done-n) >= 0 {
			if f := r.failed.Load(); f != 0 && int32(f-n) >= 0 && f == done {
				return pgerr.New(pgerr.InternalError, "checkpoint request failed").
					WithHint("Consult recent messages in the server log for details.")
			}
			return nil
		}
		if interrupt != nil {
			if err := interrupt(); err != nil {
				return err
			}
		}
		sem.FutexWait(word(&r.completed), done, 100*time.Millisecond)
	}
}
