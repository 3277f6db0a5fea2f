package transam

import (
	"math/bits"
	"slices"

	"ringpg/sem"
)

// Snapshot is an MVCC snapshot (heap.Snapshot): it sees what transactions
// committed before it was taken wrote, and what its own transaction wrote
// before command Cid. Xids below Xmin had all ended; xids at or past Xmax
// had not started; between them, those in the running list (or, when a
// slot's subxid cache had overflowed, whose top-level xid is in it) were
// running. A Snapshot is used by its process only, and only while its
// transaction is open.
type Snapshot struct {
	m    *Manager
	own  *Xact // the taking transaction; its current xids count as its own
	xmin uint64
	xmax uint64
	// The xids in [xmin, xmax) that were running (top-level and cached
	// subxids), in one of two forms, whichever is smaller: bitmap, where bit
	// i stands for xmin+i, or running, sorted. The other is empty.
	bitmap   []uint64
	useBits  bool // bitmap is the form in use
	running  []uint64
	nrun     int  // how many xids either form holds
	overflow bool // some slot's subxid cache had overflowed: look up pg_subtrans
	cid      uint32
	noHints  bool
}

// Snapshot takes a new snapshot for the transaction at its current
// command id. The first one publishes the transaction's xmin, which holds
// back the pruning horizon until the transaction ends.
func (x *Xact) Snapshot() *Snapshot { return x.SnapshotInto(nil) }

// SnapshotInto is Snapshot reusing the memory of s, a snapshot of this
// process that nobody uses any more, nor any copy of it made by WithCid
// (nil: allocate). A statement-level snapshot taken again and again this
// way allocates nothing.
func (x *Xact) SnapshotInto(s *Snapshot) *Snapshot {
	m := x.m
	publish := !x.hasXmin && !x.done // an ended transaction publishes nothing
	if publish {
		p := m.hdr.floor.Load()
		if p < FirstNormalXid {
			p = FirstNormalXid
		}
		m.xmins[m.slot].Store(p)
	}
	if s == nil {
		s = &Snapshot{}
	}
	*s = Snapshot{m: m, own: x, cid: x.cid, bitmap: s.bitmap[:0], running: s.running[:0]}
	var lowest uint64
	if c := m.hdr.completed.Load(); m.lastValid && c == m.lastCount {
		// No transaction with an xid has ended, or begun to end, since
		// the last snapshot was computed: every xid it saw running
		// still is (and is still in the array, which the horizon needs),
		// and every xid handed out since is past its xmax. Reuse it.
		m.last.copyRunning(s)
		lowest = s.xmin
	} else {
		lowest, c = m.take(s)
		s.copyRunning(&m.last)
		m.lastCount, m.lastValid = c, true
	}
	if publish {
		m.xmins[m.slot].Store(s.xmin)
		x.hasXmin = true
	}
	if own := x.levels[0].xid; own != 0 && own < lowest {
		lowest = own
	}
	// Raise the floor: every value stored is at most the oldest running
	// xid at the time (doc.go).
	for f := m.hdr.floor.Load(); lowest > f; f = m.hdr.floor.Load() {
		if m.hdr.floor.CompareAndSwap(f, lowest) {
			break
		}
	}
	return s
}

// scanTries is how many times take scans before it makes ending
// transactions wait for it.
const scanTries = 8

// take fills s's xmin, xmax and running list from the running array and
// returns the smallest top-level xid it saw running (or xmax) and the
// completion count the result is valid for. A scan during which a
// transaction began or finished leaving the array is done again, so the
// result is what the array held at one instant (doc.go); after scanTries
// such scans it raises starving and takes endLock exclusively, which
// ending transactions then take shared, and the next scans can only be
// disturbed by ends already under way.
func (m *Manager) take(s *Snapshot) (lowest, count uint64) {
	for try := 1; ; try++ {
		if try == scanTries+1 {
			m.hdr.starving.Add(1)
			m.hdr.endLock.Acquire(m.waiters, uint32(m.slot), sem.Exclusive)
			defer func() {
				m.hdr.endLock.Release(m.waiters)
				m.hdr.starving.Add(^uint32(0))
			}()
		}
		c := m.hdr.completed.Load()
		lowest := m.scan(s)
		if m.hdr.completed.Load() == c {
			return lowest, c
		}
	}
}

// scanHook, when not nil, is called before each slot a scan reads. Tests
// set it to stretch scans so that transactions end in the middle.
var scanHook func(slot int)

// scan is one pass of take.
func (m *Manager) scan(s *Snapshot) uint64 {
	s.overflow = false
	hook := scanHook
	xmax := m.hdr.nextXid.Load()
	xmin := xmax
	run := m.runBuf[:0]
	var subs [SubxidCacheSize]uint64
	for i := range m.xids {
		if i == m.slot {
			continue
		}
		if hook != nil {
			hook(i)
		}
		// A slot with no xid now can only get one past xmax: skip it.
		// Otherwise subxids first, then the top-level xid again (doc.go).
		if m.xids[i].Load() == 0 {
			continue
		}
		ns := m.nsub[i].Load()
		n := int(ns &^ subOverflow)
		if n > SubxidCacheSize {
			n = SubxidCacheSize
		}
		for j := 0; j < n; j++ {
			subs[j] = m.procs[i].subxids[j].Load()
		}
		top := m.xids[i].Load()
		if top == 0 {
			continue
		}
		if top&tentative != 0 {
			top &^= tentative
			if top >= xmax || m.endedTentative(top) {
				continue
			}
		}
		if top >= xmax {
			continue
		}
		run = append(run, top)
		if top < xmin {
			xmin = top
		}
		if ns&subOverflow != 0 {
			s.overflow = true
		}
		for j := 0; j < n; j++ {
			sx := subs[j]
			if sx&tentative != 0 {
				sx &^= tentative
				if sx <= top || sx >= xmax || m.endedTentative(sx) {
					continue
				}
			}
			if sx <= top || sx >= xmax {
				continue
			}
			run = append(run, sx)
		}
	}
	s.xmin, s.xmax = xmin, xmax
	s.setRunning(run)
	m.runBuf = run[:0]
	return xmin
}

// setRunning stores run (all in [s.xmin, s.xmax)) in the smaller form.
func (s *Snapshot) setRunning(run []uint64) {
	s.nrun, s.useBits = len(run), false
	s.bitmap, s.running = s.bitmap[:0], s.running[:0]
	if len(run) == 0 {
		return
	}
	words := int((s.xmax-s.xmin)/64) + 1
	if words <= len(run)+8 {
		if cap(s.bitmap) >= words {
			s.bitmap = s.bitmap[:words]
			clear(s.bitmap)
		} else {
			s.bitmap = make([]uint64, words)
		}
		s.useBits = true
		// Neighbouring xids mostly share a word: OR them in a register
		// and store once per change of word.
		bm := s.bitmap
		cw, acc := uint64(0), uint64(0)
		for _, x := range run {
			off := x - s.xmin
			if w := off / 64; w != cw {
				bm[cw] |= acc
				cw, acc = w, 0
			}
			acc |= 1 << (off % 64)
		}
		bm[cw] |= acc
		return
	}
	s.running = append(s.running[:0], run...)
	slices.Sort(s.running)
}

// copyRunning copies xmin, xmax and the running xids of s into d, reusing
// d's memory.
func (s *Snapshot) copyRunning(d *Snapshot) {
	d.xmin, d.xmax, d.overflow, d.nrun, d.useBits = s.xmin, s.xmax, s.overflow, s.nrun, s.useBits
	d.bitmap = append(d.bitmap[:0], s.bitmap...)
	d.running = append(d.running[:0], s.running...)
}

// endedTentative reports whether the commit log shows the tentative
// candidate x finished: then whichever slot won it has ended it. An I/O
// error counts as running (the safe side for a reader).
func (m *Manager) endedTentative(x uint64) bool {
	st, err := m.clogGet(x)
	return err == nil && (st == clogCommitted || st == clogAborted)
}

// Xmin returns the oldest xid the snapshot may consider running.
func (s *Snapshot) Xmin() uint64 { return s.xmin }

// Xmax returns the first xid the snapshot considers not yet started.
func (s *Snapshot) Xmax() uint64 { return s.xmax }

// Cid returns the command id up to which (excluded) the snapshot sees its
// own transaction's writes.
func (s *Snapshot) Cid() uint32 { return s.cid }

// Running returns the xids the snapshot considers running (a copy, sorted).
func (s *Snapshot) Running() []uint64 {
	if !s.useBits || s.nrun == 0 {
		return slices.Clone(s.running)
	}
	out := make([]uint64, 0, s.nrun)
	for w, b := range s.bitmap {
		for ; b != 0; b &= b - 1 {
			out = append(out, s.xmin+uint64(w*64+bits.TrailingZeros64(b)))
		}
	}
	return out
}

// Overflowed reports whether the snapshot resolves subxids through
// pg_subtrans.
func (s *Snapshot) Overflowed() bool { return s.overflow }

// WithCid returns a copy of the snapshot that sees its transaction's
// writes up to command cid (excluded): REPEATABLE READ reuses its snapshot
// this way for each statement.
func (s *Snapshot) WithCid(cid uint32) *Snapshot {
	c := *s
	c.cid = cid
	return &c
}

// WithoutHints returns a copy that decides the same but sets no hint bits
// (for readers that must not dirty pages).
func (s *Snapshot) WithoutHints() *Snapshot {
	c := *s
	c.noHints = true
	return &c
}

// XidInSnapshot reports whether xid counts as running for the snapshot
// (XidInMVCCSnapshot): its effects are invisible even if it has committed
// since. The taking transaction's own xids are not handled here.
func (s *Snapshot) XidInSnapshot(xid uint64) bool {
	if !s.inSnapshot(xid) {
		return false
	}
	// A transaction the taking one acted on (early lock release, wal.go)
	// counts as committed: having updated its newer version, the taker
	// must not see the older one too.
	return s.own == nil || len(s.own.deps) == 0 || !s.own.dependsOn(xid)
}

func (s *Snapshot) inSnapshot(xid uint64) bool {
	if xid < s.xmin {
		return false
	}
	if xid >= s.xmax {
		return true
	}
	if s.listed(xid) {
		return true
	}
	if s.overflow {
		top, err := s.m.topOf(xid)
		if err != nil {
			return true // unknown: count it as running, the side that shows nothing uncommitted
		}
		if top != 0 && top != xid && top >= s.xmin {
			return s.listed(top)
		}
	}
	return false
}

// listed reports whether xid is in the running list.
func (s *Snapshot) listed(xid uint64) bool {
	if s.nrun == 0 {
		return false
	}
	if s.useBits {
		off := xid - s.xmin // xid >= xmin
		return off/64 < uint64(len(s.bitmap)) && s.bitmap[off/64]&(1<<(off%64)) != 0
	}
	r := s.running
	if len(r) <= 16 {
		for _, x := range r {
			if x == xid {
				return true
			}
		}
		return false
	}
	_, found := slices.BinarySearch(r, xid)
	return found
}
