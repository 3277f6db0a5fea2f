package plan

import (
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Plan analyses and plans a statement the executor runs: SELECT, VALUES,
// INSERT, UPDATE or DELETE. sql is the whole query string (for error
// positions); paramTypes are the types the client declared for $1..$n
// (0 where it left one to be inferred).
func Plan(stmt parser.Stmt, sql string, cat Catalog, env *types.Env, paramTypes []types.Oid) (*Query, error) {
	q := &analyzer{cat: cat, sql: sql, env: env}
	for _, oid := range paramTypes {
		p := &paramInfo{t: types.Of(types.UnknownOid)}
		if oid != 0 {
			p.t, p.fixed = types.Of(oid), true
			if d := types.DomainOf(oid); d != nil {
				// A parameter declared of a domain holds base values.
				p.t, p.domain = types.T{Oid: d.Base.Oid, Mod: -1}, oid
			}
		}
		q.params = append(q.params, p)
	}
	return planWith(q, stmt)
}

// planWith analyses and plans stmt with a prepared analyzer.
func planWith(q *analyzer, stmt parser.Stmt) (*Query, error) {
	var root Node
	var cols []Column
	var err error
	query := &Query{}
	switch s := stmt.(type) {
	case *parser.SelectStmt:
		root, cols, err = q.selectStmt(s)
		query.Tag, query.ReadOnly = "SELECT", true
		if len(s.Locking) > 0 {
			query.ReadOnly = false
		}
	case *parser.InsertStmt:
		root, cols, err = q.insertStmt(s)
		query.Tag = "INSERT"
	case *parser.UpdateStmt:
		root, cols, err = q.updateStmt(s)
		query.Tag = "UPDATE"
	case *parser.DeleteStmt:
		root, cols, err = q.deleteStmt(s)
		query.Tag = "DELETE"
	default:
		return nil, pgerr.New(pgerr.InternalError, "statement %T does not run through the planner", stmt)
	}
	if err != nil {
		return nil, err
	}
	if query.Params, err = q.paramTypes(); err != nil {
		return nil, err
	}
	query.ParamDomains = q.paramDomains()
	query.Root, query.Cols, query.Tables, query.Perms, query.Funcs = root, cols, q.tables, q.perms, q.funcs
	if len(q.modifying) > 0 {
		query.Modifying, query.Modified, query.ReadOnly = q.modifying, q.modified, false
	}
	return query, nil
}

// ParseExpr analyses a stand-alone expression over a table's columns
// (a CHECK constraint, a column default when t is nil), as used by DDL and
// by the catalog adapter.
func ParseExpr(sqlText string, t *Table, cat Catalog, env *types.Env) (expr.Expr, error) {
	val, err := parseStored(sqlText)
	if err != nil {
		return nil, err
	}
	q := &analyzer{cat: cat, sql: sqlText, env: env}
	q.sc = &scope{q: q, noAggs: "check constraints", noWins: "check constraints", sysRefused: refuseInCheck}
	if t != nil {
		q.sc.add(tableEntry(t, t.Name, nil))
	}
	return q.transform(val)
}

// parseStored parses the text of a stored expression (a default, a CHECK
// constraint, an index or generation expression): exactly one expression.
func parseStored(sqlText string) (parser.Expr, error) {
	stmts, err := parser.Parse("SELECT " + sqlText)
	if err != nil {
		return nil, err
	}
	var sel *parser.SelectStmt
	if len(stmts) == 1 {
		sel, _ = stmts[0].(*parser.SelectStmt)
	}
	if sel == nil || len(sel.Targets) != 1 {
		return nil, pgerr.New(pgerr.SyntaxError, "invalid expression %q", sqlText)
	}
	return sel.Targets[0].Val, nil
}

// tableEntry is a table's scope entry; sys lists the hidden system
// columns after the table's own (a DML target's TID is SysCtid, first).
func tableEntry(t *Table, alias string, sys []SysAttr) *rangeEntry {
	cols := make([]Column, len(t.Cols), len(t.Cols)+len(sys))
	vis := make([]bool, len(t.Cols), len(t.Cols)+len(sys))
	for i, c := range t.Cols {
		cols[i] = Column{Name: c.Name, T: c.T, Table: t.Oid, Attnum: int16(i + 1)}
		vis[i] = !c.Dropped
		if c.Dropped {
			cols[i].Name = ""
		}
	}
	e := &rangeEntry{alias: alias, schema: t.Schema, cols: cols, table: t, colsVis: vis}
	e.addSysCols(sys)
	return e
}

// targetSys is the system columns of a DML target's entry: its TID
// first, then the others the statement may name.
func (q *analyzer) targetSys() []SysAttr {
	out := []SysAttr{SysCtid}
	for _, a := range q.sysWanted() {
		if a != SysCtid {
			out = append(out, a)
		}
	}
	return out
}

// ConstValues evaluates expressions that may not refer to any column (the
// arguments of EXECUTE), each coerced by assignment to its type.
func ConstValues(exprs []parser.Expr, want []types.T, sql string, cat Catalog, env *types.Env, ctx *funcs.Ctx) ([]types.Datum, error) {
	q := &analyzer{cat: cat, sql: sql, env: env}
	q.sc = &scope{q: q, noAggs: "EXECUTE parameter", noWins: "EXECUTE parameter"}
	out := make([]types.Datum, len(exprs))
	for i, e := range exprs {
		x, err := q.transform(e)
		if err != nil {
			return nil, err
		}
		if i < len(want) {
			if x, err = q.coerce(x, want[i], types.CastAssignment, exprLoc(e)); err != nil {
				return nil, err
			}
		}
		v, err := x.Eval(&expr.Frame{Ctx: ctx})
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
