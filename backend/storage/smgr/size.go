package smgr

import (
	"errors"

	"golang.org/x/sys/unix"

	"ringpg/pgerr"
)

// Nblocks returns the number of blocks in fork f of r: the full segments
// and the blocks of the partial one. A trailing partial block (a torn
// extension) is not counted, as in PostgreSQL.
func (m *Manager) Nblocks(r RelFileLocator, f Fork) (uint32, error) {
	if f >= numForks {
		return 0, badFork(f)
	}
	m.gen++
	fk := forkKey{r, f}
	seg := m.fullSegs[fk]
	for {
		fd, err := m.open(r, f, seg, mustExist)
		if err != nil {
			if seg > 0 && errors.Is(err, unix.ENOENT) {
				// The segments before were full; this one was never made.
				return seg * m.segBlocks, nil
			}
			return 0, err
		}
		size, err := m.fileSize(fd, r, f, seg)
		if err != nil {
			return 0, err
		}
		n := uint32(min(size/BlockSize, int64(m.segBlocks)+1))
		if n > m.segBlocks {
			return 0, pgerr.New(codeDataCorrupted, "file \"%s\" is %d bytes, more than a segment of %d blocks",
				r.segPath(f, seg), size, m.segBlocks)
		}
		if n < m.segBlocks {
			return seg*m.segBlocks + n, nil
		}
		if uint64(seg+1)*uint64(m.segBlocks) >= uint64(InvalidBlock) {
			// As many blocks as a fork can number; nothing can follow.
			return InvalidBlock, nil
		}
		seg++
		if m.fullSegs == nil {
			m.fullSegs = make(map[forkKey]uint32)
		}
		m.fullSegs[fk] = seg
	}
}

// Extend writes buf as block blk of fork f of r, which must be the
// fork's current size (Nblocks): a fork grows one block at a time, at its
// end, and crosses into a new segment file when the last one is full.
// Out of space, it fails with 53100 "could not extend file" and leaves
// the fork as it was.
func (m *Manager) Extend(r RelFileLocator, f Fork, blk uint32, buf []byte) error {
	if err := checkBuf(buf); err != nil {
		return err
	}
	fd, seg, off, err := m.extendAt(r, f, blk)
	if err != nil {
		return err
	}
	m.ops = append(m.ops[:0], Op{Kind: OpWrite, Fd: fd, Buf: buf, Off: off})
	defer m.clearOps()
	if err := m.io.Do(m.ops); err != nil {
		return m.engineError(err, r, f, seg)
	}
	if op := &m.ops[0]; op.Err != nil {
		// Take back a partly written block so that the fork keeps its
		// size and the extension can be retried.
		unix.Ftruncate(fd, off)
		return extendError(op.Err, r, f, seg)
	}
	return nil
}

// ExtendZeros adds up to n zeroed blocks to fork f of r from block blk,
// which must be the fork's current size (Nblocks), and returns how many
// it added: at least one, and never past the end of blk's segment. The
// space is allocated (fallocate) rather than written, one system call for
// all the blocks; a file system without fallocate gets the blocks written
// one by one. Out of space, it fails with 53100 "could not extend file"
// and leaves the fork as it was.
func (m *Manager) ExtendZeros(r RelFileLocator, f Fork, blk, n uint32) (uint32, error) {
	if n == 0 {
		return 0, nil
	}
	fd, seg, off, err := m.extendAt(r, f, blk)
	if err != nil {
		return 0, err
	}
	n = min(n, m.segBlocks-blk%m.segBlocks)
	for {
		err = unix.Fallocate(fd, 0, off, int64(n)*BlockSize)
		if err != unix.EINTR {
			break
		}
	}
	switch {
	case err == nil:
		return n, nil
	case errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.ENOSYS):
		if err := m.Extend(r, f, blk, make([]byte, BlockSize)); err != nil {
			return 0, err
		}
		return 1, nil
	}
	// Take back whatever was allocated: the fork keeps its size.
	unix.Ftruncate(fd, off)
	return 0, extendError(err, r, f, seg)
}

// extendError is the error of a failed extension of segment seg.
func extendError(err error, r RelFileLocator, f Fork, seg uint32) error {
	e := sysError(err, "could not extend file \"%s\"", r.segPath(f, seg))
	pgerr.From(e).Hint = "Check free disk space."
	return e
}

// extendAt checks that blk is the end of fork f of r and returns the
// file descriptor of its segment (created when blk starts a new one), the
// segment, and blk's offset in it.
func (m *Manager) extendAt(r RelFileLocator, f Fork, blk uint32) (fd int, seg uint32, off int64, err error) {
	if f >= numForks {
		return 0, 0, 0, badFork(f)
	}
	m.gen++
	seg, off = m.locate(blk)
	if blk == InvalidBlock {
		return 0, 0, 0, pgerr.New(codeProgramLimitExceeded, "cannot extend file \"%s\" beyond %d blocks", r.segPath(f, seg), InvalidBlock)
	}
	// blk must be the end of the fork. Checking the one segment it lands
	// in (and, at a boundary, that the one before is full) is enough,
	// given the layout invariant, and costs an fstat rather than a walk.
	if seg > 0 && off == 0 {
		prev, err := m.open(r, f, seg-1, mustExist)
		if errors.Is(err, unix.ENOENT) {
			return 0, 0, 0, m.notAtEnd(r, f, blk)
		}
		if err != nil {
			return 0, 0, 0, err
		}
		size, err := m.fileSize(prev, r, f, seg-1)
		if err != nil {
			return 0, 0, 0, err
		}
		if size/BlockSize != int64(m.segBlocks) {
			return 0, 0, 0, m.notAtEnd(r, f, blk)
		}
	}
	// Only a new segment is created here: if blk lies inside one, that
	// segment must exist already.
	mode := mustExist
	if off == 0 {
		mode = orCreate
	}
	fd, err = m.open(r, f, seg, mode)
	if err != nil {
		if mode == mustExist && errors.Is(err, unix.ENOENT) {
			return 0, 0, 0, m.notAtEnd(r, f, blk)
		}
		return 0, 0, 0, err
	}
	size, err := m.fileSize(fd, r, f, seg)
	if err != nil {
		return 0, 0, 0, err
	}
	if size/BlockSize != off/BlockSize {
		return 0, 0, 0, m.notAtEnd(r, f, blk)
	}
	return fd, seg, off, nil
}

func (m *Manager) notAtEnd(r RelFileLocator, f Fork, blk uint32) error {
	n, err := m.Nblocks(r, f)
	if err != nil {
		return err
	}
	return pgerr.New(pgerr.InternalError, "could not extend file \"%s\" at block %d: it has %d blocks",
		r.Path(f), blk, n)
}

// Truncate cuts fork f of r down to nblocks blocks. Segments wholly past
// the new end are truncated to zero length and kept (see the package
// documentation); the segment holding the new end is cut there. It works
// from the last segment back, so a crash half way leaves a valid layout.
func (m *Manager) Truncate(r RelFileLocator, f Fork, nblocks uint32) error {
	if f >= numForks {
		return badFork(f)
	}
	cur, err := m.Nblocks(r, f)
	if err != nil {
		return err
	}
	if nblocks > cur {
		return pgerr.New(pgerr.InternalError, "could not truncate file \"%s\" to %d blocks: it's only %d blocks now",
			r.Path(f), nblocks, cur)
	}
	if nblocks == cur {
		return nil
	}
	m.gen++
	m.forgetSize(r, f)
	last := (cur - 1) / m.segBlocks
	for seg := int64(last); seg >= 0; seg-- {
		prior := uint32(seg) * m.segBlocks
		if prior+m.segBlocks <= nblocks {
			break // this segment and the ones before keep all their blocks
		}
		keep := int64(0)
		if nblocks > prior {
			keep = int64(nblocks-prior) * BlockSize
		}
		fd, err := m.open(r, f, uint32(seg), mustExist)
		if err != nil {
			return err
		}
		for {
			err = unix.Ftruncate(fd, keep)
			if err != unix.EINTR {
				break
			}
		}
		if err != nil {
			return sysError(err, "could not truncate file \"%s\" to %d blocks", r.segPath(f, uint32(seg)), keep/BlockSize)
		}
	}
	return nil
}
