// Package checkpoint writes the shared state of a server out to its files
// and makes it durable, so that crash recovery can start from a later
// point of the WAL: every dirty page of the buffer pool, the WAL up to
// the insert position, the commit log, then an fsync of every relation
// file; then the checkpoint record and the control file (package xlog
// owns the records). It also holds the request region through which a
// backend's CHECKPOINT asks the checkpointer process for one and waits
// (request.go), the checkpointer's loop (serve.go), and the checkpointer's
// and background writer's counters behind pg_stat_bgwriter (stats.go).
//
// It touches the buffer pool (as one more process attached to it, with
// the WAL rule), the transaction manager's region, the WAL and the data
// directory's files. One process at a time runs checkpoints: the startup
// process (end of recovery) before any other runs, then the checkpointer,
// then, once every other process has exited, the postmaster (shutdown).
package checkpoint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"ringpg/backend/access/transam"
	"ringpg/backend/access/wal"
	"ringpg/backend/access/xlog"
	"ringpg/backend/storage"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/smgr"
	"ringpg/serverlog"
	"ringpg/settings"
	"ringpg/shm"
)

// Kind says why a checkpoint runs; it is logged as PostgreSQL logs it.
type Kind int

const (
	Shutdown      Kind = iota // at a clean shutdown: nothing runs after it
	EndOfRecovery             // at the end of the startup process
	Timed                     // checkpoint_timeout passed
	WALVolume                 // max_wal_size
	Requested                 // the CHECKPOINT command
)

func (k Kind) String() string {
	return [...]string{"shutdown immediate", "end-of-recovery immediate", "time", "wal", "immediate force wait"}[k]
}

// Checkpointer does checkpoints for one process.
type Checkpointer struct {
	Pool    *bufmgr.Pool // attached with the WAL rule (xlog's WriterHooks)
	TM      *transam.Manager
	Log     *xlog.Log
	DataDir string
	// FutureSegments is how many old WAL segments are kept, renamed,
	// for reuse ahead of the insert position (min_wal_size).
	FutureSegments int
	// LogCheckpoints logs each checkpoint's start and end (log_checkpoints).
	LogCheckpoints bool

	files *smgr.Manager // closed by Close, when Open made it
	// Last is what the last successful Run did (pg_stat_bgwriter's
	// figures, which the checkpointer's loop adds up).
	Last RunStats
}

// Run does one checkpoint and returns its redo point.
func (c *Checkpointer) Run(kind Kind) (wal.LSN, error) {
	start := time.Now()
	if c.LogCheckpoints {
		serverlog.Printf("checkpoint starting: %s", kind)
	}
	w := c.Log.WAL()
	redo := w.SetRedo(0)
	before := c.Pool.Stats().Writes
	if err := c.Pool.FlushAll(); err != nil {
		return 0, fmt.Errorf("checkpoint: writing buffers: %w", err)
	}
	written := c.Pool.Stats().Writes - before
	writeEnd := time.Now()
	// The commit log may say committed for asynchronous commits whose
	// records are not yet durable: flush them before it is written.
	if err := w.Flush(w.InsertPos()); err != nil {
		return 0, fmt.Errorf("checkpoint: flushing WAL: %w", err)
	}
	if err := c.TM.Flush(); err != nil {
		return 0, fmt.Errorf("checkpoint: writing the commit log: %w", err)
	}
	for _, d := range []string{"base", "global"} {
		if err := SyncTree(filepath.Join(c.DataDir, d)); err != nil {
			return 0, err
		}
	}
	syncTime := time.Since(writeEnd)
	ckpt, err := c.Log.LogCheckpoint(redo, c.TM.NextXid(), 0, kind == Shutdown)
	if err != nil {
		return 0, err
	}
	path := wal.ControlPath(c.DataDir)
	ctl, err := wal.ReadControl(path)
	if err != nil {
		return 0, err
	}
	ctl.Checkpoint, ctl.Redo, ctl.NextXid, ctl.Time = ckpt, redo, c.TM.NextXid(), time.Now()
	ctl.State = wal.DBInProduction
	if kind == Shutdown {
		ctl.State = wal.DBShutdowned
	}
	if err := wal.WriteControl(path, ctl); err != nil {
		return 0, err
	}
	recycled, removed, err := w.RecycleSegments(redo, max(c.FutureSegments, 1))
	if err != nil {
		serverlog.Warnf("could not recycle WAL segments: %v", err)
	}
	if kind != Shutdown {
		if err := w.Preallocate(1); err != nil {
			serverlog.Warnf("could not preallocate a WAL segment: %v", err)
		}
	}
	c.Last = RunStats{Written: int64(written), Write: writeEnd.Sub(start), Sync: syncTime,
		Timed: kind == Timed, Explicit: kind == Requested || kind == WALVolume}
	if c.LogCheckpoints {
		serverlog.Printf("checkpoint complete: wrote %d buffers (%.1f%%); %d WAL file(s) added, %d removed, %d recycled; total=%.3f s; redo lsn=%s",
			written, 100*float64(written)/float64(c.Pool.NBuffers()), 0, removed, recycled, time.Since(start).Seconds(), redo)
	}
	return redo, nil
}

// Open attaches this process (proc slot slot) to what a checkpoint needs,
// with the WAL rule on page writes and plain system calls for I/O.
// Close releases it.
func Open(seg *shm.Segment, set *settings.Set, slot int) (*Checkpointer, error) {
	dataDir := set.DataDirectory()
	lg, err := xlog.Attach(seg, slot, xlog.Config(set, dataDir, nil))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: attaching the WAL: %w", err)
	}
	pool, files, err := storage.OpenIO(seg, int(set.SharedBuffers()), uint32(slot), dataDir, smgr.NewSyncIO(), lg.WriterHooks(storage.Hooks()))
	if err != nil {
		lg.Close()
		return nil, fmt.Errorf("checkpoint: attaching the buffer pool: %w", err)
	}
	tm, err := transam.Attach(seg, dataDir, slot)
	if err != nil {
		files.Close()
		lg.Close()
		return nil, fmt.Errorf("checkpoint: commit log: %w", err)
	}
	tm.SetBeforeClogWrite(func() error { return lg.WAL().Flush(lg.WAL().InsertPos()) })
	return &Checkpointer{Pool: pool, TM: tm, Log: lg, DataDir: dataDir, files: files,
		FutureSegments: FutureSegments(set), LogCheckpoints: set.Bool("log_checkpoints")}, nil
}

// FutureSegments is how many recycled segments min_wal_size keeps.
func FutureSegments(set *settings.Set) int {
	return max(int(set.Int("min_wal_size")<<20/xlog.SegmentSize), 2)
}

// Close releases what Open attached.
func (c *Checkpointer) Close() {
	if c.files != nil {
		c.files.Close()
	}
	c.TM.Close()
	c.Log.Close()
}

// ShutdownCheckpoint is the postmaster's last act after a clean shutdown,
// once every other process has exited (it borrows proc slot 0).
func ShutdownCheckpoint(seg *shm.Segment, set *settings.Set) error {
	c, err := Open(seg, set, 0)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Run(Shutdown)
	return err
}

// SyncTree fsyncs every regular file under dir, then every directory
// (children before parents, so that new entries are durable).
func SyncTree(dir string) error {
	var dirs []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, path)
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return syncPath(path)
	})
	if err != nil {
		return fmt.Errorf("checkpoint: syncing %s: %w", dir, err)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if err := syncPath(dirs[i]); err != nil {
			return fmt.Errorf("checkpoint: syncing %s: %w", dirs[i], err)
		}
	}
	return nil
}

func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil // unlinked meanwhile
		}
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
