package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// The functions and operators over anyenum (PostgreSQL's enum.c), with
// pg_proc's and pg_operator's oids. Values compare by their sort order
// (types.Datum.F of an enum value); enum_first, enum_last and enum_range
// read the label list of their argument's type, whose value they ignore.

// enumCmpOps are the comparison functions and their operators.
var enumCmpOps = []struct {
	proc, op uint32
	fn, name string
	com, neg string
	test     func(c int) bool
}{
	{3508, 3516, "enum_eq", "=", "=", "<>", func(c int) bool { return c == 0 }},
	{3509, 3517, "enum_ne", "<>", "<>", "=", func(c int) bool { return c != 0 }},
	{3510, 3518, "enum_lt", "<", ">", ">=", func(c int) bool { return c < 0 }},
	{3511, 3519, "enum_gt", ">", "<", "<=", func(c int) bool { return c > 0 }},
	{3512, 3520, "enum_le", "<=", ">=", ">", func(c int) bool { return c <= 0 }},
	{3513, 3521, "enum_ge", ">=", "<=", "<", func(c int) bool { return c >= 0 }},
}

// registerEnumsLocked adds the anyenum functions and operators and drops
// their resolution-only shadows; the caller holds reg's write lock.
func registerEnumsLocked() {
	any2 := []types.Oid{types.AnyEnumOid, types.AnyEnumOid}
	any1 := []types.Oid{types.AnyEnumOid}
	for _, o := range enumCmpOps {
		test := o.test
		f := &Func{Oid: o.proc, Name: o.fn, Args: any2, Result: types.BoolOid, Strict: true,
			Volatility: Immutable, Kind: KindFunc,
			Call: func(_ *Ctx, a []types.Datum) (types.Datum, error) {
				return types.Bool(test(types.CompareEnum(a[0], a[1]))), nil
			}}
		registerLocked(f)
		registerOperatorLocked(&Operator{Oid: o.op, Name: o.name, Left: types.AnyEnumOid, Right: types.AnyEnumOid,
			Result: types.BoolOid, Func: f, Commutator: o.com, Negator: o.neg})
	}
	registerLocked(&Func{Oid: 3514, Name: "enum_cmp", Args: any2, Result: types.Int4Oid, Strict: true,
		Volatility: Immutable, Kind: KindFunc,
		Call: func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return types.Int(int64(types.CompareEnum(a[0], a[1]))), nil
		}})
	for _, larger := range []bool{false, true} {
		name, oid := "enum_smaller", uint32(3524)
		if larger {
			name, oid = "enum_larger", 3525
		}
		registerLocked(&Func{Oid: oid, Name: name, Args: any2, Result: types.AnyEnumOid, Strict: true,
			Volatility: Immutable, Kind: KindFunc,
			Call: func(_ *Ctx, a []types.Datum) (types.Datum, error) {
				if c := types.CompareEnum(a[0], a[1]); c < 0 == !larger {
					return a[0], nil
				}
				return a[1], nil
			}})
		aggName, aggOid := "min", uint32(3527)
		if larger {
			aggName, aggOid = "max", 3526
		}
		max := larger
		registerLocked(&Func{Oid: aggOid, Name: aggName, Args: any1, Result: types.AnyEnumOid,
			Volatility: Immutable, Kind: KindAgg,
			Agg: newAgg(false, func(c *Ctx, _ []types.T, _ types.T) AggState {
				return &minMax{c: c, cmp: func(_ *Ctx, a, b types.Datum) int { return types.CompareEnum(a, b) }, max: max}
			})})
	}
	for _, last := range []bool{false, true} {
		name, oid := "enum_first", uint32(3528)
		if last {
			name, oid = "enum_last", 3529
		}
		registerLocked(&Func{Oid: oid, Name: name, Args: any1, Result: types.AnyEnumOid,
			Volatility: Stable, Kind: KindFunc, Specialize: enumEndpoint(last)})
	}
	registerLocked(&Func{Oid: 3531, Name: "enum_range", Args: any1, Result: types.AnyArrayOid,
		Volatility: Stable, Kind: KindFunc, Specialize: enumRange(false)})
	registerLocked(&Func{Oid: 3530, Name: "enum_range", Args: any2, Result: types.AnyArrayOid,
		Volatility: Stable, Kind: KindFunc, Specialize: enumRange(true)})
	dropEnumShadowsLocked()
}

// dropEnumShadowsLocked removes the shadow entries the real ones above
// replace.
func dropEnumShadowsLocked() {
	for name, list := range reg.shadowOps {
		out := list[:0]
		for _, op := range list {
			if op.Left != types.AnyEnumOid {
				out = append(out, op)
			}
		}
		reg.shadowOps[name] = out
	}
	for _, name := range []string{"enum_eq", "enum_ne", "enum_lt", "enum_gt", "enum_le", "enum_ge", "enum_cmp",
		"enum_smaller", "enum_larger", "enum_first", "enum_last", "enum_range", "min", "max"} {
		list := reg.shadowFuncs[name]
		out := list[:0]
		for _, f := range list {
			if len(f.Args) == 0 || f.Args[0] != types.AnyEnumOid {
				out = append(out, f)
			}
		}
		reg.shadowFuncs[name] = out
	}
}

// enumLabels returns the labels of the enum type of a call's argument.
func enumLabels(t types.T) (*types.Info, error) {
	info := types.Lookup(t.Oid)
	if info == nil || info.Enum == nil {
		return nil, pgerr.New(pgerr.WrongObjectType, "could not determine actual enum type")
	}
	return info, nil
}

func enumEndpoint(last bool) func([]types.T, types.T) (CallFunc, error) {
	return func(at []types.T, _ types.T) (CallFunc, error) {
		t := at[0]
		return func(*Ctx, []types.Datum) (types.Datum, error) {
			info, err := enumLabels(t)
			if err != nil {
				return types.Null, err
			}
			ls := info.Enum.Labels
			if len(ls) == 0 {
				return types.Null, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "enum %s contains no values", info.Name)
			}
			l := &ls[0]
			if last {
				l = &ls[len(ls)-1]
			}
			if err := types.CheckEnumSafe(info, l); err != nil {
				return types.Null, err
			}
			return types.EnumDatum(l), nil
		}, nil
	}
}

// enumRange is enum_range(x) (every label) and enum_range(lo, hi) (the
// labels between, a NULL bound leaving that end open).
func enumRange(bounded bool) func([]types.T, types.T) (CallFunc, error) {
	return func(at []types.T, _ types.T) (CallFunc, error) {
		t := at[0]
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			info, err := enumLabels(t)
			if err != nil {
				return types.Null, err
			}
			var out []types.Datum
			for i := range info.Enum.Labels {
				l := &info.Enum.Labels[i]
				v := types.EnumDatum(l)
				if bounded && (!a[0].Null && types.CompareEnum(v, a[0]) < 0 || !a[1].Null && types.CompareEnum(v, a[1]) > 0) {
					continue
				}
				if err := types.CheckEnumSafe(info, l); err != nil {
					return types.Null, err
				}
				out = append(out, v)
			}
			return types.ArrayDatum(types.NewArray(t.Oid, out)), nil
		}, nil
	}
}
