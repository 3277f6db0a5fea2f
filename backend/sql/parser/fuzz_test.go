package parser

import (
	"testing"
)

// FuzzParse checks that the parser never panics or hangs, that whatever
// parses deparses to SQL that parses to the same deparse, and that the
// lexer-only Normalize accepts whatever Parse accepts.
func FuzzParse(f *testing.F) {
	for _, q := range []string{pgbenchSelect, pgbenchUpdate, pgbenchInsert, psqlDescribe} {
		f.Add(q)
	}
	for _, path := range testdataFiles(f) {
		for _, c := range readCases(f, path) {
			f.Add(c.sql)
		}
	}
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, err := Parse(sql)
		_, _, nerr := Normalize(sql)
		if err != nil {
			return
		}
		if nerr != nil {
			t.Fatalf("%q parses but does not normalise: %v", sql, nerr)
		}
		for _, s := range stmts {
			d := s.String()
			again, err := Parse(d)
			if err != nil {
				t.Fatalf("deparse of %q does not parse: %q: %v", sql, d, err)
			}
			if len(again) != 1 {
				t.Fatalf("deparse of %q gives %d statements: %q", sql, len(again), d)
			}
			if d2 := again[0].String(); d2 != d {
				t.Fatalf("deparse of %q not stable:\n%s\n%s", sql, d, d2)
			}
		}
	})
}
