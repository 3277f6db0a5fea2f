package transam

// The subtransaction map: the top-level xid of each subxid, 8 bytes per
// xid (doc.go).
const subXidsPerPage = PageSize / 8

// setTop records that subxid belongs to top. Called by the subxid's owner
// right after assigning it, before the xid can reach any tuple.
func (m *Manager) setTop(subxid, top uint64) error {
	i, err := m.subtrans.access(subxid / subXidsPerPage)
	if err != nil {
		return err
	}
	m.subtrans.word64(i, int(subxid%subXidsPerPage)*8).Store(top)
	m.subtrans.bufs[i].dirty.Store(1)
	m.subtrans.release()
	return nil
}

// topOf returns the top-level xid subxid belongs to, or 0 when xid is
// itself top-level (or its link is gone: the server restarted since).
func (m *Manager) topOf(xid uint64) (uint64, error) {
	if top, ok := m.subtrans.peek64(xid/subXidsPerPage, int(xid%subXidsPerPage)*8); ok {
		return top, nil
	}
	i, err := m.subtrans.access(xid / subXidsPerPage)
	if err != nil {
		return 0, err
	}
	top := m.subtrans.word64(i, int(xid%subXidsPerPage)*8).Load()
	m.subtrans.release()
	return top, nil
}

// TopOf returns the top-level xid of xid: xid itself when it is top-level
// or its link is gone (serializable isolation looks writers up by it).
func (m *Manager) TopOf(xid uint64) uint64 {
	top, err := m.topOf(xid)
	if err != nil || top == 0 {
		return xid
	}
	return top
}
