package engine

import (
	"strconv"
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// sessionCatalog is the planner's view of the catalog under the current
// statement's snapshot.
type sessionCatalog struct{ s *Session }

func (c sessionCatalog) LookupTable(schema, name string) (*plan.Table, error) {
	s := c.s
	rel, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), schema, name)
	if err != nil {
		return nil, err
	}
	return s.planTable(rel)
}

func (c sessionCatalog) TableDefaults(t *plan.Table) []string {
	s := c.s
	rel, err := s.cat.Relation(s.snapshot(), t.Oid)
	if err != nil {
		return nil
	}
	out := make([]string, len(rel.Columns))
	for i, col := range rel.Columns {
		if col.Generated == 0 {
			out[i] = col.Default
		}
		if col.Identity != 0 && col.Default == "" {
			out[i] = s.identityDefault(rel.Oid, col.Num)
		}
		if col.Domain != 0 && out[i] == "" && col.Generated == 0 {
			if d := types.DomainOf(col.Domain); d != nil {
				out[i] = d.Default
			}
		}
	}
	return out
}

// identityDefault is the value an identity column takes when none is
// given: the next value of its sequence ("" if it has none).
func (s *Session) identityDefault(rel uint32, num int16) string {
	snap := s.snapshot()
	seq, err := s.cat.IdentitySequence(snap, rel, num)
	if err != nil || seq == 0 {
		return ""
	}
	sr, err := s.cat.Relation(snap, seq)
	if err != nil {
		return ""
	}
	return "nextval(" + parser.QuoteString(quoteIdent(sr.NamespaceName)+"."+quoteIdent(sr.Name)) + "::regclass)"
}

func (s *Session) searchPath() []string {
	var out []string
	for _, p := range strings.Split(s.set.SearchPath(), ",") {
		p = strings.TrimSpace(p)
		p = strings.Trim(p, `"`)
		if p == "$user" {
			p = s.user
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// planTable converts a catalog relation to the planner's and executor's
// description, cached per catalog relation.
func (s *Session) planTable(rel *catalog.Relation) (*plan.Table, error) {
	if t, ok := s.tables[rel]; ok {
		return t, nil
	}
	t := &plan.Table{Oid: rel.Oid, Relfilenode: rel.Relfilenode, DB: s.db, Name: rel.Name,
		Schema: rel.NamespaceName, Desc: rel.Desc(), FillFactor: rel.FillFactor, Kind: rel.Kind, ViewDef: rel.ViewDef, Owner: rel.Owner}
	if rel.Shared {
		t.DB = 0
	}
	for _, c := range rel.Columns {
		tc := plan.TableColumn{Name: c.Name, T: c.Type, NotNull: c.NotNull, Dropped: c.Dropped, Identity: c.Identity}
		if c.Generated != 0 {
			tc.Generated = c.Default
		}
		if c.Domain != 0 && !c.Dropped {
			d, err := s.compileColumnDomain(c.Domain)
			if err != nil {
				return nil, err
			}
			tc.Domain = d
		}
		t.Cols = append(t.Cols, tc)
	}
	if rel.Toast != 0 {
		t.Toast = &plan.Table{Oid: rel.Toast, Relfilenode: rel.ToastNode, DB: t.DB, Name: "pg_toast_" + itoa(rel.Oid), Kind: 't'}
	}
	for _, ix := range rel.Indexes {
		pix := &plan.Index{Oid: ix.Oid, Relfilenode: ix.Relfilenode, Name: ix.Name, Unique: ix.Unique, Primary: ix.Primary, ConstraintName: ix.Name}
		usable := true
		for k, key := range ix.Keys {
			if key < 0 || int(key) > len(rel.Columns) {
				usable = false
				break
			}
			if key == 0 {
				pix.Cols = append(pix.Cols, -1)
				pix.Types = append(pix.Types, types.T{}) // set by planIndexExprs
			} else {
				pix.Cols = append(pix.Cols, int(key-1))
				pix.Types = append(pix.Types, rel.Columns[key-1].Type)
			}
			var opt int16
			if k < len(ix.Options) {
				opt = ix.Options[k]
			}
			pix.Desc = append(pix.Desc, opt&catalog.IndexDesc != 0)
			pix.NullsFirst = append(pix.NullsFirst, opt&2 != 0)
		}
		if !usable {
			return nil, pgerr.New(pgerr.InternalError, "index %q has a key column the table lacks", ix.Name)
		}
		if err := s.planIndexExprs(rel, t, ix, pix); err != nil {
			return nil, err
		}
		for _, con := range rel.Constraints {
			if con.Index == ix.Oid && (con.Type == 'p' || con.Type == 'u') {
				pix.ConstraintName = con.Name
			}
		}
		t.Indexes = append(t.Indexes, pix)
	}
	if err := s.tableStats(t, rel); err != nil {
		return nil, err
	}
	// Cached before the foreign keys are resolved: they may lead back here.
	s.tables[rel] = t
	if err := s.foreignKeys(t, rel); err != nil {
		delete(s.tables, rel)
		return nil, err
	}
	for _, con := range rel.Constraints {
		if con.Type != 'c' {
			continue
		}
		x, err := plan.ParseExpr(con.Check, t, sessionCatalog{s}, s.env)
		if err != nil {
			return nil, err
		}
		t.Checks = append(t.Checks, plan.Check{Name: con.Name, Expr: x})
	}
	s.tables[rel] = t
	return t, nil
}

func itoa(v uint32) string { return strconv.FormatUint(uint64(v), 10) }

// foreignKeys fills a table's foreign keys, both ways.
func (s *Session) foreignKeys(t *plan.Table, rel *catalog.Relation) error {
	for _, con := range rel.Constraints {
		if con.Type != 'f' {
			continue
		}
		fk, err := s.foreignKey(con)
		if err != nil {
			return err
		}
		t.FKs = append(t.FKs, fk)
	}
	for _, con := range rel.ReferencedBy {
		fk, err := s.foreignKey(con)
		if err != nil {
			return err
		}
		t.RefBy = append(t.RefBy, fk)
	}
	return nil
}

// foreignKey describes one FOREIGN KEY constraint for the executor.
func (s *Session) foreignKey(con *catalog.Constraint) (*plan.ForeignKey, error) {
	snap := s.snapshot()
	fromRel, err := s.cat.Relation(snap, con.Rel)
	if err != nil {
		return nil, err
	}
	toRel, err := s.cat.Relation(snap, con.RefRel)
	if err != nil {
		return nil, err
	}
	from, err := s.planTable(fromRel)
	if err != nil {
		return nil, err
	}
	to, err := s.planTable(toRel)
	if err != nil {
		return nil, err
	}
	fk := &plan.ForeignKey{Name: con.Name, From: from, To: to, OnDelete: con.DelAction, OnUpdate: con.UpdAction,
		MatchFull: con.MatchType == 'f'}
	for _, k := range con.Keys {
		fk.Cols = append(fk.Cols, int(k-1))
	}
	if con.DelAction == 'd' || con.UpdAction == 'd' {
		if fk.Defaults, err = s.keyDefaults(from, fk.Cols); err != nil {
			return nil, err
		}
	}
	for _, k := range con.RefKeys {
		fk.RefCols = append(fk.RefCols, int(k-1))
	}
	for _, ix := range to.Indexes {
		if ix.Oid == con.Index {
			fk.RefIndex = ix
		}
	}
	if fk.RefIndex == nil {
		return nil, pgerr.New(pgerr.InternalError, "foreign key %q has no unique index on %q", con.Name, to.Name)
	}
	// The referenced index's column order may differ from the
	// constraint's: reorder the pairs to follow the index.
	if len(fk.RefIndex.Cols) == len(fk.RefCols) {
		cols := make([]int, len(fk.Cols))
		ref := make([]int, len(fk.RefCols))
		for i, ic := range fk.RefIndex.Cols {
			for j, rc := range fk.RefCols {
				if rc == ic {
					cols[i], ref[i] = fk.Cols[j], rc
				}
			}
		}
		fk.Cols, fk.RefCols = cols, ref
	}
	for _, ix := range from.Indexes {
		if ix.Pred == nil && len(ix.Cols) >= len(fk.Cols) && sameInts(ix.Cols[:len(fk.Cols)], fk.Cols) {
			fk.FromIndex = ix
			break
		}
	}
	return fk, nil
}

// keyDefaults analyses the defaults of columns cols of table t (ON
// DELETE / ON UPDATE SET DEFAULT).
func (s *Session) keyDefaults(t *plan.Table, cols []int) ([]expr.Expr, error) {
	defs := sessionCatalog{s}.TableDefaults(t)
	out := make([]expr.Expr, len(cols))
	for i, c := range cols {
		col := t.Cols[c]
		if c >= len(defs) || defs[c] == "" {
			out[i] = &expr.Const{T: col.T, Value: types.Null}
			continue
		}
		x, _, err := plan.ColumnDefault(defs[c], col.T, col.Name, sessionCatalog{s}, s.env)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func sameInts(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
