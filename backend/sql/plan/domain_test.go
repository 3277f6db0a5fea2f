package plan

import (
	"errors"
	"testing"

	"ringpg/backend/sql/expr"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// TestDomainCheck checks values against a domain's NOT NULL and CHECK
// constraints, the latter in the order given (the catalog's name order).
func TestDomainCheck(t *testing.T) {
	info := &types.Info{Oid: 16500, Name: "d", Domain: &types.Domain{
		Base: types.Of(types.Int4Oid), NotNull: true,
		Checks: []types.DomainCheck{{Name: "d_check", Expr: "value > 0"}, {Name: "d_small", Expr: "value < 10 OR value IS NULL"}},
	}}
	d, err := CompileDomain(info, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v         types.Datum
		code, msg string
	}{
		{types.Datum{I: 5}, "", ""},
		{types.Null, "23502", "domain d does not allow null values"},
		{types.Datum{I: 0}, "23514", `value for domain d violates check constraint "d_check"`},
		{types.Datum{I: 20}, "23514", `value for domain d violates check constraint "d_small"`},
	} {
		err := d.Check(tc.v, nil)
		var pe *pgerr.Error
		switch {
		case tc.code == "" && err != nil:
			t.Errorf("%v: %v", tc.v, err)
		case tc.code != "" && (!errors.As(err, &pe) || pe.Code != tc.code || pe.Message != tc.msg):
			t.Errorf("%v: got %v, want %s %s", tc.v, err, tc.code, tc.msg)
		}
	}
	// A cast's check passes the value through.
	x := domainCheckCall(&expr.Const{T: types.Of(types.Int4Oid), Value: types.Datum{I: 3}}, d)
	if v, err := x.Eval(&expr.Frame{}); err != nil || v.I != 3 {
		t.Errorf("domain_check(3) = %v, %v", v, err)
	}
	// A check may not use a sub-query.
	sub := &types.Info{Name: "s", Domain: &types.Domain{Base: types.Of(types.Int4Oid),
		Checks: []types.DomainCheck{{Name: "s_check", Expr: "value IN (SELECT 1)"}}}}
	var pe *pgerr.Error
	if _, err := CompileDomain(sub, nil); !errors.As(err, &pe) || pe.Message != "cannot use subquery in check constraint" {
		t.Errorf("a sub-query in a check: %v", err)
	}
	// A check may not read a table.
	bad := &types.Info{Name: "b", Domain: &types.Domain{Base: types.Of(types.Int4Oid),
		Checks: []types.DomainCheck{{Name: "b_check", Expr: "value IN (SELECT 1 FROM t)"}}}}
	if _, err := CompileDomain(bad, nil); err == nil {
		t.Error("a check reading a table compiled")
	}
}
