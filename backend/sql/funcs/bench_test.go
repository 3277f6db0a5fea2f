package funcs

import (
	"testing"

	"ringpg/backend/sql/types"
)

func BenchmarkInt4Plus(b *testing.B) {
	r, err := ResolveOperator("+", types.Of(types.Int4Oid), types.Of(types.Int4Oid))
	if err != nil {
		b.Fatal(err)
	}
	c := testCtx()
	args := []types.Datum{i64(1), i64(2)}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		args[0].I = int64(i & 0xFFFF)
		if _, err := r.Call(c, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSumInt8(b *testing.B) {
	r, err := ResolveFunc("sum", []types.T{types.Of(types.Int8Oid)}, false)
	if err != nil {
		b.Fatal(err)
	}
	c := testCtx()
	st := r.Func.Agg.New(c, r.ArgTypes, r.Result)
	args := []types.Datum{{}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		args[0].I = int64(i)
		if err := st.Add(args); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := st.Result(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkCountAvgInt4(b *testing.B) {
	r, err := ResolveFunc("avg", []types.T{types.Of(types.Int4Oid)}, false)
	if err != nil {
		b.Fatal(err)
	}
	c := testCtx()
	st := r.Func.Agg.New(c, r.ArgTypes, r.Result)
	args := []types.Datum{{}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		args[0].I = int64(i & 0xFFFF)
		if err := st.Add(args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTextEq(b *testing.B) {
	r, err := ResolveOperator("=", types.Of(types.TextOid), types.Of(types.TextOid))
	if err != nil {
		b.Fatal(err)
	}
	c := testCtx()
	args := []types.Datum{txt("hello world, this is text"), txt("hello world, this is text")}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := r.Call(c, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLikePrepared(b *testing.B) {
	r, err := ResolveOperator("~~", types.Of(types.TextOid), types.Of(types.TextOid))
	if err != nil {
		b.Fatal(err)
	}
	call, err := r.Prepare([]types.Datum{{}, txt("%world%text")}, []bool{false, true})
	if err != nil {
		b.Fatal(err)
	}
	c := testCtx()
	args := []types.Datum{txt("hello world, this is text"), {}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := call(c, args); err != nil {
			b.Fatal(err)
		}
	}
}
