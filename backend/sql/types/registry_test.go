package types

import (
	"testing"
)

func TestParseTypeName(t *testing.T) {
	cases := []struct{ in, want, code string }{
		{"int", "integer", ""}, {"integer", "integer", ""}, {"INTEGER", "integer", ""}, {"int4", "integer", ""},
		{"bigint", "bigint", ""}, {"int8", "bigint", ""}, {"smallint", "smallint", ""}, {"int2", "smallint", ""},
		{"real", "real", ""}, {"float4", "real", ""}, {"double precision", "double precision", ""},
		{"double   precision", "double precision", ""}, {"float", "double precision", ""},
		{"float8", "double precision", ""}, {"float(24)", "real", ""}, {"float(25)", "double precision", ""},
		{"decimal", "numeric", ""}, {"dec", "numeric", ""}, {"numeric(10,2)", "numeric(10,2)", ""},
		{"numeric(10)", "numeric(10,0)", ""}, {"decimal(5, -2)", "numeric(5,-2)", ""},
		{"character varying", "character varying", ""}, {"varchar", "character varying", ""},
		{"varchar(10)", "character varying(10)", ""}, {"character varying(10)", "character varying(10)", ""},
		{"character", "character(1)", ""}, {"char", "character(1)", ""}, {"char(5)", "character(5)", ""},
		{"bpchar", "bpchar", ""}, {`"char"`, `"char"`, ""}, {"boolean", "boolean", ""}, {"bool", "boolean", ""},
		{"text", "text", ""}, {"bytea", "bytea", ""}, {"date", "date", ""},
		{"time", "time without time zone", ""}, {"time without time zone", "time without time zone", ""},
		{"time(3)", "time(3) without time zone", ""},
		{"timestamp", "timestamp without time zone", ""}, {"timestamp(3)", "timestamp(3) without time zone", ""},
		{"timestamp without time zone", "timestamp without time zone", ""},
		{"timestamp with time zone", "timestamp with time zone", ""}, {"timestamptz", "timestamp with time zone", ""},
		{"timestamp(2) with time zone", "timestamp(2) with time zone", ""}, {"timestamptz(9)", "timestamp(6) with time zone", ""},
		{"interval", "interval", ""}, {"interval(3)", "interval(3)", ""},
		{"interval year", "interval year", ""}, {"interval day to second(3)", "interval day to second(3)", ""},
		{"interval hour to minute", "interval hour to minute", ""}, {"interval second(2)", "interval second(2)", ""}, {"uuid", "uuid", ""},
		{"json", "json", ""}, {"jsonb", "jsonb", ""}, {"oid", "oid", ""}, {"name", "name", ""},
		{"regclass", "regclass", ""}, {"regtype", "regtype", ""}, {"pg_catalog.int4", "integer", ""},
		{"int[]", "integer[]", ""}, {"_int4", "integer[]", ""}, {"int4[][]", "integer[]", ""},
		{"int[3]", "integer[]", ""}, {"integer array", "integer[]", ""}, {"varchar(10)[]", "character varying(10)[]", ""},
		{"text[]", "text[]", ""}, {`"char"[]`, `"char"[]`, ""}, {"int2vector", "int2vector", ""}, {"oidvector", "oidvector", ""},
		{"nosuch", "", "42704"}, {"float(0)", "", "22023"}, {"float(54)", "", "22023"},
		{"varchar(0)", "", "22023"}, {"numeric(0)", "", "22023"}, {"numeric(1001)", "", "22023"},
		{"numeric(5,1001)", "", "22023"}, {"numeric(5,2,1)", "", "22023"}, {"varchar(10485761)", "", "22023"},
		{"char(0)", "", "22023"}, {"timestamptz(-1)", "", "22023"}, {"int4(3)", "", "42601"},
	}
	for _, c := range cases {
		typ, err := ParseTypeName(c.in)
		if c.code != "" {
			if pgerrCode(err) != c.code {
				t.Errorf("ParseTypeName(%q) = %v, %v; want error %s", c.in, typ, err, c.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseTypeName(%q): %v", c.in, err)
			continue
		}
		if got := FormatType(typ); got != c.want {
			t.Errorf("FormatType(ParseTypeName(%q)) = %q, want %q", c.in, got, c.want)
		}
		if _, ok := LookupName(c.in); !ok {
			t.Errorf("LookupName(%q) failed", c.in)
		}
	}
}

// TestTypmodErrors checks the messages, recorded from PostgreSQL 15.
func TestTypmodErrors(t *testing.T) {
	cases := []struct {
		typ  string
		args []int32
		msg  string
	}{
		{"varchar", []int32{0}, "length for type varchar must be at least 1"},
		{"bpchar", []int32{0}, "length for type char must be at least 1"},
		{"varchar", []int32{10485761}, "length for type varchar cannot exceed 10485760"},
		{"numeric", []int32{0}, "NUMERIC precision 0 must be between 1 and 1000"},
		{"numeric", []int32{1001}, "NUMERIC precision 1001 must be between 1 and 1000"},
		{"numeric", []int32{5, 1001}, "NUMERIC scale 1001 must be between -1000 and 1000"},
		{"numeric", []int32{5, 2, 1}, "invalid NUMERIC type modifier"},
		{"timestamptz", []int32{-1}, "TIMESTAMP(-1) WITH TIME ZONE precision must not be negative"},
		{"int4", []int32{3}, `type modifier is not allowed for type "int4"`},
	}
	for _, c := range cases {
		info, ok := LookupName(c.typ)
		if !ok {
			t.Fatalf("no type %s", c.typ)
		}
		_, err := Typmod(info, c.args)
		if err == nil || err.Error() != "ERROR:  "+c.msg {
			t.Errorf("Typmod(%s, %v) = %v, want %q", c.typ, c.args, err, c.msg)
		}
	}
}

// TestFormatType checks format_type(oid, typmod) outputs recorded from
// PostgreSQL 15.
func TestFormatType(t *testing.T) {
	cases := []struct {
		oid  Oid
		mod  int32
		want string
	}{
		{BPCharOid, -1, "bpchar"}, {BPCharOid, 14, "character(10)"}, {BPCharArrayOid, -1, "bpchar[]"},
		{BPCharArrayOid, 14, "character(10)[]"}, {VarcharOid, -1, "character varying"},
		{VarcharOid, 14, "character varying(10)"}, {VarcharOid, 4, "character varying"},
		{NumericOid, -1, "numeric"}, {NumericOid, 10<<16 | 2 + 4, "numeric(10,2)"},
		{NumericOid, 10<<16 + 4, "numeric(10,0)"}, {NumericOid, 10<<16 | 2047 + 4, "numeric(10,-1)"},
		{TimestampOid, 3, "timestamp(3) without time zone"}, {TimestampTZOid, -1, "timestamp with time zone"},
		{TimestampTZOid, 3, "timestamp(3) with time zone"}, {TimeOid, 0, "time(0) without time zone"},
		{IntervalOid, 32767<<16 | 3, "interval(3)"}, {IntervalOid, -1, "interval"},
		{IntervalOid, 4<<16 | 65535, "interval year"}, {TimestampArrayOid, 3, "timestamp(3) without time zone[]"},
		{CharOid, -1, `"char"`}, {CharArrayOid, -1, `"char"[]`}, {AnyOid, -1, `"any"`}, {NameOid, -1, "name"},
		{99999, -1, "???"}, {Int4Oid, -1, "integer"}, {Int2VectorOid, -1, "int2vector"},
	}
	for _, c := range cases {
		if got := FormatType(T{Oid: c.oid, Mod: c.mod}); got != c.want {
			t.Errorf("FormatType(%d, %d) = %q, want %q", c.oid, c.mod, got, c.want)
		}
	}
}

func TestRegistry(t *testing.T) {
	prev := Oid(0)
	n := 0
	for info := range All() {
		n++
		if info.Oid <= prev {
			t.Errorf("All: %d after %d", info.Oid, prev)
		}
		prev = info.Oid
		if Lookup(info.Oid) != info {
			t.Errorf("Lookup(%d) is not the registry's row", info.Oid)
		}
		if info.Array != 0 {
			a := Lookup(info.Array)
			if a == nil || a.Elem != info.Oid || !a.IsArray() {
				t.Errorf("%s: array type %d does not point back", info.Typname, info.Array)
			}
		}
		if info.IsArray() && info.Kind != KindPseudo && (info.Category != CatArray || info.Len != -1) {
			t.Errorf("%s: array with category %c, len %d", info.Typname, info.Category, info.Len)
		}
		a := Attr("x", Of(info.Oid))
		if info.Len > 0 && a.Len != info.Len {
			t.Errorf("%s: Attr length %d", info.Typname, a.Len)
		}
	}
	if n < 60 {
		t.Errorf("only %d types", n)
	}
	if Lookup(12345) != nil {
		t.Error("Lookup of an unknown oid")
	}
	for _, c := range []struct {
		oid  Oid
		cat  byte
		pref bool
	}{{TextOid, 'S', true}, {Float8Oid, 'N', true}, {Int4Oid, 'N', false}, {TimestampTZOid, 'D', true}, {BoolOid, 'B', true}, {Int4ArrayOid, 'A', false}} {
		if Category(c.oid) != c.cat || IsPreferred(c.oid) != c.pref {
			t.Errorf("%d: category %c preferred %v", c.oid, Category(c.oid), IsPreferred(c.oid))
		}
	}
}

func TestCastPath(t *testing.T) {
	cases := []struct {
		from, to Oid
		ctx      CastContext
		ok       bool
	}{
		{Int4Oid, Int8Oid, CastImplicit, true}, {Int8Oid, Int4Oid, CastAssignment, true},
		{Int4Oid, NumericOid, CastImplicit, true}, {NumericOid, Int4Oid, CastAssignment, true},
		{Float8Oid, NumericOid, CastAssignment, true}, {NumericOid, Float8Oid, CastImplicit, true},
		{Int4Oid, BoolOid, CastExplicit, true}, {BoolOid, Int4Oid, CastExplicit, true},
		{Int4Oid, TextOid, CastAssignment, true}, {TextOid, Int4Oid, CastExplicit, true},
		{VarcharOid, TextOid, CastImplicit, true}, {TextOid, VarcharOid, CastImplicit, true},
		{BPCharOid, TextOid, CastImplicit, true}, {TextOid, BPCharOid, CastImplicit, true},
		{NameOid, TextOid, CastImplicit, true}, {TextOid, NameOid, CastImplicit, true},
		{UnknownOid, Int4Oid, CastImplicit, true}, {DateOid, TimestampTZOid, CastImplicit, true},
		{TimestampTZOid, DateOid, CastAssignment, true}, {JSONOid, JSONBOid, CastAssignment, true},
		{JSONBOid, Int4Oid, CastExplicit, true}, {Int4Oid, OidOid, CastImplicit, true},
		{Int4ArrayOid, Int8ArrayOid, CastImplicit, true}, {Int8ArrayOid, Int4ArrayOid, CastAssignment, true},
		{Int4ArrayOid, TextArrayOid, CastAssignment, true}, {TextArrayOid, Int4ArrayOid, CastExplicit, true},
		{Int4ArrayOid, TextOid, CastAssignment, true}, {UUIDOid, Int4Oid, 0, false}, {DateOid, Int4Oid, 0, false},
		{Int4Oid, Int4ArrayOid, 0, false}, {BoolOid, Float8Oid, 0, false},
	}
	for _, c := range cases {
		ctx, ok := CastPath(c.from, c.to)
		if ok != c.ok || ok && ctx != c.ctx {
			t.Errorf("CastPath(%s, %s) = %c, %v; want %c, %v", FormatType(Of(c.from)), FormatType(Of(c.to)), ctx, ok, c.ctx, c.ok)
		}
	}
	if !CanCoerce(Int4Oid, Int8Oid, CastImplicit) || CanCoerce(Int8Oid, Int4Oid, CastImplicit) ||
		!CanCoerce(Int8Oid, Int4Oid, CastAssignment) || !CanCoerce(TextOid, Int4Oid, CastExplicit) ||
		CanCoerce(TextOid, Int4Oid, CastAssignment) || !CanCoerce(Int4ArrayOid, AnyArrayOid, CastImplicit) ||
		CanCoerce(Int4Oid, AnyArrayOid, CastImplicit) || !CanCoerce(UUIDOid, AnyElementOid, CastImplicit) {
		t.Error("CanCoerce disagrees with CastPath")
	}
}
