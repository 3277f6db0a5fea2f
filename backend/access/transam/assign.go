package transam

import "sync/atomic"

// assign hands out the next xid, publishing each candidate in pub with the
// tentative bit before trying to take it (doc.go); pub is nil when the
// caller published an overflow bit instead. On success pub holds the xid
// plainly. On an error (the limit file could not be written) pub holds a
// stale tentative candidate, which readers resolve through the commit log.
func (m *Manager) assign(pub *atomic.Uint64) (uint64, error) {
	for {
		x := m.hdr.nextXid.Load()
		lim := m.hdr.limit.Load()
		if x >= lim {
			if err := m.extendLimit(x); err != nil {
				return InvalidXid, err
			}
			continue
		}
		if x+XidChunk/2 >= lim {
			// Half the reservation is used: extend it now, if nobody is,
			// so that nobody has to wait for the file when it runs out.
			if err := m.tryExtendLimit(lim); err != nil {
				return InvalidXid, err
			}
		}
		if pub != nil {
			pub.Store(x | tentative)
		}
		if m.hdr.nextXid.CompareAndSwap(x, x+1) {
			if pub != nil {
				pub.Store(x)
			}
			return x, nil
		}
	}
}

// assignTop assigns this slot's top-level xid.
func (m *Manager) assignTop() (uint64, error) {
	x, err := m.assign(&m.xids[m.slot])
	if err != nil {
		m.xids[m.slot].Store(0)
	}
	return x, err
}

// assignSub assigns a subxid of top-level xid top, the n-th (from 0) of
// the slot's live subxids, and links it to top in pg_subtrans.
func (m *Manager) assignSub(top uint64, n int) (uint64, error) {
	ns := &m.nsub[m.slot]
	var pub *atomic.Uint64
	if n < SubxidCacheSize && ns.Load()&subOverflow == 0 {
		pub = &m.procs[m.slot].subxids[n]
		// The entry must hold a tentative value before nsub covers it.
		pub.Store(m.hdr.nextXid.Load() | tentative)
		ns.Store(uint32(n + 1))
	} else {
		ns.Store(ns.Load() | subOverflow)
	}
	x, err := m.assign(pub)
	if err != nil {
		if pub != nil {
			ns.Store(uint32(n))
		}
		return InvalidXid, err
	}
	if err := m.setTop(x, top); err != nil {
		// The xid is ours but unlinked: give it up as aborted.
		m.clogSet([]uint64{x}, clogAborted)
		if pub != nil {
			ns.Store(uint32(n))
		}
		return InvalidXid, err
	}
	return x, nil
}
