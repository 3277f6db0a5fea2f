package transam

// Commit log entries: two bits per xid (doc.go).
const (
	clogInProgress   uint32 = 0
	clogCommitted    uint32 = 1
	clogAborted      uint32 = 2
	clogSubCommitted uint32 = 3

	clogXidsPerPage = PageSize * 4
)

// clogPos returns where xid's two bits are: the page, the byte offset of
// the 32-bit word holding them, and their shift in that word.
func clogPos(xid uint64) (page uint64, wordOff int, shift uint) {
	page = xid / clogXidsPerPage
	idx := int(xid % clogXidsPerPage)
	b := idx / 4
	return page, b &^ 3, uint((b&3)*8 + (idx%4)*2)
}

// clogGet reads xid's entry.
func (m *Manager) clogGet(xid uint64) (uint32, error) {
	page, off, shift := clogPos(xid)
	if w, ok := m.clog.peek32(page, off); ok {
		return w >> shift & 3, nil
	}
	i, err := m.clog.access(page)
	if err != nil {
		return 0, err
	}
	v := m.clog.word32(i, off).Load() >> shift & 3
	m.clog.release()
	return v, nil
}

// clogSet sets the entries of xids (ascending or not) to st. Each entry
// is written with a CAS on its word, so setters of neighbouring xids never
// lose each other's bits; the page lock is held only shared.
func (m *Manager) clogSet(xids []uint64, st uint32) error {
	held := ^uint64(0)
	i := -1
	for _, x := range xids {
		page, off, shift := clogPos(x)
		if page != held {
			if i >= 0 {
				m.clog.bufs[i].dirty.Store(1)
				m.clog.release()
			}
			var err error
			if i, err = m.clog.access(page); err != nil {
				return err
			}
			held = page
		}
		w := m.clog.word32(i, off)
		for {
			old := w.Load()
			nw := old&^(3<<shift) | st<<shift
			if old == nw || w.CompareAndSwap(old, nw) {
				break
			}
		}
	}
	if i >= 0 {
		m.clog.bufs[i].dirty.Store(1)
		m.clog.release()
	}
	return nil
}
