package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/numeric"
)

// Many operator functions follow from their operand types alone: the
// comparisons of every ordered type, integer, float and numeric
// arithmetic. autoImpl derives their implementations from the
// pg_operator row, so int48lt or float84pl need no hand-written binding.

// autoImpl returns the implementation of operator row o, or nil.
func autoImpl(o *operRow) CallFunc {
	if o.left == 0 {
		switch {
		case isIntType(o.right):
			return intPrefix(o.name, o.right)
		case o.right == types.Float4Oid || o.right == types.Float8Oid:
			return floatPrefix(o.name)
		case o.right == types.NumericOid:
			return numericPrefix(o.name)
		}
		return nil
	}
	switch o.name {
	case "=", "<>", "<", "<=", ">", ">=":
		if o.result != types.BoolOid {
			return nil
		}
		if isIntType(o.left) && isIntType(o.right) {
			return intCmpOp(o.name)
		}
		if o.left == o.right && (o.name == "=" || o.name == "<>") && bytewiseEq(o.left) {
			neg := o.name == "<>"
			return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool((a[0].S == a[1].S) != neg), nil }
		}
		if cmp := comparator(o.left, o.right); cmp != nil {
			return cmpOp(o.name, cmp)
		}
		return nil
	}
	switch {
	case isIntType(o.left) && isIntType(o.right) && isIntType(o.result):
		return intArith(o.name, o.result)
	case (o.left == types.Float4Oid || o.left == types.Float8Oid) &&
		(o.right == types.Float4Oid || o.right == types.Float8Oid):
		return floatArith(o.name, o.result)
	case o.left == types.NumericOid && o.right == types.NumericOid && o.result == types.NumericOid:
		return numericArith(o.name)
	}
	return nil
}

// intCmpOp compares integers directly, the hottest comparisons.
func intCmpOp(op string) CallFunc {
	switch op {
	case "=":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(a[0].I == a[1].I), nil }
	case "<>":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(a[0].I != a[1].I), nil }
	case "<":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(a[0].I < a[1].I), nil }
	case "<=":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(a[0].I <= a[1].I), nil }
	case ">":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(a[0].I > a[1].I), nil }
	case ">=":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(a[0].I >= a[1].I), nil }
	}
	return nil
}

// cmpOp turns a comparator into comparison operator op.
func cmpOp(op string, cmp cmpFunc) CallFunc {
	switch op {
	case "=":
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(cmp(c, a[0], a[1]) == 0), nil }
	case "<>":
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(cmp(c, a[0], a[1]) != 0), nil }
	case "<":
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(cmp(c, a[0], a[1]) < 0), nil }
	case "<=":
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(cmp(c, a[0], a[1]) <= 0), nil }
	case ">":
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(cmp(c, a[0], a[1]) > 0), nil }
	case ">=":
		return func(c *Ctx, a []types.Datum) (types.Datum, error) { return types.Bool(cmp(c, a[0], a[1]) >= 0), nil }
	}
	return nil
}

// num returns a numeric datum's value.
func num(d types.Datum) *numeric.Decimal { return d.P.(*numeric.Decimal) }

// numD wraps a numeric result.
func numD(d *numeric.Decimal, err error) (types.Datum, error) {
	if err != nil {
		return types.Datum{}, err
	}
	return types.Datum{P: d}, nil
}

func numericArith(op string) CallFunc {
	var f func(a, b *numeric.Decimal) (*numeric.Decimal, error)
	switch op {
	case "+":
		f = numeric.Add
	case "-":
		f = numeric.Sub
	case "*":
		f = numeric.Mul
	case "/":
		f = numeric.Div
	case "%":
		f = numeric.Mod
	case "^":
		f = numeric.Power
	default:
		return nil
	}
	return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return numD(f(num(a[0]), num(a[1]))) }
}

func numericPrefix(op string) CallFunc {
	switch op {
	case "-":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{P: numeric.Neg(num(a[0]))}, nil }
	case "+":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return a[0], nil }
	case "@":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{P: numeric.Abs(num(a[0]))}, nil }
	}
	return nil
}

// genericCmp compares values of types without a comparator here (jsonb,
// arrays, records) through the types package.
func genericCmp(t types.Oid) cmpFunc {
	switch {
	case t == types.AnyArrayOid:
		return func(_ *Ctx, a, b types.Datum) int {
			x := a.AsArray()
			return types.Compare(types.Of(types.ArrayOf(x.Elem)), a, b)
		}
	case t == types.JSONBOid || t == types.RecordOid || isArrayType(t):
		tt := types.Of(t)
		return func(_ *Ctx, a, b types.Datum) int { return types.Compare(tt, a, b) }
	}
	return nil
}

// bytewiseEq reports types whose equality is equality of their bytes.
func bytewiseEq(t types.Oid) bool {
	switch t {
	case types.TextOid, types.VarcharOid, types.NameOid, types.ByteaOid, types.UUIDOid:
		return true
	}
	return false
}
