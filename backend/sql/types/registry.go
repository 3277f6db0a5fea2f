package types

import (
	"sort"
	"strings"
)

// The registry is built once at init from builtins and read-only after.
var (
	byOidDense  []*Info       // oid < denseLimit
	byOidSparse map[Oid]*Info // the rest
	byTypname   map[string]*Info
	allSorted   []*Info
)

const denseLimit = 4096

func init() {
	byOidDense = make([]*Info, denseLimit)
	byOidSparse = make(map[Oid]*Info)
	byTypname = make(map[string]*Info, len(builtins))
	for i := range builtins {
		info := &builtins[i]
		if int(info.Oid) < denseLimit {
			byOidDense[info.Oid] = info
		} else {
			byOidSparse[info.Oid] = info
		}
		byTypname[info.Typname] = info
		allSorted = append(allSorted, info)
	}
	sort.Slice(allSorted, func(a, b int) bool { return allSorted[a].Oid < allSorted[b].Oid })
}

// typeAliases maps the SQL spellings PostgreSQL's grammar and
// format_type accept to pg_type names. Keys are lower case with single
// spaces.
var typeAliases = map[string]string{
	"integer":                     "int4",
	"int":                         "int4",
	"bigint":                      "int8",
	"smallint":                    "int2",
	"real":                        "float4",
	"double precision":            "float8",
	"float":                       "float8",
	"decimal":                     "numeric",
	"dec":                         "numeric",
	"character varying":           "varchar",
	"char varying":                "varchar",
	"character":                   "bpchar",
	"char":                        "bpchar",
	"boolean":                     "bool",
	"time without time zone":      "time",
	"timestamp without time zone": "timestamp",
	"timestamp with time zone":    "timestamptz",
	`"char"`:                      "char",
	`"any"`:                       "any",
}

// LookupName resolves a type name as a client may write it: pg_type
// names (int4, _int4), the SQL spellings (integer, character varying,
// double precision, timestamp with time zone, ...), float(p) and
// arrays written x[] or x[n]. A typmod written in the name (varchar(10))
// is ignored except for float(p), which picks real or double precision;
// use ParseTypeName to keep it. The match is case-insensitive outside
// double quotes. Note that char means bpchar, while "char" (quoted) is
// the one-byte type.
func LookupName(name string) (*Info, bool) {
	t, err := ParseTypeName(name)
	if err != nil {
		return nil, false
	}
	info := Lookup(t.Oid)
	return info, info != nil
}

// normalizeName lower-cases outside double quotes and collapses runs of
// white space to one space.
func normalizeName(s string) string {
	var b strings.Builder
	inQuote, space := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			inQuote = !inQuote
			b.WriteByte(c)
			space = false
		case !inQuote && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if !inQuote && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// baseByName resolves a normalized name without array brackets or typmod.
func baseByName(n string) *Info {
	if strings.HasPrefix(n, "pg_catalog.") {
		n = n[len("pg_catalog."):]
	} else if strings.HasPrefix(n, `"pg_catalog".`) {
		n = n[len(`"pg_catalog".`):]
	}
	if a, ok := typeAliases[n]; ok {
		n = a
	} else if len(n) > 2 && n[0] == '"' && n[len(n)-1] == '"' {
		n = n[1 : len(n)-1]
	}
	return byTypname[n]
}
