package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// SysAttr is a system column of a heap row version that a scan (or a
// RETURNING row) carries after the table's columns: PostgreSQL's ctid,
// xmin, cmin, xmax and cmax. tableoid is a constant of the table and
// needs no column.
type SysAttr uint8

const (
	SysCtid SysAttr = iota + 1 // the version's (block, item)
	SysXmin                    // the inserting transaction (low 32 bits)
	SysCmin                    // the raw command id field
	SysXmax                    // the deleting, updating or locking transaction (low 32 bits)
	SysCmax                    // the same command id field as cmin, as PostgreSQL shows it
)

// sysNames lists the system columns in PostgreSQL's attribute number
// order (-1 ctid ... -5 cmax); tableoid (-6) is handled apart.
var sysNames = [...]struct {
	name string
	attr SysAttr
	t    types.Oid
}{
	{"ctid", SysCtid, types.TidOid},
	{"xmin", SysXmin, types.XidOid},
	{"cmin", SysCmin, types.CidOid},
	{"xmax", SysXmax, types.XidOid},
	{"cmax", SysCmax, types.CidOid},
}

// Name returns the column's name.
func (a SysAttr) Name() string {
	for _, s := range sysNames {
		if s.attr == a {
			return s.name
		}
	}
	return "?"
}

// Type returns the column's type.
func (a SysAttr) Type() types.T {
	for _, s := range sysNames {
		if s.attr == a {
			return types.Of(s.t)
		}
	}
	return types.Of(types.UnknownOid)
}

// IsSystemColumnName reports whether name is one of PostgreSQL's system
// column names, which no user column may take (42701).
func IsSystemColumnName(name string) bool {
	if name == "tableoid" {
		return true
	}
	for _, s := range sysNames {
		if s.name == name {
			return true
		}
	}
	return false
}

// SystemColumnConflict is the error for a user column named like a
// system column.
func SystemColumnConflict(name string) error {
	return pgerr.New(pgerr.DuplicateColumn, "column name %q conflicts with a system column name", name)
}

// sysWanted returns the system columns the statement text being analysed
// may name: those whose name occurs in it, in any case. A table's FROM
// entry carries only these, so statements that name none keep their rows
// as narrow as before; a false match costs one unused column.
func (q *analyzer) sysWanted() []SysAttr {
	if q.sysFor == q.sql && q.sysDone {
		return q.sysList
	}
	var out []SysAttr
	if q.sql == "" {
		for _, s := range sysNames {
			out = append(out, s.attr)
		}
	} else {
		found := sysNamesIn(q.sql)
		for _, s := range sysNames {
			if found&(1<<s.attr) != 0 {
				out = append(out, s.attr)
			}
		}
	}
	q.sysFor, q.sysList, q.sysDone = q.sql, out, true
	return out
}

// sysNamesIn returns the set (bit 1<<SysAttr) of system column names that
// occur in text, in any case, in one pass over it.
func sysNamesIn(text string) uint32 {
	var found uint32
	for i := 0; i+4 <= len(text); i++ {
		c := text[i] | 0x20 // ASCII lower case; other bytes never match below
		if c != 'c' && c != 'x' {
			continue
		}
		for _, s := range sysNames {
			if s.name[0] == c && containsFold(text[i:i+4], s.name) {
				found |= 1 << s.attr
			}
		}
	}
	return found
}

// addSysCols appends the system columns sys to a table entry's columns,
// hidden from unqualified lookup and from *: only systemColumn finds them.
func (e *rangeEntry) addSysCols(sys []SysAttr) {
	if len(sys) == 0 {
		return
	}
	if e.colsVis == nil {
		e.colsVis = make([]bool, len(e.cols))
		for i := range e.colsVis {
			e.colsVis[i] = true
		}
	}
	e.sysAt = len(e.cols)
	for _, a := range sys {
		e.cols = append(e.cols, Column{Name: a.Name(), T: a.Type()})
		e.colsVis = append(e.colsVis, false)
	}
	e.sys = append([]SysAttr(nil), sys...)
}

// isSys reports whether column i of e is a system column.
func (e *rangeEntry) isSys(i int) bool {
	return e.sys != nil && i >= e.sysAt && i < e.sysAt+len(e.sys)
}

// sysIndex returns the column of e holding system column a, or -1.
func (e *rangeEntry) sysIndex(a SysAttr) int {
	for k, x := range e.sys {
		if x == a {
			return e.sysAt + k
		}
	}
	return -1
}

// sysAttrNamed returns the system column called name (0 when none).
func sysAttrNamed(name string) SysAttr {
	for _, s := range sysNames {
		if s.name == name {
			return s.attr
		}
	}
	return 0
}

// systemColumn resolves a system column of a table in this scope: of the
// one aliased alias, or, unqualified, of the only table that has it (two
// are 42702, as in PostgreSQL; a table inside an explicit JOIN counts for
// none, since the join has no system columns). tableoid is the table's oid as a
// constant; the others are columns the scan fills from the row version.
func (s *scope) systemColumn(name, alias string, loc int) (expr.Expr, bool, error) {
	attr := sysAttrNamed(name)
	if attr == 0 && name != "tableoid" {
		return nil, false, nil
	}
	var found *rangeEntry
	for _, e := range s.entries {
		if e.table == nil {
			continue
		}
		if alias != "" && (e.alias != alias || e.aliased) {
			continue
		}
		if alias == "" && (e.hidden || e.aliased || e.inJoin) {
			continue
		}
		if found != nil {
			return nil, false, s.q.errAt(pgerr.New(pgerr.AmbiguousColumn, "column reference %q is ambiguous", name), loc)
		}
		found = e
	}
	if found == nil {
		return nil, false, nil
	}
	if s.sysRefused != nil {
		if err := s.sysRefused(name); err != nil {
			return nil, false, s.q.errAt(err, loc)
		}
	}
	if attr == 0 {
		return &expr.Const{T: types.Of(types.OidOid), Value: types.Int(int64(found.table.Oid))}, true, nil
	}
	i := found.sysIndex(attr)
	if i < 0 {
		return nil, false, nil
	}
	s.q.columnRead(found)
	return &expr.Var{Index: found.offset + i, T: attr.Type(), Name: name}, true, nil
}

// scanSys returns the system columns of e a scan appends after the TID
// column a DML target already carries (emitTID).
func scanSys(e *rangeEntry, emitTID bool) []SysAttr {
	sys := e.sys
	if emitTID && len(sys) > 0 && sys[0] == SysCtid {
		sys = sys[1:]
	}
	if len(sys) == 0 {
		return nil
	}
	return sys
}

// markInJoin marks the entries a JOIN added to sc (from index start on)
// as its inputs.
func markInJoin(sc *scope, start int) {
	for _, e := range sc.entries[start:] {
		e.inJoin = true
	}
}

// updateTargetMissing is the error for an UPDATE SET target that is no
// column of t: a system column cannot be assigned (0A000), anything else
// does not exist (42703).
func updateTargetMissing(t *Table, name string) error {
	if IsSystemColumnName(name) {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot assign to system column %q", name)
	}
	return pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", name, t.Name)
}

// containsFold reports whether s contains lower, a lower-case ASCII word,
// in any case (without allocating a lower-case copy of s).
func containsFold(s, lower string) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		j := 0
		for ; j < len(lower); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lower[j] {
				break
			}
		}
		if j == len(lower) {
			return true
		}
	}
	return false
}

// tidCond finds among a table's conditions (table-relative Vars) one of
// the form ctid = value, value reading no column of this level: the TID
// a TID scan reads. It returns the value and the other conditions.
func tidCond(e *rangeEntry, quals []expr.Expr) (expr.Expr, []expr.Expr) {
	col := -1
	if e != nil {
		col = e.sysIndex(SysCtid)
	}
	if col < 0 {
		return nil, quals
	}
	for i, c := range quals {
		v, op, val, ok := indexCond(c)
		if !ok || op != "=" || v != col || spanOf(val).volatile {
			continue
		}
		rest := append(append([]expr.Expr(nil), quals[:i]...), quals[i+1:]...)
		return val, rest
	}
	return nil, quals
}

// refuseInCheck is the error for a system column other than tableoid in
// a CHECK constraint.
func refuseInCheck(name string) error {
	if name == "tableoid" {
		return nil
	}
	return pgerr.New(pgerr.InvalidColumnReference, "system column %q reference in check constraint is invalid", name)
}

// refuseInIndex is the error for a system column in an index expression
// or predicate.
func refuseInIndex(string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "index creation on system columns is not supported")
}
