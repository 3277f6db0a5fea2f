package engine

import (
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Functions psql's \do, \dA*, \dc, \dF*, \dO and \dX call besides the
// catalogs: getdatabaseencoding, ts_token_type and the visibility tests
// of the objects of the operator, conversion, text search, collation and
// extended statistics catalogs (NULL for an object that does not exist,
// else whether its schema is searched). Every such object is a built-in
// of pg_catalog (nothing creates them yet), so no object hides another
// of the same name earlier in the path.
func init() {
	for _, v := range []struct {
		name  string
		class uint32
	}{
		{"pg_operator_is_visible", catalog.PgOperator},
		{"pg_opclass_is_visible", catalog.PgOpclass},
		{"pg_opfamily_is_visible", catalog.PgOpfamily},
		{"pg_conversion_is_visible", catalog.PgConversion},
		{"pg_statistics_obj_is_visible", catalog.PgStatisticExt},
		{"pg_ts_parser_is_visible", catalog.PgTsParser},
		{"pg_ts_dict_is_visible", catalog.PgTsDict},
		{"pg_ts_template_is_visible", catalog.PgTsTemplate},
		{"pg_ts_config_is_visible", catalog.PgTsConfig},
		{"pg_collation_is_visible", catalog.PgCollation},
	} {
		class := v.class
		catFunc(v.name, []types.Oid{types.OidOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
			ns, found, err := s.cat.ObjectNamespace(s.snapshot(), class, oidArg(a[0]))
			if err != nil || !found {
				return types.Null, err
			}
			return types.Bool(s.namespaceInPath(ns)), nil
		})
	}
	// Every database is UTF8 (pg_database.encoding 6); psql's \dO keeps
	// the collations of the database's encoding.
	funcs.Register(&funcs.Func{Oid: procOid("getdatabaseencoding", nil), Name: "getdatabaseencoding", Result: types.NameOid,
		Volatility: funcs.Stable, Strict: true,
		Call: func(*funcs.Ctx, []types.Datum) (types.Datum, error) { return text("UTF8"), nil }})

	// ts_token_type: the token types of the one text search parser,
	// pg_catalog.default (psql's \dF+ and \dFp+ list them).
	tokenCols := []funcs.Column{{Name: "tokid", Type: types.Int4Oid}, {Name: "alias", Type: types.TextOid},
		{Name: "description", Type: types.TextOid}}
	funcs.Register(&funcs.Func{Oid: 3713, Name: "ts_token_type", Args: []types.Oid{types.OidOid}, Result: types.RecordOid,
		RetSet: true, Out: tokenCols, Volatility: funcs.Immutable, Strict: true,
		SRF: func(_ *funcs.Ctx, a []types.Datum) (funcs.Rows, error) {
			if oidArg(a[0]) != defaultTsParser {
				return &settingRows{}, nil
			}
			return defaultTokenTypes(), nil
		}})
	funcs.Register(&funcs.Func{Oid: 3714, Name: "ts_token_type", Args: []types.Oid{types.TextOid}, Result: types.RecordOid,
		RetSet: true, Out: tokenCols, Volatility: funcs.Stable, Strict: true,
		SRF: func(_ *funcs.Ctx, a []types.Datum) (funcs.Rows, error) {
			if n := strings.TrimPrefix(a[0].S, "pg_catalog."); n != "default" {
				return nil, pgerr.New(pgerr.UndefinedObject, "text search parser \"%s\" does not exist", a[0].S)
			}
			return defaultTokenTypes(), nil
		}})
}

// defaultTsParser is pg_ts_parser's default parser.
const defaultTsParser = 3722

// defaultTokenTypes are the default parser's token types: alias and
// description, numbered from 1.
func defaultTokenTypes() funcs.Rows {
	tokens := [][2]string{
		{"asciiword", "Word, all ASCII"}, {"word", "Word, all letters"}, {"numword", "Word, letters and digits"},
		{"email", "Email address"}, {"url", "URL"}, {"host", "Host"}, {"sfloat", "Scientific notation"},
		{"version", "Version number"}, {"hword_numpart", "Hyphenated word part, letters and digits"},
		{"hword_part", "Hyphenated word part, all letters"}, {"hword_asciipart", "Hyphenated word part, all ASCII"},
		{"blank", "Space symbols"}, {"tag", "XML tag"}, {"protocol", "Protocol head"},
		{"numhword", "Hyphenated word, letters and digits"}, {"asciihword", "Hyphenated word, all ASCII"},
		{"hword", "Hyphenated word, all letters"}, {"url_path", "URL path"}, {"file", "File or path name"},
		{"float", "Decimal notation"}, {"int", "Signed integer"}, {"uint", "Unsigned integer"}, {"entity", "XML entity"},
	}
	rows := make([][]types.Datum, len(tokens))
	for i, t := range tokens {
		rows[i] = []types.Datum{types.Int(int64(i + 1)), types.String(t[0]), types.String(t[1])}
	}
	return &settingRows{rows: rows}
}
