package xlog

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"ringpg/backend/access/wal"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/smgr"
	"ringpg/serverlog"
	"ringpg/settings"
	"ringpg/shm"
)

// SegmentSize is wal_segment_size: fixed, as PostgreSQL's is after initdb.
const SegmentSize = wal.DefaultSegmentSize

// Buffers returns wal_buffers in pages, resolving PostgreSQL's -1.
func Buffers(set *settings.Set) int {
	n := int(set.Int("wal_buffers"))
	if n <= 0 {
		n = wal.AutoBuffers(int(set.SharedBuffers()), SegmentSize)
	}
	return max(n, 4)
}

// Config returns the WAL settings of set for the data directory dataDir.
// With wal_io_method = direct (the default) the WAL's writes and syncs are
// system calls made directly on the calling thread (smgr.DirectIO, which
// says why: every process that writes WAL runs one goroutine that waits
// for the write anyway); with io_uring they go through io, the process's
// file engine, when that is a ring.
func Config(set *settings.Set, dataDir string, io smgr.IO) wal.Config {
	method, _ := set.Show("wal_sync_method")
	return wal.Config{
		Dir:            WALDir(dataDir),
		Buffers:        Buffers(set),
		SegmentSize:    SegmentSize,
		Fsync:          set.Bool("fsync"),
		SyncMethod:     method,
		FullPageWrites: set.Bool("full_page_writes"),
		CommitDelay:    time.Duration(set.Int("commit_delay")) * time.Microsecond,
		CommitSiblings: int(set.Int("commit_siblings")),
		FS:             &wal.OSFS{IO: walIO(set, io)},
	}
}

// walIO is the engine the WAL writes through under wal_io_method.
func walIO(set *settings.Set, io smgr.IO) smgr.IO {
	if set.WALIOMethod() == settings.WALIOIOUring && io != nil && io.Method() == smgr.MethodIOUring {
		return io
	}
	return smgr.NewDirectIO()
}

// WALDir is where a data directory keeps its WAL segments.
func WALDir(dataDir string) string { return filepath.Join(dataDir, "pg_wal") }

// Log is one process's handle on the server's WAL.
type Log struct {
	w       *wal.WAL
	dataDir string

	b     wal.Builder
	delta []byte // the deltas of the record being built
	offs  []int  // where each block's data starts in delta

	commitBuf []byte // a commit record's main data
	started   bool   // Recover started the WAL (the startup process only)
	fpw       bool   // full_page_writes
	hintBuf   []byte // the private copy LogHint images
}

// Attach returns this process's handle on the WAL region of seg (proc
// slot me). The WAL may not be started yet (the startup process starts
// it); logging before that fails.
func Attach(seg *shm.Segment, me int, cfg wal.Config) (*Log, error) {
	region := seg.Region(wal.RegionName)
	if region == nil {
		return nil, fmt.Errorf("xlog: the shared segment has no WAL region")
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("could not create directory \"%s\": %w", cfg.Dir, err)
	}
	w, err := wal.Attach(region, cfg, seg.Waiters(), uint32(me))
	if err != nil {
		return nil, err
	}
	return &Log{w: w, dataDir: filepath.Dir(cfg.Dir), fpw: cfg.FullPageWrites}, nil
}

// WAL returns the underlying handle.
func (l *Log) WAL() *wal.WAL { return l.w }

// Close closes the handle's open segment file.
func (l *Log) Close() error { return l.w.Close() }

// Hooks adds the WAL's hooks to h: the WAL rule before a page write, and
// the logging of page changes.
func (l *Log) Hooks(h bufmgr.Hooks) bufmgr.Hooks {
	h.FlushWAL = func(lsn uint64) error { return l.w.Flush(wal.LSN(lsn)) }
	h.NeedsWALFlush = func(lsn uint64) bool { return wal.LSN(lsn) > l.w.FlushedUpTo() }
	h.LogChanges = l.LogChanges
	h.LogHint = l.LogHint
	return h
}

// WriterHooks adds only the WAL rule to h: for processes that write pages
// but never change them (checkpointer, background writer).
func (l *Log) WriterHooks(h bufmgr.Hooks) bufmgr.Hooks {
	h.FlushWAL = func(lsn uint64) error { return l.w.Flush(wal.LSN(lsn)) }
	h.NeedsWALFlush = func(lsn uint64) bool { return wal.LSN(lsn) > l.w.FlushedUpTo() }
	return h
}

// fatal ends the process after a failure that leaves the WAL unusable
// or a commit's fate unknown (PostgreSQL's PANIC): the postmaster sees a
// crash and restarts the server, whose recovery replays what reached the
// disk. Tests replace it.
var fatal = func(format string, args ...any) {
	serverlog.Logf(serverlog.Panic, format, args...)
	os.Exit(3)
}
