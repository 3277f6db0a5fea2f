package transam

import (
	"slices"
	"time"
	"unsafe"

	"ringpg/sem"
)

// The transaction manager's side of the write-ahead log. Transam does not
// import the WAL: the process binds it with these setters, and the
// startup process replays commit records through RedoCommit.

// CommitLogger logs the commit of top-level xid top with its committed
// subtransactions and returns the record's end; wait says the commit must
// not be reported before the record is durable (synchronous_commit). An
// error aborts the transaction.
type CommitLogger func(top uint64, subs []uint64) (lsn uint64, wait bool, err error)

// SetCommitLogger makes Commit log commits through log, before the commit
// log says committed, and flush them through flush; flushed returns how
// far the WAL is durable. nil: commits are not logged.
//
// Early lock release. A synchronous commit is made durable after the
// commit log says committed and the transaction's waiters are woken, but
// before it leaves the running array:
//
//   - Snapshots still list it as running, so no reader sees its changes
//     before they are durable.
//   - A writer that was waiting for one of its row locks goes on at once
//     (it sees the commit log's committed, and its update follows the
//     newer version). Its own commit record comes later in the WAL, so
//     it cannot be durable without this one. So that no snapshot shows
//     its changes without this one's, it remembers the dependency and
//     leaves the running array only after this one has (Xact.deps).
//   - No hint bit says committed until the commit is durable (mayHint).
//
// A transaction holding a row lock wanted by the others (pgbench's branch
// row) thus holds it for its own work only, not for its fsync too, and
// the fsyncs of successive lock holders can be one (group commit).
func (m *Manager) SetCommitLogger(log CommitLogger, flush func(lsn uint64) error, flushed func() uint64) {
	m.logCommit, m.flushCommit, m.walFlushed = log, flush, flushed
}

// SetBeforeClogWrite makes every write of a commit log page first call f,
// which must make durable the WAL of every commit the page may record
// (with asynchronous commit the commit log can run ahead of the flushed
// WAL; a page saying committed must not reach disk before the record that
// says so). nil: no such rule.
func (m *Manager) SetBeforeClogWrite(f func() error) { m.clog.beforeWrite = f }

// RedoCommit replays a commit record: top and subs are committed.
func (m *Manager) RedoCommit(top uint64, subs []uint64) error {
	if len(subs) > 0 {
		if err := m.clogSet(subs, clogCommitted); err != nil {
			return err
		}
	}
	return m.clogSet([]uint64{top}, clogCommitted)
}

// noteAsync records an asynchronous commit's LSN (asyncLSN).
func (m *Manager) noteAsync(lsn uint64) {
	for {
		cur := m.hdr.asyncLSN.Load()
		if lsn <= cur || m.hdr.asyncLSN.CompareAndSwap(cur, lsn) {
			return
		}
	}
}

// mayHint reports whether a hint bit may say that committed xid committed:
// only once its commit is durable. A transaction still in the running
// array with the commit log saying committed is between its commit record
// and its flush (early lock release); asynchronous commits are mayHintAsync's.
func (m *Manager) mayHint(xid uint64) bool {
	if !m.mayHintAsync() {
		return false
	}
	running, err := m.isRunning(xid)
	return err == nil && !running
}

// actsOn notes that this transaction goes on from committed xid's work
// (it updates, deletes or checks a version xid made or ended) and
// reports whether a hint bit may say xid committed. While xid is between
// its commit record and leaving the running array, this transaction
// depends on it (SetCommitLogger).
func (x *Xact) actsOn(xid uint64) bool {
	m := x.m
	if m.walFlushed == nil {
		return true
	}
	running, err := m.isRunning(xid)
	if err != nil {
		return false
	}
	if running {
		if !slices.Contains(x.deps, xid) {
			x.deps = append(x.deps, xid)
		}
		return false
	}
	return m.mayHintAsync()
}

// waitDeps waits until every transaction this one depends on has left the
// running array. Each committed (its commit record is before ours, and
// our flush covered it) and is about to leave.
func (x *Xact) waitDeps() {
	m := x.m
	for _, xid := range x.deps {
		for {
			i, err := m.runningSlot(xid)
			if err != nil || i < 0 {
				break
			}
			p := &m.procs[i]
			p.sleepers.Add(1)
			seq := p.endSeq.Load()
			if j, _ := m.runningSlot(xid); j == i {
				sem.FutexWaitShort((*uint32)(unsafe.Pointer(&p.endSeq)), seq, 10*time.Millisecond)
			}
			p.sleepers.Add(^uint32(0))
		}
	}
	x.deps = x.deps[:0]
}

// mayHintAsync reports whether every asynchronous commit so far is
// durable (the WAL is flushed past asyncLSN): until then any committed
// xid may be one of them, and no hint bit may say committed.
func (m *Manager) mayHintAsync() bool {
	if m.walFlushed == nil {
		return true
	}
	a := m.hdr.asyncLSN.Load()
	return a == 0 || m.walFlushed() >= a
}

// dependsOn reports whether this transaction acted on xid's commit, or on
// its top-level transaction's.
func (x *Xact) dependsOn(xid uint64) bool {
	if slices.Contains(x.deps, xid) {
		return true
	}
	top, err := x.m.topOf(xid)
	return err == nil && top != 0 && top != xid && slices.Contains(x.deps, top)
}

// mayHintCommitted is mayHint for a snapshot's reader: xids its snapshot
// does not list as running have left the running array, except those
// its transaction acted on (XidInSnapshot), so only those and
// asynchronous commits can still be undurable.
func (s *Snapshot) mayHintCommitted(xid uint64) bool {
	if s.own != nil && len(s.own.deps) > 0 && s.own.dependsOn(xid) {
		return false
	}
	return s.m.mayHintAsync()
}
