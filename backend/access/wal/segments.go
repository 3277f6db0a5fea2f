package wal

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
)

// Preallocate makes sure the n segments after the one holding the insert
// position exist (zero-filled), so that the writer, who holds the write
// lock while it creates a missing segment, finds them ready. The
// checkpointer or WAL writer calls it in the background.
func (w *WAL) Preallocate(n int) error {
	cur := uint64(w.InsertPos()) / w.g.segSize
	for s := cur; s <= cur+uint64(n); s++ {
		if err := createSegment(w.fs, w.cfg.Dir, s, int(w.g.segSize)); err != nil {
			return err
		}
	}
	return nil
}

// RecycleSegments disposes of every segment wholly before the one holding
// keep (the redo point of the last checkpoint: replay never reads
// before it). Up to maxFuture segments past the insert position are kept
// as future segments, by renaming old ones to their names (their stale
// pages carry old addresses, which a reader takes for the end of the
// WAL); the others are removed. It returns how many were recycled and
// removed.
func (w *WAL) RecycleSegments(keep LSN, maxFuture int) (recycled, removed int, err error) {
	segSize := int(w.g.segSize)
	segs, err := segmentsIn(w.cfg.Dir, segSize)
	if err != nil {
		return 0, 0, err
	}
	slices.Sort(segs)
	keepSeg := uint64(keep) / w.g.segSize
	cur := uint64(w.InsertPos()) / w.g.segSize
	future := cur + 1
	limit := cur + uint64(maxFuture)
	for _, s := range segs {
		if s >= keepSeg {
			break
		}
		old := filepath.Join(w.cfg.Dir, SegmentName(s, segSize))
		done := false
		for ; future <= limit && !done; future++ {
			err := w.fs.Rename(old, filepath.Join(w.cfg.Dir, SegmentName(future, segSize)))
			switch {
			case err == nil:
				recycled++
				done = true
			case errors.Is(err, fs.ErrExist):
				// That one is there already: try the next name.
			default:
				return recycled, removed, err
			}
		}
		if !done {
			if err := w.fs.Remove(old); err != nil && !isNotExist(err) {
				return recycled, removed, err
			}
			removed++
		}
	}
	if recycled+removed > 0 {
		err = w.fs.SyncDir(w.cfg.Dir)
	}
	return recycled, removed, err
}
