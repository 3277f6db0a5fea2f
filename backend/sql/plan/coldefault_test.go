package plan

import (
	"testing"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// TestColumnDefault: ADD COLUMN's default is coerced as INSERT's, and
// volatile ones (evaluated per existing row) are told apart from those
// evaluated once.
func TestColumnDefault(t *testing.T) {
	varchar3 := types.T{Oid: types.VarcharOid, Mod: 3 + 4}
	tests := []struct {
		sql      string
		t        types.T
		volatile bool
		code     string // "" for success
	}{
		{"7", types.Of(types.Int4Oid), false, ""},
		{"2 + 3 * 4", types.Of(types.Int8Oid), false, ""},
		{"now()", types.Of(types.TimestampTZOid), false, ""},
		{"random()", types.Of(types.Float8Oid), true, ""},
		{"(random() * 10)::int + 1", types.Of(types.Int4Oid), true, ""},
		{"1.5", types.Of(types.NumericOid), false, ""},
		{"'x'::text", types.Of(types.Int4Oid), false, pgerr.DatatypeMismatch},
		{"(SELECT 1)", types.Of(types.Int4Oid), false, pgerr.FeatureNotSupported},
		{"'abc'", varchar3, false, ""},
	}
	for _, tc := range tests {
		x, volatile, err := ColumnDefault(tc.sql, tc.t, "c", testCatalog(), nil)
		if tc.code != "" {
			if pgerr.Code(err) != tc.code {
				t.Fatalf("%s: err %v, want %s", tc.sql, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		if volatile != tc.volatile || x.Type().Oid != tc.t.Oid {
			t.Fatalf("%s: volatile %v type %d, want %v %d", tc.sql, volatile, x.Type().Oid, tc.volatile, tc.t.Oid)
		}
	}
}
