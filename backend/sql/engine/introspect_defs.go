package engine

import (
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
)

// The pg_get_*def family (ruleutils.c): the SQL that would recreate an
// index, a constraint or a view. Expressions are stored as SQL text here
// (see package catalog), so they are printed as stored; PostgreSQL
// prints them from the analysed tree and shows implicit casts of
// constants (price > 0::numeric), which these do not yet.

// indexDef is pg_get_indexdef: the whole CREATE INDEX when col is 0, else
// key column col's expression alone.
func (s *Session) indexDef(oid uint32, col int, pretty bool) (types.Datum, error) {
	ir := s.relationOrNil(oid)
	if ir == nil || ir.Index == nil {
		return types.Null, nil
	}
	ix := ir.Index
	table := s.relationOrNil(ix.Rel)
	if table == nil {
		return types.Null, nil
	}
	key := func(k int) string {
		if ix.Keys[k] != 0 {
			return columnName(table, ix.Keys[k])
		}
		n := 0
		for j := 0; j < k; j++ {
			if ix.Keys[j] == 0 {
				n++
			}
		}
		if n < len(ix.Exprs) {
			return s.indexExprText(table, ix.Exprs[n], pretty)
		}
		return "?"
	}
	if col > 0 {
		if col > len(ix.Keys) {
			return text(""), nil
		}
		return text(key(col - 1)), nil
	}
	am, err := s.cat.AccessMethodName(s.snapshot(), oid)
	if err != nil {
		return types.Null, err
	}
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	// Pretty mode names the table as the search path sees it, the plain
	// form always qualifies it (PRETTYFLAG_SCHEMA).
	on := qualifiedRelationName(table)
	if pretty {
		on = s.relationName(table)
	}
	b.WriteString("INDEX " + quoteIdent(ir.Name) + " ON " + on + " USING " + am + " (")
	for k := range ix.Keys {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(key(k))
		var opt int16
		if k < len(ix.Options) {
			opt = ix.Options[k]
		}
		desc, nullsFirst := opt&catalog.IndexDesc != 0, opt&catalog.IndexNullsFirst != 0
		switch {
		case desc && !nullsFirst:
			b.WriteString(" DESC NULLS LAST")
		case desc:
			b.WriteString(" DESC")
		case nullsFirst:
			b.WriteString(" NULLS FIRST")
		}
	}
	b.WriteString(")")
	if ir.FillFactor != 0 {
		b.WriteString(" WITH (fillfactor='" + itoa(uint32(ir.FillFactor)) + "')")
	}
	if ix.Predicate != "" {
		b.WriteString(" WHERE " + s.indexPredText(table, ix.Predicate, pretty))
	}
	return text(b.String()), nil
}

// looksLikeFunction is ruleutils' test for an index expression that
// needs no parentheses: a bare function call.
func looksLikeFunction(e string) bool {
	i := strings.IndexByte(e, '(')
	if i <= 0 || !strings.HasSuffix(e, ")") {
		return false
	}
	for _, c := range e[:i] {
		if !(c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

var fkActions = map[byte]string{'r': "RESTRICT", 'c': "CASCADE", 'n': "SET NULL", 'd': "SET DEFAULT"}

// constraintDef is pg_get_constraintdef.
func (s *Session) constraintDef(oid uint32, pretty bool) (types.Datum, error) {
	con, err := s.cat.ConstraintByOid(s.snapshot(), oid)
	if err != nil || con == nil {
		return types.Null, err
	}
	if con.Rel == 0 && con.Type == 'c' {
		return types.Datum{S: s.domainCheckDef(con, pretty)}, nil
	}
	rel := s.relationOrNil(con.Rel)
	if rel == nil {
		return types.Null, nil
	}
	var b strings.Builder
	switch con.Type {
	case 'f':
		ref := s.relationOrNil(con.RefRel)
		if ref == nil {
			return types.Null, nil
		}
		b.WriteString("FOREIGN KEY (" + columnList(rel, con.Keys) + ") REFERENCES " + s.relationName(ref) +
			"(" + columnList(ref, con.RefKeys) + ")")
		if con.MatchType == 'f' {
			b.WriteString(" MATCH FULL")
		}
		if a, ok := fkActions[con.UpdAction]; ok {
			b.WriteString(" ON UPDATE " + a)
		}
		if a, ok := fkActions[con.DelAction]; ok {
			b.WriteString(" ON DELETE " + a)
		}
	case 'p', 'u':
		if con.Type == 'p' {
			b.WriteString("PRIMARY KEY (")
		} else {
			b.WriteString("UNIQUE (")
		}
		b.WriteString(columnList(rel, con.Keys) + ")")
		if ir := s.relationOrNil(con.Index); ir != nil && ir.FillFactor != 0 {
			b.WriteString(" WITH (fillfactor='" + itoa(uint32(ir.FillFactor)) + "')")
		}
	case 'c':
		src := s.deparseCheck(rel, con.Check, pretty)
		b.WriteString("CHECK (" + src + ")")
	default:
		return types.Null, nil
	}
	if con.Deferrable {
		b.WriteString(" DEFERRABLE")
	}
	if con.Deferred {
		b.WriteString(" INITIALLY DEFERRED")
	}
	if !con.Validated {
		b.WriteString(" NOT VALID")
	}
	return text(b.String()), nil
}

// deparseCheck prints a check constraint's expression: as stored,
// parenthesised outside pretty mode as ruleutils does.
func (s *Session) deparseCheck(rel *catalog.Relation, src string, pretty bool) string {
	if out, ok := s.deparseTyped(rel, src, pretty); ok {
		return out
	}
	if pretty {
		return src
	}
	return "(" + src + ")"
}

// viewDef is pg_get_viewdef, with targets wrapped at column wrap (0:
// one per line).
func (s *Session) viewDef(oid uint32, pretty bool, wrap int) (types.Datum, error) {
	r := s.relationOrNil(oid)
	if r == nil || r.Kind != catalog.KindView {
		return types.Null, nil
	}
	return text(s.formatViewQuery(r, pretty, wrap)), nil
}

func init() {
	catFunc("pg_get_indexdef", []types.Oid{types.OidOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return s.indexDef(oidArg(a[0]), 0, false)
	})
	catFunc("pg_get_indexdef", []types.Oid{types.OidOid, types.Int4Oid, types.BoolOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return s.indexDef(oidArg(a[0]), int(a[1].I), a[2].I != 0)
	})
	catFunc("pg_get_constraintdef", []types.Oid{types.OidOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return s.constraintDef(oidArg(a[0]), false)
	})
	catFunc("pg_get_constraintdef", []types.Oid{types.OidOid, types.BoolOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return s.constraintDef(oidArg(a[0]), a[1].I != 0)
	})
	catFunc("pg_get_viewdef", []types.Oid{types.OidOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return s.viewDef(oidArg(a[0]), false, 0)
	})
	catFunc("pg_get_viewdef", []types.Oid{types.OidOid, types.BoolOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return s.viewDef(oidArg(a[0]), a[1].I != 0, 0)
	})
	catFunc("pg_get_viewdef", []types.Oid{types.OidOid, types.Int4Oid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return s.viewDef(oidArg(a[0]), true, int(a[1].I))
	})
	viewByName := func(s *Session, name string, pretty bool) (types.Datum, error) {
		oid, err := s.env.RegclassIn(name)
		if err != nil {
			return types.Null, err
		}
		return s.viewDef(uint32(oid), pretty, 0)
	}
	catFunc("pg_get_viewdef", []types.Oid{types.TextOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return viewByName(s, a[0].S, false)
	})
	catFunc("pg_get_viewdef", []types.Oid{types.TextOid, types.BoolOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return viewByName(s, a[0].S, a[1].I != 0)
	})
	// Rules other than a view's _RETURN, triggers and extended statistics
	// cannot be created yet: their describing functions see no object.
	none := func(*Session, []types.Datum) (types.Datum, error) { return types.Null, nil }
	catFunc("pg_get_ruledef", []types.Oid{types.OidOid}, types.TextOid, true, none)
	catFunc("pg_get_ruledef", []types.Oid{types.OidOid, types.BoolOid}, types.TextOid, true, none)
	catFunc("pg_get_triggerdef", []types.Oid{types.OidOid}, types.TextOid, true, none)
	catFunc("pg_get_triggerdef", []types.Oid{types.OidOid, types.BoolOid}, types.TextOid, true, none)
	catFunc("pg_get_statisticsobjdef", []types.Oid{types.OidOid}, types.TextOid, true, none)
	catFunc("pg_get_statisticsobjdef_columns", []types.Oid{types.OidOid}, types.TextOid, true, none)
	catFunc("pg_get_function_sqlbody", []types.Oid{types.OidOid}, types.TextOid, true, none) // no SQL-standard bodies
	catFunc("pg_get_partkeydef", []types.Oid{types.OidOid}, types.TextOid, true, none)
	catFunc("pg_get_partition_constraintdef", []types.Oid{types.OidOid}, types.TextOid, true, none)

	// pg_relation_is_updatable and pg_column_is_updatable: tables take
	// every change, simply updatable views what plan.ViewUpdatable says.
	updatable := func(s *Session, oid uint32) (int32, []bool, *catalog.Relation) {
		r := s.relationOrNil(oid)
		if r == nil {
			return 0, nil, nil
		}
		if r.Kind == catalog.KindTable {
			return 4 | 8 | 16, nil, r
		}
		if r.Kind != catalog.KindView {
			return 0, nil, r
		}
		t, err := s.planTable(r)
		if err != nil {
			return 0, nil, r
		}
		ev, cols := plan.ViewUpdatable(sessionCatalog{s}, t)
		return ev, cols, r
	}
	catFunc("pg_relation_is_updatable", []types.Oid{types.RegclassOid, types.BoolOid}, types.Int4Oid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		ev, _, _ := updatable(s, oidArg(a[0]))
		return types.Int(int64(ev)), nil
	})
	catFunc("pg_column_is_updatable", []types.Oid{types.RegclassOid, types.Int2Oid, types.BoolOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		ev, cols, r := updatable(s, oidArg(a[0]))
		if r == nil || a[1].I <= 0 || ev&4 == 0 {
			return types.Bool(false), nil
		}
		if r.Kind == catalog.KindTable {
			return types.Bool(true), nil
		}
		// cols are the view's live columns in order.
		n := 0
		for i, c := range r.Columns {
			if c.Dropped {
				continue
			}
			if int64(i+1) == a[1].I {
				return types.Bool(n < len(cols) && cols[n]), nil
			}
			n++
		}
		return types.Bool(false), nil
	})
	catFunc("pg_relation_is_publishable", []types.Oid{types.RegclassOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		r := s.relationOrNil(oidArg(a[0]))
		if r == nil {
			return types.Null, nil
		}
		ok := r.Kind == catalog.KindTable && r.Persistence == catalog.PersistencePermanent &&
			r.Namespace != catalog.PgCatalogNamespace && r.Oid >= catalog.FirstNormalOid
		return types.Bool(ok), nil
	})
	// pg_partition_ancestors: with no partitioning, a relation is its own
	// only ancestor.
	funcs.Register(&funcs.Func{Oid: procOid("pg_partition_ancestors", []types.Oid{types.RegclassOid}), Name: "pg_partition_ancestors", Args: []types.Oid{types.RegclassOid}, Result: types.RegclassOid,
		RetSet: true, Volatility: funcs.Volatile, Strict: true,
		SRF: func(c *funcs.Ctx, a []types.Datum) (funcs.Rows, error) {
			s := sessionOf(c)
			if s == nil || s.xact == nil || s.relationOrNil(oidArg(a[0])) == nil {
				return &datumRows{}, nil
			}
			return &datumRows{rows: []types.Datum{types.Int(a[0].I)}}, nil
		}})

	// Functions.
	catFunc("pg_get_function_result", []types.Oid{types.OidOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		p, _, err := s.cat.ProcByOid(s.snapshot(), oidArg(a[0]))
		if err != nil || p == nil {
			return types.Null, err
		}
		res := formatTypeOid(p.Result)
		if p.RetSet {
			res = "SETOF " + res
		}
		return text(res), nil
	})
	// Both print every parameter, OUT ones too, as PostgreSQL does for
	// functions without defaults: the registry keeps no default
	// expressions nor input parameter names.
	args := func(s *Session, a []types.Datum) (types.Datum, error) {
		p, _, err := s.cat.ProcByOid(s.snapshot(), oidArg(a[0]))
		if err != nil || p == nil {
			return types.Null, err
		}
		var parts []string
		for i, t := range p.Args {
			arg := formatTypeOid(t)
			if p.Variadic != 0 && i == len(p.Args)-1 {
				arg = "VARIADIC " + arg
			}
			parts = append(parts, arg)
		}
		for i, t := range p.OutTypes {
			arg := "OUT "
			if i < len(p.OutNames) && p.OutNames[i] != "" {
				arg += quoteIdent(p.OutNames[i]) + " "
			}
			parts = append(parts, arg+formatTypeOid(t))
		}
		return text(strings.Join(parts, ", ")), nil
	}
	catFunc("pg_get_function_arguments", []types.Oid{types.OidOid}, types.TextOid, true, args)
	catFunc("pg_get_function_identity_arguments", []types.Oid{types.OidOid}, types.TextOid, true, args)
}

func quoteIdent(s string) string { return parser.QuoteIdent(s) }

func qualifiedRelationName(r *catalog.Relation) string {
	return parser.QuoteIdent(r.NamespaceName) + "." + parser.QuoteIdent(r.Name)
}

func formatTypeOid(t uint32) string {
	if types.Lookup(types.Oid(t)) == nil {
		return "???"
	}
	return types.FormatType(types.T{Oid: types.Oid(t), Mod: -1})
}

// datumRows are the rows of a one-column set-returning function.
type datumRows struct {
	rows []types.Datum
	row  [1]types.Datum
}

func (r *datumRows) Next(*funcs.Ctx) ([]types.Datum, bool, error) {
	if len(r.rows) == 0 {
		return nil, false, nil
	}
	r.row[0], r.rows = r.rows[0], r.rows[1:]
	return r.row[:], true, nil
}
