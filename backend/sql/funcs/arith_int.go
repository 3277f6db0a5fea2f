package funcs

import (
	"math"
	"math/bits"

	"ringpg/backend/sql/types"
)

// Integer arithmetic for int2, int4 and int8 in every combination
// PostgreSQL defines. Operands are widened to int64; the result is checked
// against its type's range, with an overflow-checked path for int8.

// rangeErr returns the out-of-range error of an integer result type.
func rangeErr(t types.Oid) error {
	switch t {
	case types.Int2Oid:
		return errInt2Range
	case types.Int4Oid:
		return errInt4Range
	}
	return errInt8Range
}

// intBounds returns the range of an integer type.
func intBounds(t types.Oid) (int64, int64) {
	switch t {
	case types.Int2Oid:
		return math.MinInt16, math.MaxInt16
	case types.Int4Oid:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func isIntType(t types.Oid) bool {
	return t == types.Int2Oid || t == types.Int4Oid || t == types.Int8Oid
}

// intArith returns the implementation of integer operator op with result
// type res, or nil.
func intArith(op string, res types.Oid) CallFunc {
	lo, hi := intBounds(res)
	oerr := rangeErr(res)
	if res == types.Int8Oid {
		switch op {
		case "+":
			return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
				x, y := a[0].I, a[1].I
				s := x + y
				if (s > x) != (y > 0) {
					return types.Datum{}, errInt8Range
				}
				return types.Datum{I: s}, nil
			}
		case "-":
			return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
				x, y := a[0].I, a[1].I
				s := x - y
				if (s < x) != (y > 0) {
					return types.Datum{}, errInt8Range
				}
				return types.Datum{I: s}, nil
			}
		case "*":
			return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
				p, ok := mul64(a[0].I, a[1].I)
				if !ok {
					return types.Datum{}, errInt8Range
				}
				return types.Datum{I: p}, nil
			}
		}
	} else {
		switch op {
		case "+":
			return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
				v := a[0].I + a[1].I
				if v < lo || v > hi {
					return types.Datum{}, oerr
				}
				return types.Datum{I: v}, nil
			}
		case "-":
			return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
				v := a[0].I - a[1].I
				if v < lo || v > hi {
					return types.Datum{}, oerr
				}
				return types.Datum{I: v}, nil
			}
		case "*":
			return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
				v := a[0].I * a[1].I
				if v < lo || v > hi {
					return types.Datum{}, oerr
				}
				return types.Datum{I: v}, nil
			}
		}
	}
	switch op {
	case "/":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			x, y := a[0].I, a[1].I
			if y == 0 {
				return types.Datum{}, errDivByZero
			}
			if y == -1 {
				if x == lo {
					return types.Datum{}, oerr
				}
				return types.Datum{I: -x}, nil
			}
			v := x / y
			if v < lo || v > hi {
				return types.Datum{}, oerr
			}
			return types.Datum{I: v}, nil
		}
	case "%":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			x, y := a[0].I, a[1].I
			if y == 0 {
				return types.Datum{}, errDivByZero
			}
			if y == -1 {
				return types.Datum{}, nil
			}
			return types.Datum{I: x % y}, nil
		}
	case "&":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{I: a[0].I & a[1].I}, nil }
	case "|":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{I: a[0].I | a[1].I}, nil }
	case "#":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{I: a[0].I ^ a[1].I}, nil }
	case "<<":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return types.Datum{I: truncInt(shiftLeft(a[0].I, a[1].I, res), res)}, nil
		}
	case ">>":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			return types.Datum{I: shiftRight(a[0].I, a[1].I, res)}, nil
		}
	}
	return nil
}

// mul64 multiplies with overflow detection.
func mul64(x, y int64) (int64, bool) {
	if x == 0 || y == 0 {
		return 0, true
	}
	hi, lo := bits.Mul64(uint64(abs64(x)), uint64(abs64(y)))
	neg := (x < 0) != (y < 0)
	if hi != 0 {
		return 0, false
	}
	if neg {
		if lo > 1<<63 {
			return 0, false
		}
		return -int64(lo), true
	}
	if lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

// abs64 returns |x| as uint64-safe int64 bits (MinInt64 stays itself,
// which as uint64 is 2^63).
func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// The C shift semantics PostgreSQL inherits: the count is taken modulo the
// operand width by the hardware on x86.
func shiftLeft(x, n int64, t types.Oid) int64 {
	w := widthOf(t)
	return x << (uint64(n) % w)
}

func shiftRight(x, n int64, t types.Oid) int64 {
	w := widthOf(t)
	return truncInt(x, t) >> (uint64(n) % w)
}

func widthOf(t types.Oid) uint64 {
	switch t {
	case types.Int2Oid:
		return 32 // int2 shifts are done in int after promotion
	case types.Int4Oid:
		return 32
	}
	return 64
}

// truncInt wraps v to the width of t, as C's conversion does.
func truncInt(v int64, t types.Oid) int64 {
	switch t {
	case types.Int2Oid:
		return int64(int16(v))
	case types.Int4Oid:
		return int64(int32(v))
	}
	return v
}

// intPrefix returns the prefix operator op (- + @ ~) over integer type t.
func intPrefix(op string, t types.Oid) CallFunc {
	lo, _ := intBounds(t)
	oerr := rangeErr(t)
	switch op {
	case "-":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			if a[0].I == lo {
				return types.Datum{}, oerr
			}
			return types.Datum{I: -a[0].I}, nil
		}
	case "+":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return a[0], nil }
	case "@":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) {
			if a[0].I == lo {
				return types.Datum{}, oerr
			}
			return types.Datum{I: abs64(a[0].I)}, nil
		}
	case "~":
		return func(_ *Ctx, a []types.Datum) (types.Datum, error) { return types.Datum{I: ^a[0].I}, nil }
	}
	return nil
}
