package wal

import "time"

// Stats are the counters of pg_stat_wal, over every process since the
// region was created.
type Stats struct {
	Records     uint64        // wal_records
	FPI         uint64        // wal_fpi: full-page images
	Bytes       uint64        // wal_bytes: record bytes (headers included, page headers and padding not)
	BuffersFull uint64        // wal_buffers_full: an inserter had to write buffers out to get one
	Writes      uint64        // wal_write: write requests
	Syncs       uint64        // wal_sync: syncs (a linked write+sync counts as a write and a sync)
	WriteTime   time.Duration // wal_write_time: time in writes that were not followed by a linked sync
	SyncTime    time.Duration // wal_sync_time: time in syncs, linked writes included
}

// statsBatch is how many records a process inserts before it adds its
// counts to the shared counters (it also does at each Flush, Write,
// Stats and Close), so pg_stat_wal may lag by that much per process.
const statsBatch = 64

// publishStats adds this process's pending counts to the shared ones.
func (w *WAL) publishStats() {
	p := &w.pending
	if p.records == 0 {
		return
	}
	s := &w.c.stats
	s.records.Add(p.records)
	s.bytes.Add(p.bytes)
	if p.fpi != 0 {
		s.fpi.Add(p.fpi)
	}
	*p = struct{ records, bytes, fpi uint64 }{}
}

// Stats returns the counters, this process's latest records included.
// Each is read atomically; together they are not one snapshot.
func (w *WAL) Stats() Stats {
	w.publishStats()
	s := &w.c.stats
	return Stats{
		Records:     s.records.Load(),
		FPI:         s.fpi.Load(),
		Bytes:       s.bytes.Load(),
		BuffersFull: s.buffersFull.Load(),
		Writes:      s.writes.Load(),
		Syncs:       s.syncs.Load(),
		WriteTime:   time.Duration(s.writeNanos.Load()),
		SyncTime:    time.Duration(s.syncNanos.Load()),
	}
}
