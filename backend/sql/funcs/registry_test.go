package funcs

import (
	"errors"
	"math/rand"
	"testing"
	"time"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

func TestBindingsMatchCatalog(t *testing.T) {
	build()
	if len(bindMissing) > 0 {
		t.Fatalf("implementations bound to no pg_proc row: %v", bindMissing)
	}
}

func TestEveryRegisteredFuncIsCallable(t *testing.T) {
	for f := range Funcs() {
		ok := f.Call != nil || f.Specialize != nil || f.SRF != nil || f.Agg != nil || f.Win != nil
		if !ok {
			t.Errorf("%s (oid %d) has no implementation", f.Name, f.Oid)
		}
		if f.RetSet && f.SRF == nil && f.Oid != 0 {
			t.Errorf("%s (oid %d) returns a set but has no SRF", f.Name, f.Oid)
		}
	}
	n := 0
	for op := range Operators() {
		if op.Func == nil {
			t.Errorf("operator %s has no function", op.Name)
		}
		n++
	}
	if n < 200 {
		t.Errorf("only %d operators registered", n)
	}
}

func TestResolutionErrors(t *testing.T) {
	i4, txtT, unk := types.Of(types.Int4Oid), types.Of(types.TextOid), types.Of(types.UnknownOid)
	cases := []struct {
		name      string
		run       func() error
		code, msg string
		hint      string
	}{
		{"no function", func() error { _, err := ResolveFunc("length", []types.T{i4}, false); return err },
			"42883", "function length(integer) does not exist", hintNoFunc},
		{"no name", func() error { _, err := ResolveFunc("nosuch", nil, false); return err },
			"42883", "function nosuch() does not exist", hintNoFunc},
		{"no operator", func() error { _, err := ResolveOperator("+", i4, txtT); return err },
			"42883", "operator does not exist: integer + text", hintNoOper},
		{"no prefix operator", func() error { _, err := ResolveOperator("-", types.T{}, txtT); return err },
			"42883", "operator does not exist: - text", hintNoPrefixOper},
		{"ambiguous function", func() error { _, err := ResolveFunc("to_char", []types.T{unk, unk}, false); return err },
			"42725", "function to_char(unknown, unknown) is not unique", hintNotUniqueFn},
	}
	for _, c := range cases {
		err := c.run()
		var e *pgerr.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: got %v, want a *pgerr.Error", c.name, err)
			continue
		}
		if e.Code != c.code || e.Message != c.msg || e.Hint != c.hint {
			t.Errorf("%s: got %s %q hint %q, want %s %q hint %q", c.name, e.Code, e.Message, e.Hint, c.code, c.msg, c.hint)
		}
	}
}

func TestResolvedTypes(t *testing.T) {
	r, err := ResolveOperator("+", types.Of(types.Int4Oid), types.Of(types.NumericOid))
	if err != nil {
		t.Fatal(err)
	}
	if r.Left.Oid != types.NumericOid || r.Right.Oid != types.NumericOid || r.Result.Oid != types.NumericOid {
		t.Errorf("int4 + numeric resolved to %v %v -> %v", r.Left, r.Right, r.Result)
	}
	r, err = ResolveOperator("||", types.Of(types.UnknownOid), types.Of(types.Int4Oid))
	if err != nil {
		t.Fatal(err)
	}
	if r.Op.Func.Name != "textanycat" || r.Left.Oid != types.TextOid || r.Right.Oid != types.Int4Oid {
		t.Errorf("unknown || int4 resolved to %s(%v, %v)", r.Op.Func.Name, r.Left, r.Right)
	}
	// A variadic array parameter packs its arguments.
	f, err := ResolveFunc("jsonb_extract_path", []types.T{types.Of(types.JSONBOid), types.Of(types.UnknownOid), types.Of(types.UnknownOid)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if f.VariadicAt != 1 || f.VariadicElem.Oid != types.TextOid {
		t.Errorf("variadic: at %d elem %v", f.VariadicAt, f.VariadicElem)
	}
	packed := f.Pack([]types.Datum{types.Null, txt("a"), txt("b")})
	if len(packed) != 2 || len(packed[1].AsArray().Elems) != 2 {
		t.Errorf("Pack: %v", packed)
	}
	// Type-specialised functions come back with Func.Call set.
	f, err = ResolveFunc("concat", []types.T{types.Of(types.Int4Oid), types.Of(types.TextOid)}, false)
	if err != nil || f.Func.Call == nil || f.Call == nil {
		t.Fatalf("concat: %v", err)
	}
}

func TestRegister(t *testing.T) {
	Register(&Func{Name: "ringpg_test_fn", Args: []types.Oid{types.Int4Oid}, Result: types.Int4Oid, Strict: true,
		Volatility: Immutable, Kind: KindFunc,
		Call: func(_ *Ctx, a []types.Datum) (types.Datum, error) { return i64(a[0].I * 2), nil }})
	r, err := ResolveFunc("ringpg_test_fn", []types.T{types.Of(types.Int2Oid)}, false)
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.Call(nil, []types.Datum{i64(21)})
	if err != nil || d.I != 42 {
		t.Fatalf("got %v %v", d, err)
	}
	fn := r.Func
	RegisterOperator(&Operator{Name: "<->", Left: types.Int4Oid, Right: types.Int4Oid, Result: types.Int4Oid, Func: fn})
	if _, err := ResolveOperator("<->", types.Of(types.Int4Oid), types.Of(types.Int4Oid)); err != nil {
		t.Fatal(err)
	}
}

func TestPrepareLike(t *testing.T) {
	r, err := ResolveOperator("~~", types.Of(types.TextOid), types.Of(types.TextOid))
	if err != nil {
		t.Fatal(err)
	}
	call, err := r.Prepare([]types.Datum{{}, txt("a%c")}, []bool{false, true})
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"abc": true, "ac": true, "abd": false} {
		d, err := call(nil, []types.Datum{txt(s), txt("ignored")})
		if err != nil || d.AsBool() != want {
			t.Errorf("%q LIKE 'a%%c' = %v, %v", s, d.AsBool(), err)
		}
	}
	r, _ = ResolveOperator("~", types.Of(types.TextOid), types.Of(types.TextOid))
	if _, err := r.Prepare([]types.Datum{{}, txt("(")}, []bool{false, true}); pgerr.Code(err) != "2201B" {
		t.Errorf("invalid constant regex: %v", err)
	}
}

func TestClock(t *testing.T) {
	now := time.Date(2020, 1, 2, 3, 4, 5, 6000, time.UTC)
	c := &Ctx{Env: types.DefaultEnv(), Clock: func() time.Time { return now }}
	r, err := ResolveFunc("clock_timestamp", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.Call(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := types.Output(types.Of(types.TimestampTZOid), d, c.Env); got != "2020-01-02 03:04:05.000006+00" {
		t.Errorf("clock_timestamp() = %s", got)
	}
	c.TxnStart = TimestampFromTime(now)
	r, _ = ResolveFunc("now", nil, false)
	if d, _ := r.Call(c, nil); d.I != c.TxnStart {
		t.Errorf("now() = %d", d.I)
	}
	r, _ = ResolveFunc("random", nil, false)
	c.Rand = rand.New(rand.NewSource(1))
	if d, _ := r.Call(c, nil); d.F < 0 || d.F >= 1 {
		t.Errorf("random() = %v", d.F)
	}
}

func TestExplicitVariadic(t *testing.T) {
	c := testCtx()
	arr := types.ArrayDatum(types.NewArray(types.TextOid, []types.Datum{txt("a"), types.Null, txt("b")}))
	r, err := ResolveFunc("concat", []types.T{types.Of(types.TextArrayOid)}, true)
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.Call(c, []types.Datum{arr})
	if err != nil || d.S != "ab" {
		t.Errorf("concat(VARIADIC '{a,NULL,b}') = %q, %v", d.S, err)
	}
	r, err = ResolveFunc("format", []types.T{types.Of(types.TextOid), types.Of(types.TextArrayOid)}, true)
	if err != nil {
		t.Fatal(err)
	}
	d, err = r.Call(c, []types.Datum{txt("%s-%s-%s"), arr})
	if err != nil || d.S != "a--b" {
		t.Errorf("format(VARIADIC) = %q, %v", d.S, err)
	}
}

func TestHasExact(t *testing.T) {
	if !HasExact("int4", []types.T{types.Of(types.NumericOid)}) {
		t.Error("int4(numeric) should be an exact match")
	}
	if HasExact("text", []types.T{types.Of(types.Int4Oid)}) {
		t.Error("text(integer) has no exact match: it is a cast")
	}
}
