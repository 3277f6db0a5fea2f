package transam

// The transaction manager's side of the write-ahead log. Transam does not
// import the WAL: the process binds it with these setters, and the
// startup process replays commit records through RedoCommit.

// CommitLogger logs the commit of top-level xid top with its committed
// subtransactions (and, for synchronous commit, waits until the record
// is durable). An error aborts the transaction.
type CommitLogger func(top uint64, subs []uint64) error

// SetCommitLogger makes Commit call f before the commit log says
// committed, as PostgreSQL writes (and flushes) the commit record before
// it updates pg_xact: a commit that other sessions can see is one the WAL
// can replay. nil: commits are not logged.
func (m *Manager) SetCommitLogger(f CommitLogger) { m.logCommit = f }

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
