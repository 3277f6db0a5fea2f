package bufmgr

// StrategyKind says what a Strategy is for.
type StrategyKind int

// Strategy kinds, as PostgreSQL's BufferAccessStrategyType.
const (
	BulkRead  StrategyKind = iota + 1 // a large sequential scan
	BulkWrite                         // COPY, CREATE TABLE AS: many new pages
	Vacuum                            // VACUUM
)

// Ring sizes, as PostgreSQL's: a scan's 256 KB stays in the CPU's cache,
// a bulk write needs more room so that it does not wait for the WAL it
// writes on every page, and vacuum follows the scan.
const (
	bulkReadRing  = 256 << 10
	bulkWriteRing = 16 << 20
	vacuumRing    = 256 << 10
)

// Strategy is a small ring of buffers that a bulk operation recycles for
// its own pages instead of taking victims from the whole pool, so that one
// big scan or COPY does not push every other page out. Each slot remembers
// a buffer; when the operation needs a new buffer, the next slot's buffer
// is reused if nobody else has pinned it and its usage count is at most 1
// (nobody else has used it since), else a victim comes from the clock
// sweep and takes the slot. Pins under a strategy raise a page's usage
// count only from 0 to 1.
//
// A Strategy is process-local (buffer numbers, no shared state) and is
// used by one goroutine at a time.
type Strategy struct {
	kind     StrategyKind
	ring     []Buffer // 0 = empty slot
	cur      int      // slot of the buffer last handed out
	fromRing bool     // whether that buffer was reused from the ring (not a fresh victim)
}

// NewStrategy returns a ring for a bulk operation of kind k: 256 KB of
// buffers for BulkRead and Vacuum, 16 MB for BulkWrite, but never more than
// an eighth of the pool.
func (p *Pool) NewStrategy(k StrategyKind) *Strategy {
	var bytes int
	switch k {
	case BulkRead:
		bytes = bulkReadRing
	case BulkWrite:
		bytes = bulkWriteRing
	case Vacuum:
		bytes = vacuumRing
	default:
		panic("bufmgr: unknown strategy kind")
	}
	n := min(bytes/BlockSize, int(p.n)/8)
	n = max(n, 1)
	return &Strategy{kind: k, ring: make([]Buffer, n), cur: n - 1}
}

// Kind returns what the ring is for.
func (s *Strategy) Kind() StrategyKind { return s.kind }

// Len returns the ring's size in buffers.
func (s *Strategy) Len() int { return len(s.ring) }

// next advances to the next slot and returns its buffer with the header
// lock held if it can be reused.
func (s *Strategy) next(p *Pool) (Buffer, uint32, bool) {
	s.cur++
	if s.cur == len(s.ring) {
		s.cur = 0
	}
	s.fromRing = false
	b := s.ring[s.cur]
	if b == 0 {
		return 0, 0, false
	}
	d := p.desc(b)
	for {
		st := d.waitUnlocked()
		if refcount(st) != 0 || usage(st) > 1 {
			return 0, 0, false // someone else is using it: leave it to them
		}
		if d.state.CompareAndSwap(st, st|flagLocked) {
			s.fromRing = true
			return b, st | flagLocked, true
		}
	}
}

// put makes b the buffer of the current slot.
func (s *Strategy) put(b Buffer) { s.ring[s.cur] = b }

// reject reports whether a bulk read should leave the dirty buffer b,
// reused from its ring, alone rather than write it: when writing it would
// first need a WAL flush. The slot is emptied and the caller takes a victim
// from the clock sweep instead. Caller holds b's content lock.
func (s *Strategy) reject(p *Pool, b Buffer) bool {
	if s.kind != BulkRead || !s.fromRing || p.h.NeedsWALFlush == nil {
		return false
	}
	if !p.h.NeedsWALFlush(p.h.PageLSN(p.Page(b))) {
		return false
	}
	s.ring[s.cur] = 0
	s.fromRing = false
	return true
}
