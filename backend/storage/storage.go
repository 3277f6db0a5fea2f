// Package storage binds the storage layers of one backend process
// together: the shared buffer pool (bufmgr) reads and writes through the
// relation file manager (smgr), and every page crossing between them is
// checked (checksum and header on read) and stamped (checksum on write)
// with the page package.
//
// It owns no state of its own; Open is called once per process, on the
// thread that will drive the file I/O ring (the backend's locked main
// thread).
package storage

import (
	"errors"
	"fmt"

	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/backend/storage/smgr"
	"ringpg/pgerr"
	"ringpg/shm"
)

// Open attaches this process (proc slot me) to the segment's buffer pool of
// nbuffers buffers, backed by the relation files under dataDir through
// ioMethod ("io_uring" or "sync"; io_uring falls back to sync when the
// kernel refuses it, and the fallback is returned as a non-nil note).
func Open(seg *shm.Segment, nbuffers int, me uint32, dataDir, ioMethod string) (*bufmgr.Pool, *smgr.Manager, error) {
	io, err := smgr.NewIO(ioMethod)
	var fb *smgr.FallbackError
	if err != nil && !errors.As(err, &fb) {
		return nil, nil, fmt.Errorf("storage: file I/O: %w", err)
	}
	pool, files, perr := OpenIO(seg, nbuffers, me, dataDir, io, Hooks())
	if perr != nil {
		return nil, nil, perr
	}
	return pool, files, err
}

// OpenIO is Open with the process's file I/O engine already made (the
// WAL shares it) and the pool's hooks given: Hooks(), plus the WAL's
// (package xlog).
func OpenIO(seg *shm.Segment, nbuffers int, me uint32, dataDir string, io smgr.IO, h bufmgr.Hooks) (*bufmgr.Pool, *smgr.Manager, error) {
	region := seg.Region(bufmgr.RegionName)
	if region == nil {
		return nil, nil, errors.New("storage: the shared segment has no buffer pool")
	}
	files := smgr.New(dataDir, io)
	pool, err := bufmgr.Attach(region, nbuffers, seg.Waiters(), me, files2pool{files}, h)
	if err != nil {
		files.Close()
		return nil, nil, err
	}
	return pool, files, nil
}

// Hooks checks pages read into the pool and stamps checksums on the copies
// written out. The WAL rule hook waits for the WAL.
func Hooks() bufmgr.Hooks {
	return bufmgr.Hooks{
		Verify: func(t bufmgr.Tag, p []byte) error {
			if err := page.Page(p).Verify(t.Block); err != nil {
				return pgerr.New(pgerr.DataCorrupted, "invalid page in block %d of relation %s", t.Block,
					locator(t).Path(smgr.Fork(t.Fork))).WithDetail("%s", pgerr.From(err).Message)
			}
			return nil
		},
		BeforeWrite: func(t bufmgr.Tag, p []byte) {
			page.Page(p).SetChecksum(t.Block)
		},
	}
}

func locator(t bufmgr.Tag) smgr.RelFileLocator {
	return smgr.RelFileLocator{Spc: t.Spc, DB: t.DB, Rel: t.Rel}
}

// files2pool adapts the relation file manager to the pool's Storage.
type files2pool struct{ m *smgr.Manager }

func (s files2pool) Read(t bufmgr.Tag, buf []byte) error {
	return s.m.Read(locator(t), smgr.Fork(t.Fork), t.Block, buf)
}

func (s files2pool) Write(t bufmgr.Tag, buf []byte) error {
	return s.m.Write(locator(t), smgr.Fork(t.Fork), t.Block, buf)
}

func (s files2pool) Extend(rf bufmgr.RelFork, blk uint32, buf []byte) error {
	r := smgr.RelFileLocator{Spc: rf.Spc, DB: rf.DB, Rel: rf.Rel}
	if blk == 0 && !s.m.Exists(r, smgr.Fork(rf.Fork)) {
		if err := s.m.Create(r, smgr.Fork(rf.Fork)); err != nil {
			return err
		}
	}
	return s.m.Extend(r, smgr.Fork(rf.Fork), blk, buf)
}

// ExtendZeros adds zeroed blocks (smgr ExtendZeros), creating the fork
// when blk is 0, as Extend does.
func (s files2pool) ExtendZeros(rf bufmgr.RelFork, blk, n uint32) (uint32, error) {
	r := smgr.RelFileLocator{Spc: rf.Spc, DB: rf.DB, Rel: rf.Rel}
	if blk == 0 && !s.m.Exists(r, smgr.Fork(rf.Fork)) {
		if err := s.m.Create(r, smgr.Fork(rf.Fork)); err != nil {
			return 0, err
		}
	}
	return s.m.ExtendZeros(r, smgr.Fork(rf.Fork), blk, n)
}

func (s files2pool) Nblocks(rf bufmgr.RelFork) (uint32, error) {
	r := smgr.RelFileLocator{Spc: rf.Spc, DB: rf.DB, Rel: rf.Rel}
	if !s.m.Exists(r, smgr.Fork(rf.Fork)) {
		return 0, nil
	}
	return s.m.Nblocks(r, smgr.Fork(rf.Fork))
}

// ReadBatch reads several blocks as one submission (smgr.ReadV).
func (s files2pool) ReadBatch(tags []bufmgr.Tag, bufs [][]byte, errs []error) {
	reqs := make([]smgr.Req, len(tags))
	for i, t := range tags {
		reqs[i] = smgr.Req{Rel: locator(t), Fork: smgr.Fork(t.Fork), Block: t.Block, Buf: bufs[i]}
	}
	s.m.ReadV(reqs)
	for i := range reqs {
		errs[i] = reqs[i].Err
	}
}
