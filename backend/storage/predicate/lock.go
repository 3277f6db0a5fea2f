package predicate

import "ringpg/sem"

// LockRelation, LockPage and LockTuple take a SIREAD lock for this
// process's serializable transaction (a no-op outside one): a sequential
// scan locks the relation, an index scan the leaf pages it reads and the
// heap tuples it returns.
func (m *Manager) LockRelation(db, rel uint32) error { return m.Lock(RelationTag(db, rel)) }

// LockPage takes a SIREAD lock on page blk of relation rel.
func (m *Manager) LockPage(db, rel, blk uint32) error { return m.Lock(PageTag(db, rel, blk)) }

// LockTuple takes a SIREAD lock on one tuple.
func (m *Manager) LockTuple(db, rel, blk uint32, off uint16) error {
	return m.Lock(TupleTag(db, rel, blk, off))
}

// Lock takes a SIREAD lock on tag, unless this transaction holds it or a
// coarser lock covering it already. When the transaction then holds more
// than max_pred_locks_per_page tuple locks on one page, or more than
// max_pred_locks_per_relation page and tuple locks in one relation, they
// are promoted to one lock on the page or the relation.
func (m *Manager) Lock(tag Tag) error {
	if m.my == 0 {
		return nil
	}
	if m.covered(tag) {
		return nil
	}
	if err := m.create(tag, m.my); err != nil {
		return err
	}
	l := m.local[tag]
	l.held = true
	m.local[tag] = l
	promote, ok := m.countParents(tag)
	if ok {
		return m.Lock(promote) // deletes tag with the other children
	}
	if tag.Level != LevelTuple {
		m.deleteChildren(tag)
	}
	return nil
}

// covered reports whether this transaction holds tag or a coarser lock
// over it, as far as its local table knows.
func (m *Manager) covered(tag Tag) bool {
	for t, ok := tag, true; ok; t, ok = t.parent() {
		if m.local[t].held {
			return true
		}
	}
	return false
}

// countParents adds tag to its ancestors' child counts and returns the
// coarsest ancestor whose count passed its limit.
func (m *Manager) countParents(tag Tag) (Tag, bool) {
	var promote Tag
	found := false
	for p, ok := tag.parent(); ok; p, ok = p.parent() {
		l := m.local[p]
		l.child++
		m.local[p] = l
		if l.child > m.threshold(p) {
			promote, found = p, true
		}
	}
	return promote, found
}

// threshold is how many child locks a target may have before they are
// promoted to it.
func (m *Manager) threshold(t Tag) int {
	if t.Level == LevelPage {
		return m.perPage
	}
	if m.perRelation < 0 {
		return m.limitXact / -m.perRelation
	}
	return m.perRelation
}

// uncountParents undoes countParents for a lock that went away.
func (m *Manager) uncountParents(tag Tag) {
	for p, ok := tag.parent(); ok; p, ok = p.parent() {
		if l, ok := m.local[p]; ok {
			l.child--
			if l.child <= 0 && !l.held {
				delete(m.local, p)
			} else {
				m.local[p] = l
			}
		}
	}
}

// deleteChildren drops this transaction's locks on targets that tag
// covers, now that it holds tag.
func (m *Manager) deleteChildren(tag Tag) {
	h := m.hdr
	m.acquire(&h.listLock, sem.Shared)
	x := m.x(m.my)
	for lk := x.lockHead; lk != 0; {
		r := &m.locks[lk-1]
		next := r.xNext
		if tag.covers(r.tag) {
			child := r.tag
			part := m.partition(r.hash)
			m.acquire(part, sem.Exclusive)
			m.unhashLocked(lk)
			m.release(part)
			m.unlistLocked(m.my, lk)
			m.freeLock(lk)
			if l, ok := m.local[child]; ok {
				l.held = false
				if l.child <= 0 {
					delete(m.local, child)
				} else {
					m.local[child] = l
				}
			}
			m.uncountParents(child)
		}
		lk = next
	}
	m.release(&h.listLock)
}

// create adds a lock on tag held by sx to the shared table, unless sx
// holds it already (another process may have moved a lock there).
func (m *Manager) create(tag Tag, sx uint32) error {
	h := m.hdr
	m.acquire(&h.listLock, sem.Shared)
	defer m.release(&h.listLock)
	return m.createListLocked(tag, tag.hash(), sx)
}

// createListLocked is create for a caller that holds listLock: shared
// when sx is its own transaction, exclusively otherwise.
func (m *Manager) createListLocked(tag Tag, hash uint32, sx uint32) error {
	part := m.partition(hash)
	m.acquire(part, sem.Exclusive)
	defer m.release(part)
	return m.createPartLocked(tag, hash, sx)
}

// createPartLocked is create for a caller that holds listLock as above
// and the tag's partition lock exclusively.
func (m *Manager) createPartLocked(tag Tag, hash uint32, sx uint32) error {
	b := &m.buckets[hash&uint32(len(m.buckets)-1)]
	for lk := *b; lk != 0; lk = m.locks[lk-1].hashNext {
		if r := &m.locks[lk-1]; r.tag == tag && r.sx == sx {
			return nil
		}
	}
	lk := m.allocLock()
	if lk == 0 {
		return errOutOfSharedMemory()
	}
	x := m.x(sx)
	m.locks[lk-1] = lockRec{tag: tag, hash: hash, sx: sx, hashNext: *b, xNext: x.lockHead}
	*b = lk
	if x.lockHead != 0 {
		m.locks[x.lockHead-1].xPrev = lk
	}
	x.lockHead = lk
	return nil
}

// unhashLocked removes lock record lk from its bucket chain. Caller holds
// its partition lock exclusively.
func (m *Manager) unhashLocked(lk uint32) {
	r := &m.locks[lk-1]
	p := &m.buckets[r.hash&uint32(len(m.buckets)-1)]
	for *p != 0 {
		if *p == lk {
			*p = r.hashNext
			return
		}
		p = &m.locks[*p-1].hashNext
	}
}

// unlistLocked removes lock record lk from sx's list. Caller holds
// listLock (shared for its own transaction, else exclusively).
func (m *Manager) unlistLocked(sx, lk uint32) {
	r := &m.locks[lk-1]
	if r.xPrev != 0 {
		m.locks[r.xPrev-1].xNext = r.xNext
	} else {
		m.x(sx).lockHead = r.xNext
	}
	if r.xNext != 0 {
		m.locks[r.xNext-1].xPrev = r.xPrev
	}
}

func (m *Manager) allocLock() uint32 {
	h := m.hdr
	h.alloc.Lock()
	defer h.alloc.Unlock()
	lk := h.lockFree
	if lk != 0 {
		h.lockFree = m.locks[lk-1].hashNext
	} else if int(h.lockUsed) < len(m.locks) {
		h.lockUsed++
		lk = h.lockUsed
	} else {
		return 0
	}
	h.locks.Add(1)
	return lk
}

func (m *Manager) freeLock(lk uint32) {
	h := m.hdr
	h.alloc.Lock()
	m.locks[lk-1] = lockRec{hashNext: h.lockFree}
	h.lockFree = lk
	h.locks.Add(-1)
	h.alloc.Unlock()
}

// SplitPage gives every SIREAD lock on page left of relation rel a twin
// on page right: a B-tree split moved some of left's entries there. The
// caller holds both pages' content locks.
func (m *Manager) SplitPage(db, rel, left, right uint32) error {
	if m.hdr.locks.Load() == 0 {
		return nil
	}
	from, to := PageTag(db, rel, left), PageTag(db, rel, right)
	fh, th := from.hash(), to.hash()
	h := m.hdr
	m.acquire(&h.listLock, sem.Exclusive)
	defer m.release(&h.listLock)
	var holders []uint32
	fp := m.partition(fh)
	m.acquire(fp, sem.Shared)
	for lk := m.buckets[fh&uint32(len(m.buckets)-1)]; lk != 0; lk = m.locks[lk-1].hashNext {
		if r := &m.locks[lk-1]; r.tag == from {
			holders = append(holders, r.sx)
		}
	}
	m.release(fp)
	for _, sx := range holders {
		if err := m.createListLocked(to, th, sx); err != nil {
			return err
		}
	}
	return nil
}

// PromoteRelation replaces every transaction's page and tuple locks on
// relation rel by one lock on the relation: its pages are about to mean
// something else (a rewrite) or nothing (a drop).
func (m *Manager) PromoteRelation(db, rel uint32) error {
	if m.hdr.locks.Load() == 0 {
		return nil
	}
	h := m.hdr
	relTag := RelationTag(db, rel)
	m.acquire(&h.listLock, sem.Exclusive)
	defer m.release(&h.listLock)
	var holders []uint32
	seen := map[uint32]bool{}
	for p := 0; p < NumPartitions; p++ {
		m.acquire(&h.parts[p], sem.Exclusive)
	}
	for b := range m.buckets {
		for lk := m.buckets[b]; lk != 0; {
			r := &m.locks[lk-1]
			next := r.hashNext
			if r.tag.DB == db && r.tag.Rel == rel && r.tag.Level != LevelRelation {
				if !seen[r.sx] {
					seen[r.sx] = true
					holders = append(holders, r.sx)
				}
				sx := r.sx
				m.unhashLocked(lk)
				m.unlistLocked(sx, lk)
				m.freeLock(lk)
			}
			lk = next
		}
	}
	var err error
	rh := relTag.hash()
	for _, sx := range holders {
		if err == nil {
			err = m.createPartLocked(relTag, rh, sx)
		}
	}
	for p := NumPartitions - 1; p >= 0; p-- {
		m.release(&h.parts[p])
	}
	if m.my != 0 && seen[m.my] {
		for t := range m.local {
			if relTag.covers(t) {
				delete(m.local, t)
			}
		}
		m.local[relTag] = localLock{held: err == nil}
	}
	return err
}

// TransferRelation gives every transaction holding any SIREAD lock on
// relation from a lock on relation to: the relation's rows now live in a
// new file (TRUNCATE), and whoever read the old one must still conflict
// with writes to the new one.
func (m *Manager) TransferRelation(db, from, to uint32) error {
	if m.hdr.locks.Load() == 0 {
		return nil
	}
	h := m.hdr
	m.acquire(&h.listLock, sem.Exclusive)
	defer m.release(&h.listLock)
	seen := map[uint32]bool{}
	for p := 0; p < NumPartitions; p++ {
		m.acquire(&h.parts[p], sem.Exclusive)
	}
	for b := range m.buckets {
		for lk := m.buckets[b]; lk != 0; lk = m.locks[lk-1].hashNext {
			if r := &m.locks[lk-1]; r.tag.DB == db && r.tag.Rel == from {
				seen[r.sx] = true
			}
		}
	}
	var err error
	toTag := RelationTag(db, to)
	th := toTag.hash()
	for sx := range seen {
		if err == nil {
			err = m.createPartLocked(toTag, th, sx)
		}
	}
	for p := NumPartitions - 1; p >= 0; p-- {
		m.release(&h.parts[p])
	}
	return err
}

// DropOwnTupleLock removes this transaction's SIREAD lock on a tuple it is
// writing (after CheckConflictIn): its write lock on the tuple covers what
// the SIREAD lock did, until it ends. Not for a subtransaction, which
// could roll the write back and leave the tuple unprotected.
func (m *Manager) DropOwnTupleLock(tag Tag) {
	if m.my == 0 || tag.Level != LevelTuple || !m.local[tag].held {
		return
	}
	h := m.hdr
	hash := tag.hash()
	m.acquire(&h.listLock, sem.Shared)
	part := m.partition(hash)
	m.acquire(part, sem.Exclusive)
	var found uint32
	for lk := m.buckets[hash&uint32(len(m.buckets)-1)]; lk != 0; lk = m.locks[lk-1].hashNext {
		if r := &m.locks[lk-1]; r.tag == tag && r.sx == m.my {
			found = lk
			break
		}
	}
	if found != 0 {
		m.unhashLocked(found)
	}
	m.release(part)
	if found != 0 {
		m.unlistLocked(m.my, found)
		m.freeLock(found)
	}
	m.release(&h.listLock)
	if found != 0 {
		delete(m.local, tag)
		m.uncountParents(tag)
	}
}
