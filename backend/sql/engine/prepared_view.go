package engine

import (
	"sort"
	"strings"

	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// pg_prepared_statement() is pg_prepared_statements' function: one row per
// statement the session PREPAREd in SQL (protocol-level statements are not
// listed yet).
func init() {
	out := []funcs.Column{{Name: "name", Type: types.TextOid}, {Name: "statement", Type: types.TextOid},
		{Name: "prepare_time", Type: types.TimestampTZOid}, {Name: "parameter_types", Type: types.RegtypeArrayOid},
		{Name: "from_sql", Type: types.BoolOid}, {Name: "generic_plans", Type: types.Int8Oid},
		{Name: "custom_plans", Type: types.Int8Oid}}
	funcs.Register(&funcs.Func{Oid: 2510, Name: "pg_prepared_statement", Result: types.RecordOid, RetSet: true, Out: out,
		Volatility: funcs.Volatile, Strict: true,
		SRF: func(c *funcs.Ctx, _ []types.Datum) (funcs.Rows, error) {
			s := sessionOf(c)
			if s == nil {
				return &cursorRowsSRF{}, nil
			}
			return &cursorRowsSRF{rows: s.preparedRows()}, nil
		}})
}

// preparedRows are pg_prepared_statements' rows, by name.
func (s *Session) preparedRows() [][]types.Datum {
	names := make([]string, 0, len(s.prepared))
	for n := range s.prepared {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([][]types.Datum, 0, len(names))
	for _, n := range names {
		p := s.prepared[n]
		elems := make([]types.Datum, len(p.params))
		for i, t := range p.params {
			elems[i] = types.Int(int64(t))
		}
		out = append(out, []types.Datum{types.String(n), types.String(p.source), types.Int(micros2000(p.prepared)),
			types.ArrayDatum(types.NewArray(types.RegtypeOid, elems)), types.Bool(true), types.Int(0), types.Int(p.execs)})
	}
	return out
}

// prepareSource is the text pg_prepared_statements shows for a PREPARE:
// the client's query string when the session published it, else the
// statement deparsed.
func (s *Session) prepareSource(n *parser.PrepareStmt) string {
	if s.e != nil && s.e.proc != nil {
		if q := s.e.proc.Activity().Query; strings.Contains(strings.ToUpper(q), "PREPARE") {
			return q
		}
	}
	return n.String()
}
