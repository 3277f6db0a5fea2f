package checkpoint

import (
	"sync/atomic"
	"time"

	"ringpg/shm"
)

// sharedStats are the checkpointer's and the background writer's
// counters behind pg_stat_bgwriter, in the request region. Each counter
// has one writer process (the checkpointer or the background writer);
// readers load them without a lock, so a row is not one snapshot.
type sharedStats struct {
	timed      atomic.Uint64 // atomic; checkpoints checkpoint_timeout started; checkpointer only
	requested  atomic.Uint64 // atomic; checkpoints a request or WAL volume started; checkpointer only
	written    atomic.Uint64 // atomic; buffers checkpoints wrote; checkpointer only
	writeMicro atomic.Uint64 // atomic; microseconds checkpoints spent writing buffers; checkpointer only
	syncMicro  atomic.Uint64 // atomic; microseconds checkpoints spent making files durable; checkpointer only
	cleaned    atomic.Uint64 // atomic; buffers the background writer wrote; bgwriter only
	maxWritten atomic.Uint64 // atomic; background writer rounds stopped at bgwriter_lru_maxpages; bgwriter only
	resetAt    atomic.Int64  // atomic; unix microseconds of the last reset (or the checkpointer's first start), 0: never
}

// Stats is what pg_stat_bgwriter shows of the checkpointer and the
// background writer since the server started (or the last reset).
type Stats struct {
	TimedCheckpoints     int64
	RequestedCheckpoints int64
	BuffersCheckpoint    int64
	WriteTime, SyncTime  time.Duration // spent by checkpoints writing buffers and syncing files
	BuffersClean         int64         // written by the background writer
	MaxWrittenClean      int64         // rounds the background writer stopped at its page limit
	Reset                time.Time     // zero: never
}

// ReadStats reads the counters (any process).
func ReadStats(seg *shm.Segment) (Stats, error) {
	r, err := view(seg)
	if err != nil {
		return Stats{}, err
	}
	st := &r.stats
	out := Stats{
		TimedCheckpoints:     int64(st.timed.Load()),
		RequestedCheckpoints: int64(st.requested.Load()),
		BuffersCheckpoint:    int64(st.written.Load()),
		WriteTime:            time.Duration(st.writeMicro.Load()) * time.Microsecond,
		SyncTime:             time.Duration(st.syncMicro.Load()) * time.Microsecond,
		BuffersClean:         int64(st.cleaned.Load()),
		MaxWrittenClean:      int64(st.maxWritten.Load()),
	}
	if us := st.resetAt.Load(); us != 0 {
		out.Reset = time.UnixMicro(us)
	}
	return out, nil
}

// ResetStats zeroes the counters and records now as their reset time
// (pg_stat_reset_shared('bgwriter')). A checkpoint or background writer
// round ending meanwhile may add its figures to either side of the reset.
func ResetStats(seg *shm.Segment, now time.Time) error {
	r, err := view(seg)
	if err != nil {
		return err
	}
	st := &r.stats
	for _, c := range []*atomic.Uint64{&st.timed, &st.requested, &st.written, &st.writeMicro, &st.syncMicro, &st.cleaned, &st.maxWritten} {
		c.Store(0)
	}
	st.resetAt.Store(now.UnixMicro())
	return nil
}

// RunStats is what one checkpoint did.
type RunStats struct {
	Written         int64
	Write, Sync     time.Duration
	Timed, Explicit bool // started by checkpoint_timeout; by a request or WAL volume
}

// count adds a finished checkpoint's figures (checkpointer only).
func (st *sharedStats) count(rs RunStats) {
	switch {
	case rs.Timed:
		st.timed.Add(1)
	case rs.Explicit:
		st.requested.Add(1)
	}
	st.written.Add(uint64(rs.Written))
	st.writeMicro.Add(uint64(rs.Write.Microseconds()))
	st.syncMicro.Add(uint64(rs.Sync.Microseconds()))
}

// countRound adds a background writer round that wrote written pages
// with a limit of maxPages (background writer only).
func (st *sharedStats) countRound(written, maxPages int) {
	if written > 0 {
		st.cleaned.Add(uint64(written))
	}
	if written >= maxPages {
		st.maxWritten.Add(1)
	}
}
