package funcs

import (
	"testing"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

func intArray(t *testing.T, s string) *types.Array {
	t.Helper()
	d, err := types.Input(types.Of(types.Int4ArrayOid), s, nil)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return d.AsArray()
}

func arrayText(a *types.Array) string {
	return types.Output(types.Of(types.Int4ArrayOid), types.ArrayDatum(a), nil)
}

func TestArraySetElement(t *testing.T) {
	for _, c := range []struct {
		arr  string
		idx  []int64
		v    int64
		want string // the result, or the SQLSTATE of the error
	}{
		{"{1,2,3}", []int64{2}, 9, "{1,9,3}"},
		{"{1,2,3}", []int64{5}, 9, "{1,2,3,NULL,9}"},
		{"{1,2,3}", []int64{-1}, 9, "[-1:3]={9,NULL,1,2,3}"},
		{"{}", []int64{3}, 9, "[3:3]={9}"},
		{"{}", []int64{1, 2}, 9, "[1:1][2:2]={{9}}"},
		{"{{1,2},{3,4}}", []int64{2, 1}, 9, "{{1,2},{9,4}}"},
		{"{{1,2},{3,4}}", []int64{3, 1}, 9, "2202E"},
		{"{{1,2},{3,4}}", []int64{1}, 9, "2202E"},
		{"{1}", []int64{2147483647}, 9, "54000"},
	} {
		got, err := ArraySetElement(intArray(t, c.arr), c.idx, types.Int(c.v))
		s := pgerr.Code(err)
		if err == nil {
			s = arrayText(got)
		}
		if s != c.want {
			t.Errorf("%s%v := %d: got %s, want %s (%v)", c.arr, c.idx, c.v, s, c.want, err)
		}
	}
}

func TestArraySetSlice(t *testing.T) {
	type b struct {
		v     int64
		given bool
	}
	for _, c := range []struct {
		arr, src string
		lo, hi   []b
		want     string
	}{
		{"{1,2,3}", "{7,8,9}", []b{{2, true}}, []b{{3, true}}, "{1,7,8}"},
		{"{1,2}", "{5,6}", []b{{5, true}}, []b{{6, true}}, "{1,2,NULL,NULL,5,6}"},
		{"{1,2,3}", "{7}", []b{{2, true}}, []b{{3, true}}, "2202E"},
		{"{1,2,3}", "{7,8}", []b{{0, false}}, []b{{2, true}}, "{7,8,3}"},
		{"{1,2,3}", "{7,8}", []b{{2, true}}, []b{{0, false}}, "{1,7,8}"},
		{"{1,2,3}", "{7}", []b{{3, true}}, []b{{2, true}}, "2202E"},
		{"{}", "{7,8}", []b{{2, true}}, []b{{3, true}}, "[2:3]={7,8}"},
		{"{}", "{7,8}", []b{{2, true}}, []b{{0, false}}, "2202E"},
		{"{}", "{7}", []b{{3, true}}, []b{{2, true}}, "{}"},
		{"{}", "{7}", []b{{3, true}}, []b{{1, true}}, "54000"},
		{"{{1,2},{3,4}}", "{5,6,7,8}", []b{{1, true}}, []b{{2, true}}, "{{5,6},{7,8}}"},
		{"{{1,2},{3,4}}", "{0,0}", []b{{0, false}, {1, true}}, []b{{0, false}, {1, true}}, "{{0,2},{0,4}}"},
		{"{{1,2},{3,4}}", "{0,0}", []b{{2, true}, {1, true}}, []b{{3, true}, {1, true}}, "2202E"},
		{"{{1,2},{3,4}}", "{0}", []b{{1, true}, {1, true}, {1, true}}, []b{{1, true}, {1, true}, {1, true}}, "2202E"},
	} {
		n := len(c.lo)
		lo, hi := make([]int64, n), make([]int64, n)
		loG, hiG := make([]bool, n), make([]bool, n)
		for d := range c.lo {
			lo[d], loG[d], hi[d], hiG[d] = c.lo[d].v, c.lo[d].given, c.hi[d].v, c.hi[d].given
		}
		got, err := ArraySetSlice(intArray(t, c.arr), lo, hi, loG, hiG, intArray(t, c.src))
		s := pgerr.Code(err)
		if err == nil {
			s = arrayText(got)
		}
		if s != c.want {
			t.Errorf("%s %v:%v := %s: got %s, want %s (%v)", c.arr, c.lo, c.hi, c.src, s, c.want, err)
		}
	}
}

func TestArrayAssignNullSubscript(t *testing.T) {
	fn := ArrayAssign(types.Int4Oid, false, []bool{true})
	_, err := fn.Call(nil, []types.Datum{types.ArrayDatum(intArray(t, "{1}")), types.Int(2), types.Null})
	if pgerr.Code(err) != "22004" {
		t.Fatalf("NULL subscript: %v", err)
	}
	fn = ArrayAssign(types.Int4Oid, true, []bool{true, true})
	got, err := fn.Call(nil, []types.Datum{types.Null, types.Null, types.Int(1), types.Int(2)})
	if err != nil || arrayText(got.AsArray()) != "{}" {
		t.Fatalf("NULL into a slice of NULL: %v %v", got, err)
	}
}
