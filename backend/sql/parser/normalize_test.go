package parser

import (
	"reflect"
	"testing"
)

func mustNormalize(t *testing.T, sql string) (uint64, []Const) {
	t.Helper()
	k, c, err := Normalize(sql)
	if err != nil {
		t.Fatalf("Normalize(%q): %v", sql, err)
	}
	return k, c
}

func TestNormalizeSameKey(t *testing.T) {
	groups := [][]string{
		{
			"SELECT abalance FROM pgbench_accounts WHERE aid = 12345;",
			"SELECT abalance FROM pgbench_accounts WHERE aid = 1",
			"select  abalance\nfrom PGBENCH_ACCOUNTS -- comment\nwhere aid=/* c */99999;;",
		},
		{
			"UPDATE pgbench_accounts SET abalance = abalance + -4023 WHERE aid = 85161;",
			"UPDATE pgbench_accounts SET abalance = abalance + -1 WHERE aid = 2;",
		},
		{
			"INSERT INTO t VALUES ('a', 'b''c', E'\\n', $$x$$)",
			"insert into T values ('', 'zz', 'q', 'w')",
		},
		{
			"SELECT DATE '2020-01-01', interval '1 day'",
			"SELECT date '1999-12-31', INTERVAL '2 hours'",
		},
		{
			"SELECT 1; SELECT 2",
			"SELECT 5;;; SELECT 7;",
			";SELECT 5; SELECT 7",
		},
		{
			"SELECT 1.5, B'101'",
			"SELECT 2.25, X'1F'",
		},
	}
	for _, g := range groups {
		k0, _ := mustNormalize(t, g[0])
		for _, q := range g[1:] {
			if k, _ := mustNormalize(t, q); k != k0 {
				t.Errorf("%q and %q should share a key", g[0], q)
			}
		}
	}
}

func TestNormalizeDifferentKeys(t *testing.T) {
	qs := []string{
		"SELECT abalance FROM pgbench_accounts WHERE aid = 1",
		"SELECT bbalance FROM pgbench_accounts WHERE aid = 1",
		"SELECT abalance FROM pgbench_branches WHERE aid = 1",
		"SELECT abalance FROM pgbench_accounts WHERE aid > 1",
		"SELECT abalance FROM pgbench_accounts WHERE aid = '1'",
		"SELECT abalance FROM pgbench_accounts WHERE aid = 1.0",
		"SELECT abalance FROM pgbench_accounts WHERE aid = -1",
		"SELECT abalance FROM pgbench_accounts WHERE aid = $1",
		"SELECT abalance FROM pgbench_accounts WHERE aid = $2",
		`SELECT abalance FROM "Pgbench_accounts" WHERE aid = 1`,
		"SELECT abalance FROM pgbench_accounts WHERE aid = 1 SELECT 2",
		"SELECT abalance FROM pgbench_accounts WHERE aid = 1; SELECT 2",
		"SELECT abalanc FROM epgbench_accounts WHERE aid = 1",
		"SELECT abalance FROM pgbench_accounts WHERE aid = 1 AND b",
		"SELECT abalance FROM pgbench_accounts WHERE aid = 1 OR b",
	}
	seen := map[uint64]string{}
	for _, q := range qs {
		k, _ := mustNormalize(t, q)
		if prev, ok := seen[k]; ok {
			t.Errorf("%q and %q share a key", prev, q)
		}
		seen[k] = q
	}
}

func TestNormalizeConsts(t *testing.T) {
	sql := "SELECT 'it''s', 42, -1.5e3, x'1F', E'a\\nb', U&'\\0041' UESCAPE '!', DATE '2020-01-01' FROM t WHERE a = 2147483648"
	_, consts := mustNormalize(t, sql)
	want := []Const{
		{ConstString, "'it''s'", 7},
		{ConstInteger, "42", 16},
		{ConstFloat, "1.5e3", 21},
		{ConstBitString, "x'1F'", 28},
		{ConstString, `E'a\nb'`, 35},
		{ConstString, `U&'\0041' UESCAPE '!'`, 44},
		{ConstString, "'2020-01-01'", 72},
		{ConstFloat, "2147483648", 102},
	}
	if !reflect.DeepEqual(consts, want) {
		t.Fatalf("consts:\n got %+v\nwant %+v", consts, want)
	}
	for _, c := range consts {
		if sql[c.Location:c.Location+len(c.Text)] != c.Text {
			t.Errorf("%+v: text is not at its location", c)
		}
	}
	vals := []string{"it's", "42", "1.5e3", "x1F", "a\nb", `\0041`, "2020-01-01", "2147483648"}
	for i, c := range consts {
		v, err := c.Value()
		if err != nil || v != vals[i] {
			t.Errorf("Value(%q) = %q, %v; want %q", c.Text, v, err, vals[i])
		}
	}
	if _, err := (Const{Kind: ConstString, Text: `E'\ud800'`}).Value(); err == nil {
		t.Error("Value of a bad escape should fail")
	}
}

func TestNormalizeErrors(t *testing.T) {
	for _, q := range []string{"SELECT 'abc", "SELECT /* x", "SELECT 1abc", `SELECT "`} {
		if _, _, err := Normalize(q); err == nil {
			t.Errorf("Normalize(%q) should fail", q)
		}
	}
}

// TestNormalizeAllocs checks that normalising into a reused slice does not
// allocate (a deterministic count, not a timing).
func TestNormalizeAllocs(t *testing.T) {
	const q = "SELECT abalance FROM pgbench_accounts WHERE aid = 12345;"
	buf := make([]Const, 0, 8)
	n := testing.AllocsPerRun(100, func() {
		_, c, err := AppendNormalize(buf[:0], q)
		if err != nil || len(c) != 1 {
			t.Fatal(err)
		}
	})
	if n != 0 {
		t.Errorf("AppendNormalize allocates %v times per call", n)
	}
}

// TestNormalizeAgreesWithParse checks that every query of the testdata that
// parses also normalises, and that its literals are exactly the source
// literals the parser saw.
func TestNormalizeAgreesWithParse(t *testing.T) {
	for _, path := range testdataFiles(t) {
		for _, c := range readCases(t, path) {
			if _, err := Parse(c.sql); err != nil {
				continue
			}
			if _, _, err := Normalize(c.sql); err != nil {
				t.Errorf("%s:%d: parses but does not normalise: %v", path, c.line, err)
			}
		}
	}
}
