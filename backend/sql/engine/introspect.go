package engine

import (
	"strconv"
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
)

// Functions that describe catalog objects, for clients' introspection
// queries (psql's \d family, pg_dump-like tools): pg_get_indexdef,
// pg_get_constraintdef, pg_get_viewdef, pg_get_userbyid, the comment
// functions, the relation size functions, the visibility and privilege
// tests. They read the catalog under the statement's snapshot. An object
// that does not exist gives NULL, as PostgreSQL's do.

// catFunc registers a stable catalog function that needs an open
// transaction; outside one it returns NULL.
func catFunc(name string, args []types.Oid, result types.Oid, strict bool, f func(s *Session, a []types.Datum) (types.Datum, error)) {
	funcs.Register(&funcs.Func{Oid: procOid(name, args), Name: name, Args: args, Result: result, Volatility: funcs.Stable, Strict: strict,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil || s.xact == nil {
				return types.Null, nil
			}
			return f(s, a)
		}})
}

// catFuncVolatile is catFunc for the strict volatile functions (the
// size functions: files grow between two calls of one statement).
func catFuncVolatile(name string, args []types.Oid, result types.Oid, f func(s *Session, a []types.Datum) (types.Datum, error)) {
	funcs.Register(&funcs.Func{Oid: procOid(name, args), Name: name, Args: args, Result: result, Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil || s.xact == nil {
				return types.Null, nil
			}
			return f(s, a)
		}})
}

func oidArg(d types.Datum) uint32 { return uint32(d.I) }

// procOid is PostgreSQL's pg_proc OID for the function name(args), 0 if
// it has none: with it the function gets its pg_proc row.
func procOid(name string, args []types.Oid) uint32 {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = strconv.FormatUint(uint64(a), 10)
	}
	return pgProcOids[name+"("+strings.Join(parts, ",")+")"]
}

// relationOrNil returns relation oid, nil when it does not exist.
func (s *Session) relationOrNil(oid uint32) *catalog.Relation {
	r, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return nil
	}
	return r
}

// relationVisible is pg_table_is_visible: the relation is the one its
// bare name finds in the search path.
func (s *Session) relationVisible(r *catalog.Relation) bool {
	found, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), "", r.Name)
	return err == nil && found.Oid == r.Oid
}

// relationName is ruleutils' generate_relation_name: the name, qualified
// when the search path would not find this relation by it.
func (s *Session) relationName(r *catalog.Relation) string {
	if s.relationVisible(r) {
		return parser.QuoteIdent(r.Name)
	}
	return parser.QuoteIdent(r.NamespaceName) + "." + parser.QuoteIdent(r.Name)
}

func columnName(r *catalog.Relation, num int16) string {
	for _, c := range r.Columns {
		if c.Num == num {
			return parser.QuoteIdent(c.Name)
		}
	}
	return "?"
}

func columnList(r *catalog.Relation, nums []int16) string {
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = columnName(r, n)
	}
	return strings.Join(out, ", ")
}

// encodingNames are PostgreSQL's pg_enc names by number.
var encodingNames = []string{"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8",
	"MULE_INTERNAL", "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8",
	"LATIN9", "LATIN10", "WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252",
	"ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254", "WIN1255",
	"WIN1257", "KOI8U", "SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB", "SHIFT_JIS_2004"}

func init() {
	funcs.Register(&funcs.Func{Oid: procOid("pg_encoding_to_char", []types.Oid{types.Int4Oid}), Name: "pg_encoding_to_char", Args: []types.Oid{types.Int4Oid}, Result: types.NameOid,
		Volatility: funcs.Stable, Strict: true,
		Call: func(_ *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			if a[0].I < 0 || a[0].I >= int64(len(encodingNames)) {
				return text(""), nil
			}
			return text(encodingNames[a[0].I]), nil
		}})
	funcs.Register(&funcs.Func{Oid: procOid("pg_char_to_encoding", []types.Oid{types.NameOid}), Name: "pg_char_to_encoding", Args: []types.Oid{types.NameOid}, Result: types.Int4Oid,
		Volatility: funcs.Stable, Strict: true,
		Call: func(_ *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			for i, n := range encodingNames {
				if strings.EqualFold(n, a[0].S) {
					return types.Int(int64(i)), nil
				}
			}
			return types.Int(-1), nil
		}})

	catFunc("pg_get_userbyid", []types.Oid{types.OidOid}, types.NameOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		name, ok, err := s.cat.RoleName(s.snapshot(), oidArg(a[0]))
		if err != nil {
			return types.Null, err
		}
		if !ok {
			return text("unknown (OID=" + itoa(oidArg(a[0])) + ")"), nil
		}
		return text(name), nil
	})

	// Comments.
	describe := func(s *Session, obj uint32, class string, sub int32) (types.Datum, error) {
		classOid, ok := catalogOidByName(class)
		if !ok {
			return types.Null, nil
		}
		d, found, err := s.cat.Description(s.snapshot(), obj, classOid, sub)
		if err != nil || !found {
			return types.Null, err
		}
		return text(d), nil
	}
	catFunc("obj_description", []types.Oid{types.OidOid, types.NameOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return describe(s, oidArg(a[0]), a[1].S, 0)
	})
	catFunc("obj_description", []types.Oid{types.OidOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		// The deprecated form: any catalog; pg_class is the one comments are made on here.
		return describe(s, oidArg(a[0]), "pg_class", 0)
	})
	catFunc("col_description", []types.Oid{types.OidOid, types.Int4Oid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return describe(s, oidArg(a[0]), "pg_class", int32(a[1].I))
	})
	catFunc("shobj_description", []types.Oid{types.OidOid, types.NameOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		classOid, ok := catalogOidByName(a[1].S)
		if !ok {
			return types.Null, nil
		}
		d, found, err := s.cat.SharedDescription(s.snapshot(), oidArg(a[0]), classOid)
		if err != nil || !found {
			return types.Null, err
		}
		return text(d), nil
	})

	// Visibility in the search path.
	catFunc("pg_function_is_visible", []types.Oid{types.OidOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		p, ns, err := s.cat.ProcByOid(s.snapshot(), oidArg(a[0]))
		if err != nil || p == nil {
			return types.Null, err
		}
		return types.Bool(s.namespaceInPath(ns)), nil
	})
	catFunc("pg_type_is_visible", []types.Oid{types.OidOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		if types.Lookup(types.Oid(a[0].I)) == nil {
			return types.Null, nil
		}
		return types.Bool(true), nil // every type is a built-in in pg_catalog
	})

	// Privileges: there are no privileges yet, so every test passes.
	privilege := func(name string, objTypes ...types.Oid) {
		yes := func(*Session, []types.Datum) (types.Datum, error) { return types.Bool(true), nil }
		for _, obj := range objTypes {
			catFunc(name, []types.Oid{obj, types.TextOid}, types.BoolOid, true, yes)
			catFunc(name, []types.Oid{types.NameOid, obj, types.TextOid}, types.BoolOid, true, yes)
			catFunc(name, []types.Oid{types.OidOid, obj, types.TextOid}, types.BoolOid, true, yes)
		}
	}
	for _, name := range []string{"has_table_privilege", "has_sequence_privilege", "has_database_privilege",
		"has_schema_privilege", "has_function_privilege", "has_tablespace_privilege", "has_language_privilege",
		"has_foreign_data_wrapper_privilege", "has_server_privilege", "has_type_privilege"} {
		privilege(name, types.TextOid, types.OidOid)
	}
	yes := func(*Session, []types.Datum) (types.Datum, error) { return types.Bool(true), nil }
	for _, tab := range []types.Oid{types.TextOid, types.OidOid} {
		for _, col := range []types.Oid{types.TextOid, types.Int2Oid} {
			catFunc("has_column_privilege", []types.Oid{tab, col, types.TextOid}, types.BoolOid, true, yes)
			catFunc("has_column_privilege", []types.Oid{types.NameOid, tab, col, types.TextOid}, types.BoolOid, true, yes)
			catFunc("has_column_privilege", []types.Oid{types.OidOid, tab, col, types.TextOid}, types.BoolOid, true, yes)
		}
	}
	for _, obj := range []types.Oid{types.TextOid, types.OidOid} {
		catFunc("has_any_column_privilege", []types.Oid{obj, types.TextOid}, types.BoolOid, true, yes)
		catFunc("has_any_column_privilege", []types.Oid{types.NameOid, obj, types.TextOid}, types.BoolOid, true, yes)
		catFunc("has_any_column_privilege", []types.Oid{types.OidOid, obj, types.TextOid}, types.BoolOid, true, yes)
	}
	catFunc("pg_has_role", []types.Oid{types.NameOid, types.TextOid}, types.BoolOid, true, yes)
	catFunc("pg_has_role", []types.Oid{types.OidOid, types.TextOid}, types.BoolOid, true, yes)
	catFunc("pg_has_role", []types.Oid{types.NameOid, types.NameOid, types.TextOid}, types.BoolOid, true, yes)
	catFunc("pg_has_role", []types.Oid{types.OidOid, types.OidOid, types.TextOid}, types.BoolOid, true, yes)
	catFunc("pg_has_role", []types.Oid{types.NameOid, types.OidOid, types.TextOid}, types.BoolOid, true, yes)
	catFunc("pg_has_role", []types.Oid{types.OidOid, types.NameOid, types.TextOid}, types.BoolOid, true, yes)
}

// namespaceInPath reports whether schema ns is searched: pg_catalog
// always, the others when the search path names them.
func (s *Session) namespaceInPath(ns uint32) bool {
	if ns == catalog.PgCatalogNamespace {
		return true
	}
	name, err := s.cat.NamespaceName(s.snapshot(), ns)
	if err != nil {
		return false
	}
	for _, p := range s.searchPath() {
		if p == name {
			return true
		}
	}
	return false
}

// catalogOidByName maps the catalog names the comment functions take to
// their OIDs.
func catalogOidByName(name string) (uint32, bool) {
	switch name {
	case "pg_class":
		return catalog.PgClass, true
	case "pg_namespace":
		return catalog.PgNamespace, true
	case "pg_constraint":
		return catalog.PgConstraint, true
	case "pg_proc":
		return catalog.PgProc, true
	case "pg_type":
		return catalog.PgType, true
	case "pg_am":
		return catalog.PgAm, true
	case "pg_database":
		return catalog.PgDatabase, true
	case "pg_authid":
		return catalog.PgAuthid, true
	case "pg_tablespace":
		return catalog.PgTablespace, true
	case "pg_collation":
		return catalog.PgCollation, true
	case "pg_rewrite":
		return catalog.PgRewrite, true
	case "pg_trigger":
		return catalog.PgTrigger, true
	case "pg_policy":
		return catalog.PgPolicy, true
	case "pg_publication":
		return catalog.PgPublication, true
	case "pg_operator":
		return catalog.PgOperator, true
	case "pg_cast":
		return catalog.PgCast, true
	case "pg_opclass":
		return catalog.PgOpclass, true
	case "pg_opfamily":
		return catalog.PgOpfamily, true
	case "pg_conversion":
		return catalog.PgConversion, true
	case "pg_ts_parser":
		return catalog.PgTsParser, true
	case "pg_ts_template":
		return catalog.PgTsTemplate, true
	case "pg_ts_dict":
		return catalog.PgTsDict, true
	case "pg_ts_config":
		return catalog.PgTsConfig, true
	}
	return 0, false
}
