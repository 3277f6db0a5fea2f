package engine

import (
	"testing"

	"ringpg/backend/sql/parser"
)

// TestCommandName: the words an unsupported statement is named by stop
// before its names, literals and body.
func TestCommandName(t *testing.T) {
	for _, c := range []struct{ sql, want string }{
		{"do $$ begin end $$", "DO"},
		{"do language plpgsql 'begin end'", "DO LANGUAGE"},
		{"create materialized view mv as select 1", "CREATE MATERIALIZED"},
	} {
		stmts, err := parser.Parse(c.sql)
		if err != nil || len(stmts) != 1 {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if got := commandName(stmts[0]); got != c.want {
			t.Errorf("%s: %q, want %q", c.sql, got, c.want)
		}
	}
}
