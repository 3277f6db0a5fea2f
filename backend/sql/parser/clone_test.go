package parser

import (
	"reflect"
	"testing"
)

// TestClone: a cloned statement equals the original and shares nothing
// with it that a change could reach.
func TestClone(t *testing.T) {
	stmts, err := Parse("SELECT a, b + 1 FROM t WHERE a = 1 AND b IN (1, 2) ORDER BY 1 LIMIT 3")
	if err != nil {
		t.Fatal(err)
	}
	orig := stmts[0].(*SelectStmt)
	c := Clone(orig)
	if c == orig || !reflect.DeepEqual(c, orig) {
		t.Fatal("the clone is not an equal copy")
	}
	c.Targets[0].Name = "x"
	c.LimitCount = nil
	c.Where.(*BoolExpr).Args[0] = nil
	if orig.Targets[0].Name == "x" || orig.LimitCount == nil || orig.Where.(*BoolExpr).Args[0] == nil {
		t.Fatal("changing the clone changed the original")
	}
}
