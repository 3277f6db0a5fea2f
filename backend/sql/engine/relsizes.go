package engine

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/plan"
	"ringpg/backend/storage/bufmgr"
)

// The sizes pg_class keeps (relpages, reltuples) for the planner and for
// clients' metadata (pgJDBC's index CARDINALITY and PAGES), recorded as
// PostgreSQL records them: by CREATE INDEX for the index and its table,
// and by VACUUM and ANALYZE for a table's indexes as well as the table.

// builtIndex is what building an index measured.
type builtIndex struct {
	t       *plan.Table
	h       *heap.Heap
	pix     *plan.Index
	fork    bufmgr.RelFork
	rows    int // table rows the build saw
	entries int // entries it made
}

// recordBuildSizes records what CREATE INDEX measured: the index's pages
// and entries, and the table's pages and rows. An empty table that was
// never vacuumed keeps reltuples -1, so that it does not look analysed.
// In the current transaction. (Index builds inside other commands leave
// the figures to VACUUM and ANALYZE: such a command may already have
// changed the same pg_class rows.)
func (s *Session) recordBuildSizes(b builtIndex) error {
	hpages, err := b.h.Nblocks()
	if err != nil {
		return err
	}
	rel, err := s.cat.Relation(s.snapshot(), b.t.Oid)
	if err != nil || rel == nil {
		return err
	}
	tuples := float32(b.rows)
	if b.rows == 0 && rel.Tuples < 0 {
		tuples = -1
	}
	if err := s.setRelSize(b.t.Oid, int32(hpages), tuples); err != nil {
		return err
	}
	ipages, err := s.e.pool.Nblocks(b.fork)
	if err != nil {
		return err
	}
	return s.setRelSize(b.pix.Oid, int32(ipages), float32(b.entries))
}

// recordIndexSizes records the pages of rel's indexes and, for those that
// are not partial, tuples entries (one per row the table holds); a
// partial index keeps its figure from its build. In the current
// transaction.
func (s *Session) recordIndexSizes(rel *catalog.Relation, tuples float32) error {
	db := s.db
	if rel.Shared {
		db = 0
	}
	for _, ix := range rel.Indexes {
		pages, err := s.e.pool.Nblocks(s.e.exec.RelFork(db, ix.Relfilenode))
		if err != nil {
			return err
		}
		cur, err := s.cat.Relation(s.snapshot(), ix.Oid)
		if err != nil || cur == nil {
			return err
		}
		n := tuples
		if ix.Predicate != "" {
			n = cur.Tuples
		}
		if err := s.setRelSize(ix.Oid, int32(pages), n); err != nil {
			return err
		}
	}
	return nil
}

// setRelSize stores relation oid's pages and tuples unless pg_class
// already says so.
func (s *Session) setRelSize(oid uint32, pages int32, tuples float32) error {
	cur, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil || cur == nil || (cur.Pages == pages && cur.Tuples == tuples) {
		return err
	}
	s.didDDL = true
	return s.cat.SetRelStats(s.xact, s.snapshot(), oid, pages, tuples)
}
