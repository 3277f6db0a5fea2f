// Package checkpoint writes the shared state of a server out to its files
// and makes them durable: every dirty page of the buffer pool, the commit
// log, then an fsync of every relation file and directory it may have
// touched. It is the shutdown checkpoint, run by the postmaster once its
// backends have exited; until the WAL exists it is also the only point at
// which recent changes reach disk other than page evictions.
//
// It touches the buffer pool (as one more process attached to it), the
// transaction manager's region and the data directory's files; it must run
// when no backend is running, because it borrows proc slot 0.
package checkpoint

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"ringpg/backend/access/transam"
	"ringpg/backend/storage"
	"ringpg/shm"
)

// Shutdown flushes the buffer pool and the commit log of seg into dataDir
// and fsyncs what they wrote.
func Shutdown(seg *shm.Segment, nbuffers int, dataDir string) error {
	const slot = 0 // free: every backend has exited
	pool, files, err := storage.Open(seg, nbuffers, slot, dataDir, "sync")
	if pool == nil {
		return fmt.Errorf("checkpoint: attaching the buffer pool: %w", err)
	}
	defer files.Close()
	var errs []error
	if err := pool.FlushAll(); err != nil {
		errs = append(errs, fmt.Errorf("checkpoint: writing buffers: %w", err))
	}
	tm, err := transam.Attach(seg, dataDir, slot)
	if err != nil {
		errs = append(errs, fmt.Errorf("checkpoint: commit log: %w", err))
	} else {
		if err := tm.Flush(); err != nil {
			errs = append(errs, fmt.Errorf("checkpoint: writing the commit log: %w", err))
		}
		tm.Close()
	}
	for _, d := range []string{"base", "global", "pg_xact"} {
		if err := SyncTree(filepath.Join(dataDir, d)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
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
