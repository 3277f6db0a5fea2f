package engine

import (
	"strings"
	"testing"

	"ringpg/backend/sql/parser"
)

// TestAlterTypePasses checks the order in which ALTER TABLE runs its
// commands when one changes a column's type: drops, then type changes,
// then the rest, each group in the statement's order.
func TestAlterTypePasses(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"ALTER TABLE t ADD COLUMN x int, DROP COLUMN y", "add x, drop y"},
		{"ALTER TABLE t ALTER a TYPE int, DROP a", "drop a, type a"},
		{"ALTER TABLE t ADD f int, ALTER f TYPE text", "type f, add f"},
		{"ALTER TABLE t ALTER a SET DEFAULT 1, ALTER a TYPE int, ALTER b DROP DEFAULT, ALTER c TYPE text",
			"drop-default b, type a, type c, set-default a"},
		{"ALTER TABLE t ALTER a TYPE int, DROP CONSTRAINT k, ALTER a SET NOT NULL", "drop-constraint k, type a, other a"},
	}
	for _, c := range cases {
		stmts, err := parser.Parse(c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		var got []string
		for _, cmd := range alterTypePasses(stmts[0].(*parser.AlterTableStmt).Cmds) {
			got = append(got, cmdLabel(cmd))
		}
		if strings.Join(got, ", ") != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.sql, strings.Join(got, ", "), c.want)
		}
	}
}

func cmdLabel(c *parser.AlterTableCmd) string {
	switch c.Kind {
	case parser.ATAlterColumnType:
		return "type " + c.Name
	case parser.ATAddColumn:
		return "add " + c.Column.Name
	case parser.ATDropColumn:
		return "drop " + c.Name
	case parser.ATDropConstraint:
		return "drop-constraint " + c.Name
	case parser.ATColumnDefault:
		if c.Expr == nil {
			return "drop-default " + c.Name
		}
		return "set-default " + c.Name
	}
	return "other " + c.Name
}
