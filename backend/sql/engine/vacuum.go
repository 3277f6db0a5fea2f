package engine

import (
	"fmt"
	"ringpg/backend/storage/lmgr"
	"slices"
	"strings"

	"ringpg/backend/access/btree"
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/colstats"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/smgr"
	"ringpg/pgerr"
)

// VACUUM and ANALYZE (commands/vacuum.c, vacuumlazy.c).
//
// VACUUM runs outside any transaction block: it first resolves the
// tables in the statement's transaction, commits it, and then works on
// each table with no snapshot of its own, so that the pruning horizon
// (transam's Horizon, taken afresh per table) is held back only by other
// sessions. Per table: the heap's first pass (prune, collect LP_DEAD
// line pointers), every index's BulkDelete of those TIDs, the heap's
// second pass (LP_DEAD to unused), the toast relation's pruning, and the
// truncation of empty trailing pages; then relpages and reltuples are
// recorded in pg_class in a short transaction of its own.
//
// VACUUM FULL does the same as plain VACUUM (it does not rewrite the
// table; trailing empty pages are still given back). ANALYZE counts the
// rows its snapshot sees and records relpages and reltuples and the
// columns' statistics (analyze.go) and, as in PostgreSQL, may run inside
// a transaction block.
//
// There are no relation locks yet, so nothing stops two sessions from
// vacuuming one table at once; each step is safe against concurrent
// readers and writers (see heap's TruncateEmpty), and BulkDelete refuses
// a second waiter for one page's cleanup lock.

// vacuumOptions are the options of one VACUUM or ANALYZE.
type vacuumOptions struct {
	vacuum, analyze, full, verbose, truncate bool
}

func parseVacuumOptions(n *parser.VacuumStmt) (vacuumOptions, error) {
	o := vacuumOptions{vacuum: n.IsVacuum, analyze: !n.IsVacuum, truncate: true}
	for _, d := range n.Options {
		on := true
		if c, ok := d.Arg.(*parser.AConst); ok {
			switch c.Kind {
			case parser.ConstBool:
				on = c.Bool
			case parser.ConstInteger:
				on = c.Ival != 0
			default:
				switch strings.ToLower(c.Val) {
				case "false", "off", "0", "no":
					on = false
				}
			}
		}
		switch strings.ToLower(d.Name) {
		case "analyze", "analyse":
			o.analyze = on
		case "full":
			o.full = on
		case "verbose":
			o.verbose = on
		case "truncate":
			o.truncate = on
		case "freeze", "disable_page_skipping", "skip_locked", "index_cleanup", "process_toast", "parallel":
			// Nothing to freeze (64-bit xids), no visibility map to skip
			// by, no locks to skip, one process: accepted and ignored.
		default:
			kind := "VACUUM"
			if !n.IsVacuum {
				kind = "ANALYZE"
			}
			return o, pgerr.New(pgerr.SyntaxError, "unrecognized %s option \"%s\"", kind, strings.ToLower(d.Name))
		}
	}
	return o, nil
}

// vacuum runs VACUUM or ANALYZE.
func (s *Session) vacuum(n *parser.VacuumStmt) (string, error) {
	tag := vacuumTag(n)
	o, err := parseVacuumOptions(n)
	if err != nil {
		return "", err
	}
	// An implicit transaction that already ran a command (several
	// statements in one Query message) is a transaction block too.
	if o.vacuum && (s.inBlock || s.xact != nil && (s.xact.Cid() > 0 || s.xact.HasXid())) {
		return "", pgerr.New(pgerr.ActiveSQLTransaction, "VACUUM cannot run inside a transaction block")
	}
	rels, err := s.vacuumTargets(n, o)
	if err != nil {
		return "", err
	}
	if !o.vacuum {
		for _, rel := range rels {
			if err := s.analyzeRel(rel, o); err != nil {
				return "", err
			}
		}
		return tag, nil
	}
	// No snapshot of ours may hold the horizon back.
	if err := s.commit(); err != nil {
		return "", err
	}
	files := smgr.New(s.e.dataDir, smgr.NewSyncIO())
	defer files.Close()
	for _, rel := range rels {
		if err := s.checkInterrupts(); err != nil {
			return "", err
		}
		// ShareUpdateExclusive keeps two VACUUMs (and CREATE INDEX, DDL)
		// of one table apart; VACUUM holds it outside any transaction,
		// so it is taken at session level for the table's pass.
		db := s.db
		if rel.Shared {
			db = 0
		}
		tag := lmgr.RelationTag(db, rel.Oid)
		opts := s.lockOpts()
		opts.Session = true
		// Autovacuum never waits: a table someone else holds is the
		// next round's.
		opts.NoWait = s.autovacuum
		if err := s.lockTag(tag, lmgr.ShareUpdateExclusive, opts); err != nil {
			return "", err
		}
		st, err := s.vacuumRel(rel, o, fileTruncator{files})
		s.e.locks.Unlock(tag, lmgr.ShareUpdateExclusive, true)
		if err != nil {
			return "", err
		}
		if err := s.recordRelStats(rel, int32(st.PagesLeft), float32(st.LiveTuples-st.RecentlyDead)); err != nil {
			return "", err
		}
		s.reportVacuum(rel, int64(st.LiveTuples-st.RecentlyDead), int64(st.RecentlyDead))
		s.autovacStats = st
		if o.analyze {
			if err := s.analyzeAlone(rel, o); err != nil {
				return "", err
			}
		}
	}
	return tag, nil
}

// vacuumTargets resolves the tables named, or every table of the
// database (and the shared catalogs) when none is.
func (s *Session) vacuumTargets(n *parser.VacuumStmt, o vacuumOptions) ([]*catalog.Relation, error) {
	snap := s.snapshot()
	var rels []*catalog.Relation
	if len(n.Rels) == 0 {
		all, err := s.cat.Relations(snap)
		if err != nil {
			return nil, err
		}
		for _, r := range all {
			if r.Kind == catalog.KindTable {
				rels = append(rels, r)
			}
		}
		return rels, nil
	}
	verb := "vacuum"
	if !o.vacuum {
		verb = "analyze"
	}
	for _, vr := range n.Rels {
		if vr.Relation == nil {
			continue
		}
		r, err := s.cat.LookupRelation(snap, s.searchPath(), vr.Relation.Schema, vr.Relation.Name)
		if err != nil {
			return nil, err
		}
		if r.Kind != catalog.KindTable {
			w := pgerr.New("01000", "skipping \"%s\" --- cannot %s non-tables or special system tables", r.Name, verb)
			s.notice(w)
			continue
		}
		if !slices.Contains(rels, r) {
			rels = append(rels, r)
		}
	}
	return rels, nil
}

// vacuumTable is the executor's description of rel that VACUUM needs:
// its storage, descriptor and indexes (all of them, expression and
// partial ones too: every index must forget a TID before its line
// pointer is reused).
func (s *Session) vacuumTable(rel *catalog.Relation) *plan.Table {
	t := &plan.Table{Oid: rel.Oid, Relfilenode: rel.Relfilenode, DB: s.db, Name: rel.Name,
		Schema: rel.NamespaceName, Desc: rel.Desc(), FillFactor: rel.FillFactor, Kind: rel.Kind}
	if rel.Shared {
		t.DB = 0
	}
	if rel.Toast != 0 {
		t.Toast = &plan.Table{Oid: rel.Toast, Relfilenode: rel.ToastNode, DB: t.DB, Name: "pg_toast_" + itoa(rel.Oid), Kind: 't'}
	}
	for _, ix := range rel.Indexes {
		t.Indexes = append(t.Indexes, &plan.Index{Oid: ix.Oid, Relfilenode: ix.Relfilenode, Name: ix.Name, ConstraintName: ix.Name})
	}
	return t
}

// vacuumRel vacuums one table (lazy_vacuum_rel).
func (s *Session) vacuumRel(rel *catalog.Relation, o vacuumOptions, files heap.StorageTruncator) (heap.VacuumStats, error) {
	var st heap.VacuumStats
	t := s.vacuumTable(rel)
	h, err := s.e.exec.Heap(t)
	if err != nil {
		return st, err
	}
	hz := s.e.tm.Horizon()
	dead, err := h.VacuumScan(hz, &st, s.checkInterrupts)
	if err == nil {
		err = s.e.tm.Err()
	}
	if err != nil {
		return st, err
	}
	removedIx := make([]int, len(t.Indexes))
	if len(dead) > 0 {
		isDead := func(tid btree.TID) bool {
			_, found := slices.BinarySearchFunc(dead, tid, func(a tuple.TID, b btree.TID) int {
				if a.Block != b.Block {
					if a.Block < b.Block {
						return -1
					}
					return 1
				}
				return int(a.Offset) - int(b.Offset)
			})
			return found
		}
		for i, pix := range t.Indexes {
			bs, err := s.e.exec.Index(t, pix).BulkDelete(isDead)
			if err != nil {
				return st, err
			}
			removedIx[i] = bs.Removed
		}
		if err := h.VacuumDead(dead, &st); err != nil {
			return st, err
		}
	}
	var toastSt heap.VacuumStats
	if th := h.Toast(); th != nil {
		_, err := th.VacuumScan(hz, &toastSt, s.checkInterrupts)
		if err == nil && o.truncate {
			toastSt.PagesRemoved, err = th.TruncateEmpty(files)
		}
		if err != nil {
			return st, err
		}
	}
	if o.truncate {
		cut, err := h.TruncateEmpty(files)
		if err != nil {
			return st, err
		}
		st.PagesRemoved = cut
	}
	st.PagesLeft = st.Pages - st.PagesRemoved
	if n, err := h.Nblocks(); err == nil {
		st.PagesLeft = n
	}
	if o.verbose {
		s.info("vacuuming \"%s.%s.%s\"", s.dbName, rel.NamespaceName, rel.Name)
		for i, pix := range t.Indexes {
			s.info("scanned index \"%s\" to remove %d row versions", pix.Name, removedIx[i])
		}
		s.info("finished vacuuming \"%s.%s.%s\": index scans: %d\n"+
			"pages: %d removed, %d remain, %d scanned (100.00%% of total)\n"+
			"tuples: %d removed, %d remain, %d are dead but not yet removable\n"+
			"removable cutoff: %d\n"+
			"index scan needed: %d pages from table had %d dead item identifiers removed",
			s.dbName, rel.NamespaceName, rel.Name, boolInt(len(dead) > 0 && len(t.Indexes) > 0),
			st.PagesRemoved, st.PagesLeft, st.PagesScanned,
			st.TuplesRemoved, st.LiveTuples, st.RecentlyDead,
			hz.OldestXmin(), deadPages(dead), st.ItemsFreed)
		if t.Toast != nil {
			s.info("finished vacuuming \"%s.pg_toast.%s\": pages: %d removed, %d scanned; tuples: %d removed, %d remain",
				s.dbName, t.Toast.Name, toastSt.PagesRemoved, toastSt.PagesScanned, toastSt.TuplesRemoved, toastSt.LiveTuples)
		}
	}
	return st, nil
}

// analyzeRel counts the rows of rel the statement's snapshot sees,
// samples them for the columns' statistics, and records relpages,
// reltuples and pg_statistic's rows (in the current transaction: ANALYZE
// may run in a block).
func (s *Session) analyzeRel(rel *catalog.Relation, o vacuumOptions) error {
	t := s.vacuumTable(rel)
	h, err := s.e.exec.Heap(t)
	if err != nil {
		return err
	}
	cols, err := s.analyzeColumns(rel)
	if err != nil {
		return err
	}
	sampler := colstats.NewSampler[[]byte](sampleSize(cols))
	sc, err := h.Scan(s.snapshot())
	if err != nil {
		return err
	}
	rows := 0
	for sc.Next() {
		rows++
		if len(cols) > 0 {
			if slot, keep := sampler.Want(); keep {
				sampler.Add(slot, append([]byte(nil), sc.Tuple().Data...))
			} else {
				sampler.Skip()
			}
		}
		if rows%4096 == 0 {
			if err := s.checkInterrupts(); err != nil {
				sc.Close()
				return err
			}
		}
	}
	sc.Close()
	if err := sc.Err(); err != nil {
		return err
	}
	pages, err := h.Nblocks()
	if err != nil {
		return err
	}
	if len(cols) > 0 {
		if err := s.storeColumnStats(rel, h, cols, sampler.Rows(), float64(rows)); err != nil {
			return err
		}
	}
	s.reportAnalyze(rel, int64(rows), -1)
	if o.verbose {
		s.info("analyzing \"%s.%s\"", rel.NamespaceName, rel.Name)
		s.info("\"%s\": scanned %d of %d pages, containing %d live rows and 0 dead rows; %d rows in sample, %d estimated total rows",
			rel.Name, pages, pages, rows, rows, rows)
	}
	if err := s.recordIndexSizes(rel, float32(rows)); err != nil {
		return err
	}
	return s.setRelSize(rel.Oid, int32(pages), float32(rows))
}

// analyzeAlone runs ANALYZE of rel in a transaction of its own (VACUUM
// ANALYZE, after the table's vacuum).
func (s *Session) analyzeAlone(rel *catalog.Relation, o vacuumOptions) error {
	s.begin()
	s.cat.BeginStatement()
	if err := s.analyzeRel(rel, o); err != nil {
		s.abort()
		return err
	}
	return s.commit()
}

// recordRelStats stores what VACUUM measured of rel and its indexes in
// pg_class, in a transaction of its own.
func (s *Session) recordRelStats(rel *catalog.Relation, pages int32, tuples float32) error {
	s.begin()
	s.cat.BeginStatement()
	err := s.recordIndexSizes(rel, tuples)
	if err == nil {
		err = s.setRelSize(rel.Oid, pages, tuples)
	}
	if err != nil {
		s.abort()
		if catalog.IsConcurrentUpdate(err) {
			// Another VACUUM or ANALYZE of the table (autovacuum) has
			// just recorded its own figures: PostgreSQL updates them in
			// place and never conflicts; here the later one gives way.
			return nil
		}
		return err
	}
	return s.commit()
}

// info queues an INFO message (VACUUM VERBOSE's).
func (s *Session) info(format string, a ...any) {
	e := pgerr.New(pgerr.SuccessfulCompletion, format, a...)
	e.Severity = "INFO"
	s.notices = append(s.notices, e)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// deadPages counts the pages the dead TIDs (in TID order) lie on.
func deadPages(tids []tuple.TID) int {
	n := 0
	for i := range tids {
		if i == 0 || tids[i].Block != tids[i-1].Block {
			n++
		}
	}
	return n
}

// fileTruncator cuts relation files through a file manager of this
// backend's own (the pool does not own files).
type fileTruncator struct{ m *smgr.Manager }

func (f fileTruncator) Truncate(rf bufmgr.RelFork, nblocks uint32) error {
	loc := smgr.RelFileLocator{Spc: rf.Spc, DB: rf.DB, Rel: rf.Rel}
	if err := f.m.Truncate(loc, smgr.Fork(rf.Fork), nblocks); err != nil {
		return fmt.Errorf("could not truncate relation %s to %d blocks: %w", rf, nblocks, err)
	}
	return nil
}
