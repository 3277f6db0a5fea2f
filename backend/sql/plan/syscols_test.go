package plan

import (
	"reflect"
	"testing"

	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// TestSystemColumnPlans plans statements naming system columns
// (testdata/syscols.txt: plans and errors).
func TestSystemColumnPlans(t *testing.T) { runPlanFile(t, "testdata/syscols.txt") }

// findScan returns the first SeqScan or IndexScan under n.
func findScan(n Node) (emitTID bool, sys []SysAttr, ok bool) {
	switch s := n.(type) {
	case *SeqScan:
		return s.EmitTID, s.Sys, true
	case *IndexScan:
		return s.EmitTID, s.Sys, true
	}
	for _, c := range childNodes(n) {
		if e, sy, ok := findScan(c); ok {
			return e, sy, ok
		}
	}
	return false, nil, false
}

func childNodes(n Node) []Node {
	switch s := n.(type) {
	case *Project:
		return []Node{s.Input}
	case *Filter:
		return []Node{s.Input}
	case *Sort:
		return []Node{s.Input}
	case *Limit:
		return []Node{s.Input}
	case *Update:
		return []Node{s.Input}
	case *Delete:
		return []Node{s.Input}
	case *Insert:
		return []Node{s.Input}
	case *NestLoop:
		return []Node{s.Left, s.Right}
	case *HashJoin:
		return []Node{s.Left, s.Right}
	}
	return nil
}

// TestSystemColumnScans checks which system columns a scan carries (only
// those the statement names; a DML target's TID first) and the types the
// statement's columns get.
func TestSystemColumnScans(t *testing.T) {
	tid, xid, cid, oid := types.Of(types.TidOid), types.Of(types.XidOid), types.Of(types.CidOid), types.Of(types.OidOid)
	i4 := types.Of(types.Int4Oid)
	cases := []struct {
		sql     string
		emitTID bool
		sys     []SysAttr
		cols    []types.T
	}{
		{"SELECT id FROM t", false, nil, []types.T{i4}},
		{"SELECT ctid, id FROM t", false, []SysAttr{SysCtid}, []types.T{tid, i4}},
		{"SELECT XMIN, cmax FROM t", false, []SysAttr{SysXmin, SysCmax}, []types.T{xid, cid}},
		{"SELECT tableoid, xmax, cmin FROM t", false, []SysAttr{SysCmin, SysXmax}, []types.T{oid, xid, cid}},
		{"SELECT t.ctid, u.xmin FROM t, u WHERE t.id = u.t_id", false, []SysAttr{SysCtid, SysXmin}, []types.T{tid, xid}},
		{"UPDATE t SET a = 1 WHERE xmin = xmin", true, []SysAttr{SysXmin}, nil},
		{"DELETE FROM t WHERE ctid = '(0,1)'", true, nil, nil},
	}
	for _, c := range cases {
		stmts, err := parser.Parse(c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		q, err := Plan(stmts[0], c.sql, testCatalog(), types.DefaultEnv(), nil)
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		emit, sys, ok := findScan(q.Root)
		if !ok {
			t.Errorf("%s: no scan in the plan", c.sql)
			continue
		}
		if emit != c.emitTID || !reflect.DeepEqual(sys, c.sys) {
			t.Errorf("%s: scan EmitTID %v Sys %v, want %v %v", c.sql, emit, sys, c.emitTID, c.sys)
		}
		var got []types.T
		for _, col := range q.Cols {
			got = append(got, col.T)
		}
		if !reflect.DeepEqual(got, c.cols) {
			t.Errorf("%s: columns %v, want %v", c.sql, got, c.cols)
		}
	}
}

// TestSystemColumnReturning checks that RETURNING gets the system columns
// the statement names, after the row's columns.
func TestSystemColumnReturning(t *testing.T) {
	cases := []struct {
		sql string
		sys []SysAttr
	}{
		{"INSERT INTO t VALUES (1, 2, 'x') RETURNING id", nil},
		{"INSERT INTO t VALUES (1, 2, 'x') RETURNING xmax = 0", []SysAttr{SysXmax}},
		{"UPDATE t SET a = 2 RETURNING ctid, cmin", []SysAttr{SysCtid, SysCmin}},
		{"DELETE FROM t RETURNING xmin, id", []SysAttr{SysXmin}},
		{"DELETE FROM t WHERE ctid = '(0,1)'", nil},
	}
	for _, c := range cases {
		stmts, err := parser.Parse(c.sql)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		q, err := Plan(stmts[0], c.sql, testCatalog(), types.DefaultEnv(), nil)
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		var sys []SysAttr
		switch n := q.Root.(type) {
		case *Insert:
			sys = n.ReturnSys
		case *Update:
			sys = n.ReturnSys
		case *Delete:
			sys = n.ReturnSys
		}
		if !reflect.DeepEqual(sys, c.sys) {
			t.Errorf("%s: ReturnSys %v, want %v", c.sql, sys, c.sys)
		}
	}
}

func TestSystemColumnNames(t *testing.T) {
	for _, c := range []struct {
		name string
		sys  bool
	}{
		{"ctid", true}, {"xmin", true}, {"cmin", true}, {"xmax", true}, {"cmax", true}, {"tableoid", true},
		{"oid", false}, {"CTID", false}, {"xmin2", false}, {"", false},
	} {
		if got := IsSystemColumnName(c.name); got != c.sys {
			t.Errorf("IsSystemColumnName(%q) = %v", c.name, got)
		}
	}
	if e := pgerr.From(SystemColumnConflict("xmin")); e.Code != "42701" || e.Message != `column name "xmin" conflicts with a system column name` {
		t.Errorf("SystemColumnConflict: %s %s", e.Code, e.Message)
	}
	if got, want := sysNamesIn("select XMIN, t.Ctid from t -- cmax"), uint32(1<<SysXmin|1<<SysCtid|1<<SysCmax); got != want {
		t.Errorf("sysNamesIn = %b, want %b", got, want)
	}
	if got := sysNamesIn("select xmi, cti from x"); got != 0 {
		t.Errorf("sysNamesIn found %b", got)
	}
	for _, c := range []struct {
		s, word string
		want    bool
	}{
		{"SELECT XMIN FROM t", "xmin", true}, {"select Ctid", "ctid", true}, {"select c_tid", "ctid", false},
		{"", "xmin", false}, {"xmi", "xmin", false}, {"cmax", "cmax", true},
	} {
		if got := containsFold(c.s, c.word); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v", c.s, c.word, got)
		}
	}
}
