package engine

import (
	"strconv"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/access/transam"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// maxMissingLen bounds a default kept as a column's missing value: a
// larger one is stored in every row by a rewrite instead, so that the
// pg_attribute row stays small.
const maxMissingLen = 4096

// alterWork is what the commands of one ALTER TABLE (ADD COLUMN, ADD
// CONSTRAINT, SET NOT NULL) leave for after its last command, in
// PostgreSQL's order: the table rewrite (every row stored again: some
// added column has a volatile default), then the checks of the existing
// rows, the new indexes, the new foreign keys.
type alterWork struct {
	rewrite  bool
	fill     map[int16]expr.Expr // attnum: the volatile default each existing row evaluates
	gen      map[int16]expr.Expr // attnum: an added generated column's expression, over the row
	notNull  []string            // columns made NOT NULL
	pkNull   []string            // columns an added primary key made NOT NULL, checked before its index is built
	checks   []*catalog.Constraint
	indexes  []uint32 // indexes of added PRIMARY KEY and UNIQUE constraints
	foreigns []*catalog.Constraint
	retype   *retype // columns whose type changes (altertype.go)
}

func (w *alterWork) empty() bool {
	return !w.rewrite && len(w.notNull) == 0 && len(w.checks) == 0 && len(w.indexes) == 0 && len(w.foreigns) == 0
}

// addColumn runs one ADD COLUMN command: the column with its default and
// its constraints goes into the catalog now; the existing rows are dealt
// with by finishAlter.
func (s *Session) addColumn(oid uint32, cmd *parser.AlterTableCmd, w *alterWork) error {
	tx, snap := s.xact, s.snapshot()
	rel, err := s.cat.Relation(snap, oid)
	if err != nil {
		return err
	}
	if cmd.MissingOk && rel.Column(cmd.Column.Name) != nil {
		e := pgerr.New(pgerr.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists, skipping", cmd.Column.Name, rel.Name)
		e.Severity = pgerr.SeverityNotice
		s.notices = append(s.notices, e)
		return nil
	}
	if err := checkColumnClauses(cmd.Column, rel.Name); err != nil {
		return err
	}
	col, serial, cons, err := s.columnSpec(cmd.Column)
	if err != nil {
		return err
	}
	var seq uint32
	if serial {
		// A serial or identity column: its sequence, then the default.
		seqName, err := s.freeRelName(snap, rel.Namespace, rel.Name+"_"+col.Name+"_seq")
		if err != nil {
			return err
		}
		seqSpec := catalog.SequenceSpec{Namespace: rel.Namespace, Name: seqName,
			Type: col.Type.Oid, Owner: rel.Owner, Persistence: rel.Persistence}
		if _, err := seqSpecOptions(&seqSpec, identityOptions(cmd.Column)); err != nil {
			return err
		}
		seqName = seqSpec.Name
		sq, err := s.cat.CreateSequence(tx, snap, seqSpec)
		if err != nil {
			return err
		}
		seq = sq.Oid
		if col.Default, err = s.serialDefault(rel.Namespace, seqName); err != nil {
			return err
		}
		col.DependsOn = []uint32{seq}
		col.NotNull = true
		if err := s.nextCommand(); err != nil {
			return err
		}
		snap = s.snapshot()
	}
	var fill expr.Expr
	if !serial && col.Default != "" && col.Generated == 0 {
		col.DependsOn = append(col.DependsOn, s.defaultSequences(col.Default)...)
	}
	if col.Generated != 0 {
		// Computed over each existing row by the rewrite (addGenerated).
	} else if d := types.DomainOf(col.Type.Oid); d != nil {
		// Existing rows take the column's default, else the domain's,
		// else NULL, checked against the domain (a rewrite).
		src := col.Default
		if src == "" {
			src = d.Default
		}
		if src == "" {
			src = "NULL"
		}
		if fill, _, err = plan.ColumnDefault(src, col.Type, col.Name, sessionCatalog{s}, s.env); err != nil {
			return err
		}
	} else if col.Default != "" {
		x, volatile, err := plan.ColumnDefault(col.Default, col.Type, col.Name, sessionCatalog{s}, s.env)
		if err != nil {
			return err
		}
		if c, ok := x.(*expr.Const); ok && c.Value.Null {
			// DEFAULT NULL is no default, as PostgreSQL stores none.
			col.Default = ""
		} else if volatile {
			fill = x
		} else if v, err := x.Eval(&expr.Frame{Ctx: s.fctx}); err != nil {
			return err
		} else if !v.Null {
			b := types.AppendStored(nil, col.Type, v)
			// Kept as a missing value when attmissingval can hold it: a
			// built-in type with an array type, or an array type
			// (pg_attribute shows it as an array of the type), a value
			// of modest size.
			shown := types.ArrayOf(col.Type.Oid) != 0 || types.ElemType(col.Type.Oid) != 0
			if !shown || len(b) == 0 || len(b) > maxMissingLen {
				fill = x // stored in every row by a rewrite instead
			} else {
				col.Missing = b
			}
		}
	}
	c, err := s.cat.AddColumn(tx, snap, oid, col)
	if err != nil {
		return err
	}
	if serial {
		if err := s.cat.SetSequenceOwner(tx, seq, oid, c.Num, col.Identity != 0); err != nil {
			return err
		}
	}
	if col.Generated != 0 {
		if err := s.addGenerated(oid, c.Num, w); err != nil {
			return err
		}
	}
	if fill != nil {
		w.rewrite = true
		if w.fill == nil {
			w.fill = map[int16]expr.Expr{}
		}
		w.fill[c.Num] = fill
	}
	if col.NotNull && col.Missing == nil {
		// (Every existing row reads a missing value, which is not null.)
		w.notNull = append(w.notNull, col.Name)
	}
	for _, spec := range cons {
		if err := s.nextCommand(); err != nil {
			return err
		}
		con, ix, err := s.cat.AddConstraint(tx, s.snapshot(), oid, spec)
		if err != nil {
			return err
		}
		switch {
		case ix != nil:
			w.indexes = append(w.indexes, ix.Oid)
		case spec.Type == 'c':
			w.checks = append(w.checks, con)
		case spec.Type == 'f':
			w.foreigns = append(w.foreigns, con)
		}
	}
	return nil
}

// addGenerated checks the generation expression of the generated column
// attnum just added to table oid and leaves it for the rewrite, which
// computes it for every existing row.
func (s *Session) addGenerated(oid uint32, attnum int16, w *alterWork) error {
	if err := s.nextCommand(); err != nil {
		return err
	}
	rel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return err
	}
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	x, err := plan.CheckGeneratedExpr(t, int(attnum-1), sessionCatalog{s}, s.env)
	if err != nil {
		return err
	}
	w.rewrite = true
	if w.gen == nil {
		w.gen = map[int16]expr.Expr{}
	}
	w.gen[attnum] = x
	return nil
}

// computeGenerated evaluates, over a row being rewritten, the defaults
// defs (by column) and then the generated columns gen.
func (s *Session) computeGenerated(row []types.Datum, defs []expr.Expr, gen map[int16]expr.Expr) error {
	f := &expr.Frame{Row: row, Ctx: s.fctx}
	for i, x := range defs {
		if x == nil {
			continue
		}
		v, err := x.Eval(f)
		if err != nil {
			return err
		}
		row[i] = v
	}
	for num, x := range gen {
		v, err := x.Eval(f)
		if err != nil {
			return err
		}
		row[num-1] = v
	}
	return nil
}

// checkGenerated checks the generation expressions of a new table's
// generated columns, refusing what PostgreSQL refuses there.
func (s *Session) checkGenerated(rel *catalog.Relation) error {
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	for i, c := range t.Cols {
		if c.Generated == "" || c.Dropped {
			continue
		}
		if _, err := plan.CheckGeneratedExpr(t, i, sessionCatalog{s}, s.env); err != nil {
			return err
		}
	}
	return nil
}

// freeRelName returns name, or name followed by the smallest number
// that makes it unused in schema ns, as PostgreSQL chooses the name of a
// serial column's sequence.
func (s *Session) freeRelName(snap *transam.Snapshot, ns uint32, name string) (string, error) {
	try := name
	for i := 1; ; i++ {
		oid, err := s.cat.RelationIn(snap, ns, try)
		if err != nil || oid == 0 {
			return try, err
		}
		try = name + strconv.Itoa(i)
	}
}

// finishAlter brings the existing rows of table oid in line with what
// the statement's commands added: the rewrite if one is due, then the
// NOT NULL and CHECK verifications, the new indexes (all of them after a
// rewrite) and the new foreign keys' validation.
func (s *Session) finishAlter(oid uint32, w *alterWork) error {
	if w.empty() {
		return nil
	}
	if err := s.nextCommand(); err != nil {
		return err
	}
	if w.rewrite {
		if err := s.rewriteTable(oid, w.fill, w.gen, w.retype); err != nil {
			return err
		}
	}
	rel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return err
	}
	for _, name := range w.pkNull {
		if err := s.verifyNotNull(rel, name); err != nil {
			return err
		}
	}
	if !w.rewrite {
		if err := s.buildIndexOids(oid, w.indexes); err != nil {
			return err
		}
	}
	for _, name := range w.notNull {
		if err := s.verifyNotNull(rel, name); err != nil {
			return err
		}
	}
	for _, con := range w.checks {
		if err := s.verifyCheck(rel, con); err != nil {
			return err
		}
	}
	if w.rewrite {
		if err := s.buildIndexes(rel, rel.Indexes); err != nil {
			return err
		}
	}
	for _, con := range w.foreigns {
		if err := s.validateForeignKey(rel, con); err != nil {
			return err
		}
	}
	return nil
}

// buildIndexOids builds the named new indexes of table oid from its rows.
func (s *Session) buildIndexOids(oid uint32, oids []uint32) error {
	if len(oids) == 0 {
		return nil
	}
	rel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return err
	}
	var ixs []*catalog.Index
	for _, ix := range rel.Indexes {
		for _, o := range oids {
			if ix.Oid == o {
				ixs = append(ixs, ix)
			}
		}
	}
	return s.buildIndexes(rel, ixs)
}

// verifyNotNull fails with 23502 when a row of rel has NULL in column
// name, as PostgreSQL's check of a NOT NULL added to existing rows.
func (s *Session) verifyNotNull(rel *catalog.Relation, name string) error {
	row, err := s.firstRow("SELECT 1 FROM " + qualifiedRel(rel) + " WHERE " + parser.QuoteIdent(name) + " IS NULL LIMIT 1")
	if err != nil || row == nil {
		return err
	}
	e := pgerr.New(pgerr.NotNullViolation, "column \"%s\" of relation \"%s\" contains null values", name, rel.Name)
	e.Schema, e.Table = rel.NamespaceName, rel.Name
	return e
}

// verifyCheck fails with 23514 when a row of rel violates check
// constraint con (its expression is false, not NULL).
func (s *Session) verifyCheck(rel *catalog.Relation, con *catalog.Constraint) error {
	row, err := s.firstRow("SELECT 1 FROM " + qualifiedRel(rel) + " WHERE NOT (" + con.Check + ") LIMIT 1")
	if err != nil || row == nil {
		return err
	}
	return pgerr.New(pgerr.CheckViolation, "check constraint \"%s\" of relation \"%s\" is violated by some row", con.Name, rel.Name).
		WithConstraint(rel.NamespaceName, rel.Name, con.Name)
}

func qualifiedRel(rel *catalog.Relation) string {
	return parser.QuoteIdent(rel.NamespaceName) + "." + parser.QuoteIdent(rel.Name)
}

// rewriteBatch is the number of rows a rewrite inserts at a time.
const rewriteBatch = 1000

// rewriteTable stores every row of table oid again, in new files, as
// PostgreSQL's table rewrite does: each row the transaction sees is read
// from the old files (with the missing values of added columns), the
// columns of fill take their volatile default evaluated for the row, and
// the row goes to the new files, the columns of gen computed over it. The table, its indexes and its toast
// relation get new relfilenodes (the old files go at commit, the new ones
// at abort, as TRUNCATE's); the columns lose their missing values; the
// caller builds the indexes. Like PostgreSQL's, the rewrite is not
// MVCC-safe: the rows are inserted by this transaction, so a snapshot
// older than it sees the table empty once it commits.
func (s *Session) rewriteTable(oid uint32, fill, gen map[int16]expr.Expr, r *retype) error {
	snap := s.snapshot()
	rel, err := s.cat.Relation(snap, oid)
	if err != nil {
		return err
	}
	old, err := s.planTable(rel)
	if err != nil {
		return err
	}
	if old, err = retypeSource(old, r); err != nil {
		return err
	}
	if _, err := s.cat.SetRelfilenode(s.xact, snap, oid); err != nil {
		return err
	}
	if err := s.cat.ClearMissing(s.xact, snap, oid); err != nil {
		return err
	}
	if err := s.nextCommand(); err != nil {
		return err
	}
	nrel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return err
	}
	if err := s.ssiMoveRelation(rel, nrel); err != nil {
		return err
	}
	nt, err := s.planTable(nrel)
	if err != nil {
		return err
	}
	// The rows go in as they are: constraints and indexes are checked
	// and built afterwards, with PostgreSQL's messages.
	ins := *nt
	ins.Indexes, ins.Checks, ins.FKs = nil, nil, nil
	ins.Cols = append([]plan.TableColumn(nil), nt.Cols...)
	cols := make([]plan.Column, len(ins.Cols))
	defs := make([]expr.Expr, len(ins.Cols))
	for i := range ins.Cols {
		ins.Cols[i].NotNull = false
		cols[i] = plan.Column{Name: ins.Cols[i].Name, T: ins.Cols[i].T}
		defs[i] = fill[int16(i+1)]
	}
	n, err := s.copyRows(old, &ins, cols, defs, gen, r)
	if err != nil {
		return err
	}
	// The rows moved rather than arrived: pg_stat's counts of inserted
	// and live rows stay as they were, as PostgreSQL's rewrite leaves them.
	s.e.exec.Stats.Rel(nt.DB, nt.Oid).Inserted -= n
	return s.nextCommand()
}

// copyRows inserts every row of table from that the transaction sees into
// table to (same columns), columns with a defs entry evaluating it,
// columns whose type r changes converted, the columns of gen computed
// over the row, and returns how many it inserted.
func (s *Session) copyRows(from, to *plan.Table, cols []plan.Column, defs []expr.Expr, gen map[int16]expr.Expr, r *retype) (int64, error) {
	h, err := s.e.exec.Heap(from)
	if err != nil {
		return 0, err
	}
	scan, err := h.Scan(s.snapshot())
	if err != nil {
		return 0, err
	}
	defer scan.Close()
	// With generated columns to compute, each row takes its volatile
	// defaults first (the expressions may read them), here rather than
	// in the Values node.
	valuesDefs, rowDefs := defs, []expr.Expr(nil)
	if len(gen) > 0 {
		valuesDefs, rowDefs = nil, defs
	}
	var copied int64
	n := len(from.Cols)
	vals, nulls := make([][]byte, n), make([]bool, n)
	var batch [][]types.Datum
	var arena []types.Datum // the batch's rows, allocated together
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		q := &plan.Query{Root: &plan.Insert{Table: to, Input: &plan.Values{Datums: batch, Defaults: valuesDefs, Cols: cols}}, Tag: "INSERT"}
		p, err := s.Bind(&Stmt{Query: q}, nil)
		if err != nil {
			return err
		}
		_, _, err = s.Fetch(p, 0, func([]types.Datum) error { return nil })
		copied += int64(len(batch))
		batch = batch[:0]
		return err
	}
	for scan.Next() {
		if err := tuple.DeformInto(from.Desc, scan.Tuple().Data, vals, nulls); err != nil {
			return 0, err
		}
		if len(arena)+n > cap(arena) {
			arena = make([]types.Datum, 0, rewriteBatch*n)
		}
		row := arena[len(arena) : len(arena)+n : len(arena)+n]
		arena = arena[:len(arena)+n]
		for i, col := range from.Cols {
			row[i] = types.Null
			if nulls[i] || col.Dropped || defs[i] != nil {
				continue
			}
			v := vals[i]
			if from.Desc.Attrs[i].Len == tuple.VarlenaLen {
				kind, _, err := tuple.VarInfo(v)
				if err != nil {
					return 0, err
				}
				if kind == tuple.VarCompressed || kind == tuple.VarExternal {
					if v, err = h.Detoast(v); err != nil {
						return 0, err
					}
					v = tuple.MakeVarlena(v)
				}
			}
			if row[i], err = types.FromStored(col.T, v); err != nil {
				return 0, err
			}
		}
		if err := s.convertRow(r, row); err != nil {
			return 0, err
		}
		if err := s.computeGenerated(row, rowDefs, gen); err != nil {
			return 0, err
		}
		batch = append(batch, row)
		if len(batch) >= rewriteBatch {
			if err := s.checkInterrupts(); err != nil {
				return 0, err
			}
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := scan.Err(); err != nil {
		return 0, err
	}
	err = flush()
	return copied, err
}
