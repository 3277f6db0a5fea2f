package engine

import (
	"regexp"
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// pg_get_expr deparses a stored expression (a column default, an index
// predicate) of relation relid as ruleutils does: literals labelled with
// their types ('abc'::text), operators parenthesised outside pretty
// mode. It replaces the pass-through registration of hooks.go (this
// file's init runs after it). Expressions it cannot analyse, and those
// with SQL-standard value functions (CURRENT_TIMESTAMP, which the
// analyser turns into calls PostgreSQL would not print), come back as
// stored.

// sqlValueFunctions are the keywords PostgreSQL keeps as such in
// deparsed expressions.
var sqlValueFunctions = []string{"CURRENT_", "LOCALTIME", "SESSION_USER", "USER", "CURRENT_CATALOG", "CURRENT_SCHEMA"}

func (s *Session) getExpr(src string, relid uint32, pretty bool) string {
	if list, ok := catalog.SplitIndexExprs(src); ok {
		// pg_index.indexprs: the expressions, comma-separated, with the
		// implicit casts of function arguments shown as in index keys.
		rel := s.relationOrNil(relid)
		for i, x := range list {
			if rel == nil {
				continue
			}
			if out, ok := s.deparseIndexExpr(rel, x, pretty); ok {
				list[i] = out
			}
		}
		return strings.Join(list, ", ")
	}
	upper := strings.ToUpper(src)
	for _, kw := range sqlValueFunctions {
		if strings.Contains(upper, kw) {
			return src
		}
	}
	rel := s.relationOrNil(relid)
	if rel == nil {
		return src
	}
	t, err := s.planTable(rel)
	if err != nil {
		return src
	}
	x, err := plan.ParseExpr(src, t, sessionCatalog{s}, s.env)
	if err != nil {
		return src
	}
	d := &deparser{s: s, pretty: pretty, ok: true}
	if k, ok := x.(*expr.Const); ok && k.T.Oid == types.UnknownOid && !k.Value.Null {
		// A default's literal takes the type of its column.
		ct, ok := defaultColumnType(rel, src)
		if !ok {
			return src
		}
		v, err := types.Input(ct, k.Value.S, s.env)
		if err != nil {
			return src
		}
		return parser.QuoteString(types.Output(ct, v, s.env)) + "::" + types.FormatType(ct)
	}
	out := d.top(x)
	if !d.ok || lostCall(src, out) {
		return src
	}
	return out
}

var callRe = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_$]*)\s*\(`)

// lostCall reports whether a function call written in src is missing
// from its deparsed form out: the analyser folded a call of constants
// (lower('X') became 'x'), which PostgreSQL keeps in stored expressions.
func lostCall(src, out string) bool {
	for _, m := range callRe.FindAllStringSubmatch(stripLiterals(src), -1) {
		name := strings.ToLower(m[1])
		switch name {
		case "array", "and", "or", "not", "in", "any", "all", "some", "exists", "values", "row", "between", "is":
			continue
		}
		if !strings.Contains(out, name+"(") {
			return true
		}
	}
	return false
}

// stripLiterals removes the quoted strings of src (so that their text is
// not taken for calls).
func stripLiterals(src string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(src); i++ {
		if src[i] == '\'' {
			in = !in
			continue
		}
		if !in {
			b.WriteByte(src[i])
		}
	}
	return b.String()
}

// defaultColumnType returns the type (without typmod) of the column of
// rel whose default is src, when the columns with that default agree.
func defaultColumnType(rel *catalog.Relation, src string) (types.T, bool) {
	var out types.T
	found := false
	for _, c := range rel.Columns {
		if c.Dropped || c.Default != src {
			continue
		}
		t := types.T{Oid: c.Type.Oid, Mod: -1}
		if found && t != out {
			return types.T{}, false
		}
		out, found = t, true
	}
	return out, found
}

func init() {
	get := func(s *Session, a []types.Datum) (types.Datum, error) {
		pretty := len(a) > 2 && a[2].I != 0
		return text(s.getExpr(a[0].S, oidArg(a[1]), pretty)), nil
	}
	catFunc("pg_get_expr", []types.Oid{types.TextOid, types.OidOid}, types.TextOid, true, get)
	catFunc("pg_get_expr", []types.Oid{types.TextOid, types.OidOid, types.BoolOid}, types.TextOid, true, get)
}
