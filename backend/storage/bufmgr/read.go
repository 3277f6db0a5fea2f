package bufmgr

// ReadMode says how ReadBufferMode treats a page that is not resident.
type ReadMode int

const (
	// ReadNormal reads the page from storage on a miss.
	ReadNormal ReadMode = iota
	// ReadZeroAndLock does not read: on a miss the page is zero-filled,
	// and in every case it comes back exclusively locked, for a caller
	// that overwrites it whole (WAL redo of a full-page image). The
	// buffer is locked before it is marked valid, so nobody else ever
	// sees the zeroes.
	ReadZeroAndLock
)

// ReadBuffer returns block t pinned, reading it from storage on a miss.
// Concurrent misses of the same block do one read: the first process
// allocates the buffer and reads, the others wait for its I/O. s is a
// Strategy for bulk access, or nil.
//
// The caller may hold content locks of other buffers (README.md, "Lock
// order"): the miss path only tries victims' content locks.
func (p *Pool) ReadBuffer(t Tag, s *Strategy) (Buffer, error) {
	return p.ReadBufferMode(t, s, ReadNormal)
}

// ReadBufferMode is ReadBuffer with a ReadMode.
func (p *Pool) ReadBufferMode(t Tag, s *Strategy, mode ReadMode) (Buffer, error) {
	b, owner, valid, err := p.bufferFor(t, s)
	if err != nil {
		return InvalidBuffer, err
	}
	if !owner && !valid {
		// Being read by another process, or its last read failed: wait
		// for the I/O, and read it ourselves if it is still not there.
		owner = p.startIO(p.desc(b), true)
	}
	if !owner {
		p.stats.Hits++
		if mode == ReadZeroAndLock {
			p.Lock(b, Exclusive)
		}
		return b, nil
	}
	if mode == ReadZeroAndLock {
		clear(p.Page(b))
		p.Lock(b, Exclusive) // free: nobody locks a buffer before it is valid
		p.terminateIO(p.desc(b), flagValid, flagIOError, false)
		return b, nil
	}
	if err := p.readIn(b, t); err != nil {
		p.unpin(b)
		return InvalidBuffer, err
	}
	return b, nil
}
