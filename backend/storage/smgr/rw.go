package smgr

import (
	"errors"

	"golang.org/x/sys/unix"

	"ringpg/pgerr"
)

// Read reads block blk of fork f of r into buf (BlockSize bytes). A block
// past the end of the file is an XX001 error: could not read block %d in
// file "%s": read only %d of %d bytes.
func (m *Manager) Read(r RelFileLocator, f Fork, blk uint32, buf []byte) error {
	if err := checkBuf(buf); err != nil {
		return err
	}
	if f >= numForks {
		return badFork(f)
	}
	m.gen++
	seg, off := m.locate(blk)
	fd, err := m.open(r, f, seg, mustExist)
	if err != nil {
		return err
	}
	m.ops = append(m.ops[:0], Op{Kind: OpRead, Fd: fd, Buf: buf, Off: off})
	defer m.clearOps()
	if err := m.io.Do(m.ops); err != nil {
		return m.engineError(err, r, f, seg)
	}
	return m.readResult(&m.ops[0], r, f, blk)
}

// readResult turns a finished read of block blk into its error, if any.
func (m *Manager) readResult(op *Op, r RelFileLocator, f Fork, blk uint32) error {
	seg, _ := m.locate(blk)
	if op.Err != nil {
		return sysError(op.Err, "could not read block %d in file \"%s\"", blk, r.segPath(f, seg))
	}
	if op.N != BlockSize {
		return pgerr.New(codeDataCorrupted, "could not read block %d in file \"%s\": read only %d of %d bytes",
			blk, r.segPath(f, seg), op.N, BlockSize)
	}
	return nil
}

func (m *Manager) engineError(err error, r RelFileLocator, f Fork, seg uint32) error {
	return &fileError{
		pg:    pgerr.New(codeIOError, "could not access file \"%s\": %v", r.segPath(f, seg), err),
		errno: unix.EIO,
	}
}

// clearOps drops the scratch ops' references to the caller's buffers.
func (m *Manager) clearOps() {
	clear(m.ops)
	m.ops = m.ops[:0]
	m.opReq = m.opReq[:0]
}

// Req is one block of a ReadV or WriteV.
type Req struct {
	Rel   RelFileLocator
	Fork  Fork
	Block uint32
	Buf   []byte // BlockSize bytes
	Err   error  // set by ReadV/WriteV: why this block failed, or nil
}

// ReadV reads several blocks, possibly of different relations, submitting
// them to the IO engine as one batch (on io_uring all are in flight at
// once, one system call for the lot): read-ahead for sequential scans,
// prefetch for index scans. Every request is attempted; each gets its own
// Err, and ReadV returns the first error in request order.
func (m *Manager) ReadV(reqs []Req) error {
	return m.batch(reqs, OpRead)
}

// WriteV writes several existing blocks as one batch (a checkpoint's or
// the background writer's flush), with ReadV's error rules. Like Write,
// it does not extend a fork.
func (m *Manager) WriteV(reqs []Req) error {
	return m.batch(reqs, OpWrite)
}

func (m *Manager) batch(reqs []Req, kind OpKind) error {
	m.gen++
	defer m.clearOps()
	for i := range reqs {
		q := &reqs[i]
		q.Err = checkBuf(q.Buf)
		if q.Err == nil && q.Fork >= numForks {
			q.Err = badFork(q.Fork)
		}
		if q.Err != nil {
			continue
		}
		seg, off := m.locate(q.Block)
		fd, err := m.open(q.Rel, q.Fork, seg, mustExist)
		if err != nil {
			q.Err = err
			continue
		}
		m.ops = append(m.ops, Op{Kind: kind, Fd: fd, Buf: q.Buf, Off: off})
		m.opReq = append(m.opReq, i)
	}
	// The batch may have opened more files than the cache keeps.
	defer m.files.trim(0)
	if len(m.ops) > 0 {
		if err := m.io.Do(m.ops); err != nil {
			for _, i := range m.opReq {
				seg, _ := m.locate(reqs[i].Block)
				reqs[i].Err = m.engineError(err, reqs[i].Rel, reqs[i].Fork, seg)
			}
		} else {
			for j, i := range m.opReq {
				q := &reqs[i]
				if kind == OpRead {
					q.Err = m.readResult(&m.ops[j], q.Rel, q.Fork, q.Block)
				} else {
					q.Err = m.writeResult(&m.ops[j], q.Rel, q.Fork, q.Block)
				}
			}
		}
	}
	for i := range reqs {
		if reqs[i].Err != nil {
			return reqs[i].Err
		}
	}
	return nil
}

// Write writes buf (BlockSize bytes) over existing block blk of fork f of
// r. The segment must exist; Extend adds blocks.
func (m *Manager) Write(r RelFileLocator, f Fork, blk uint32, buf []byte) error {
	if err := checkBuf(buf); err != nil {
		return err
	}
	if f >= numForks {
		return badFork(f)
	}
	m.gen++
	seg, off := m.locate(blk)
	fd, err := m.open(r, f, seg, mustExist)
	if err != nil {
		return err
	}
	m.ops = append(m.ops[:0], Op{Kind: OpWrite, Fd: fd, Buf: buf, Off: off})
	defer m.clearOps()
	if err := m.io.Do(m.ops); err != nil {
		return m.engineError(err, r, f, seg)
	}
	return m.writeResult(&m.ops[0], r, f, blk)
}

func (m *Manager) writeResult(op *Op, r RelFileLocator, f Fork, blk uint32) error {
	if op.Err != nil {
		seg, _ := m.locate(blk)
		return sysError(op.Err, "could not write block %d in file \"%s\"", blk, r.segPath(f, seg))
	}
	return nil
}

// Sync makes every segment of fork f of r durable (fdatasync), all of
// them in one batch. A failure means data may be lost: see the package
// documentation.
func (m *Manager) Sync(r RelFileLocator, f Fork) error {
	if f >= numForks {
		return badFork(f)
	}
	m.gen++
	defer m.clearOps()
	defer m.files.trim(0)
	for seg := uint32(0); ; seg++ {
		fd, err := m.open(r, f, seg, mustExist)
		if err != nil {
			if seg > 0 && errors.Is(err, unix.ENOENT) {
				break
			}
			return err
		}
		m.ops = append(m.ops, Op{Kind: OpDatasync, Fd: fd})
	}
	if err := m.io.Do(m.ops); err != nil {
		return m.engineError(err, r, f, 0)
	}
	for seg := range m.ops {
		if err := m.ops[seg].Err; err != nil {
			return sysError(err, "could not fsync file \"%s\"", r.segPath(f, uint32(seg)))
		}
	}
	return nil
}
