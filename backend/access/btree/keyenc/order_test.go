package keyenc

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// The property every encoder must have: for random values a and b of a
// type, in every direction and NULL placement, bytes.Compare of their
// encodings is PostgreSQL's comparison of the values.

// pgCompare is the comparison PostgreSQL's default B-tree operator class
// makes for a non-NULL value of type t.
func pgCompare(t Type, a, b any) int {
	switch t {
	case Bool:
		x, y := a.(bool), b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case Int2:
		return cmp.Compare(a.(int16), b.(int16))
	case Int4, Date:
		return cmp.Compare(a.(int32), b.(int32))
	case Int8, Timestamp:
		return cmp.Compare(a.(int64), b.(int64))
	case Float4:
		return floatCompare(float64(a.(float32)), float64(b.(float32)))
	case Float8:
		return floatCompare(a.(float64), b.(float64))
	case Numeric:
		return numericCompare(a.(string), b.(string))
	case Text:
		return strings.Compare(a.(string), b.(string))
	case Bytea:
		return bytes.Compare(a.([]byte), b.([]byte))
	}
	panic(t)
}

// floatCompare is float8_cmp_internal: NaNs equal each other and sort
// after everything else.
func floatCompare(x, y float64) int {
	xn, yn := math.IsNaN(x), math.IsNaN(y)
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	case yn:
		return -1
	}
	return cmp.Compare(x, y) // -0 and 0 compare equal, as in PostgreSQL
}

// numericCompare orders numeric strings by value with big.Rat, placing
// the special values as numeric_cmp does.
func numericCompare(a, b string) int {
	ra, ca := numericRank(a)
	rb, cb := numericRank(b)
	if ca != cb {
		return cmp.Compare(ca, cb)
	}
	if ra == nil {
		return 0
	}
	return ra.Cmp(rb)
}

func numericRank(s string) (*big.Rat, int) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "nan":
		return nil, 3
	case "-infinity", "-inf":
		return nil, -2
	case "infinity", "+infinity", "inf", "+inf":
		return nil, 2
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		panic("bad numeric in test: " + s)
	}
	return r, 0
}

func sign(c int) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

// randValue returns a random non-NULL value of type t, often an edge case
// and often equal to another draw.
func randValue(r *rand.Rand, t Type) any {
	small := r.IntN(4) == 0 // draws from a small set, to get equal values
	switch t {
	case Bool:
		return r.IntN(2) == 1
	case Int2:
		if small {
			return []int16{math.MinInt16, -1, 0, 1, math.MaxInt16}[r.IntN(5)]
		}
		return int16(r.Uint32())
	case Int4, Date:
		if small {
			return []int32{math.MinInt32, -256, -1, 0, 1, 255, 256, math.MaxInt32}[r.IntN(8)]
		}
		return int32(r.Uint32())
	case Int8, Timestamp:
		if small {
			return []int64{math.MinInt64, -1 << 32, -1, 0, 1, 1 << 32, math.MaxInt64}[r.IntN(7)]
		}
		return int64(r.Uint64()) >> r.IntN(64)
	case Float4:
		if small {
			return []float32{float32(math.Inf(-1)), -1, float32(math.Copysign(0, -1)), 0,
				math.SmallestNonzeroFloat32, 1, math.MaxFloat32, float32(math.Inf(1)), float32(math.NaN())}[r.IntN(9)]
		}
		return math.Float32frombits(r.Uint32())
	case Float8:
		if small {
			return []float64{math.Inf(-1), -math.MaxFloat64, -1, math.Copysign(0, -1), 0,
				math.SmallestNonzeroFloat64, 0.5, 1, math.Inf(1), math.NaN(),
				math.Float64frombits(0xfff8000000000001)}[r.IntN(11)]
		}
		return math.Float64frombits(r.Uint64())
	case Numeric:
		return randNumeric(r)
	case Text:
		return string(randBytes(r))
	case Bytea:
		return randBytes(r)
	}
	panic(t)
}

func randBytes(r *rand.Rand) []byte {
	alphabet := []byte{0, 0, 1, 'a', 'b', 0xfe, 0xff}
	n := r.IntN(6)
	b := make([]byte, n)
	for i := range b {
		if r.IntN(3) == 0 {
			b[i] = byte(r.Uint32())
		} else {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
	}
	return b
}

func randNumeric(r *rand.Rand) string {
	switch r.IntN(12) {
	case 0:
		return []string{"NaN", "nan", "Infinity", "-Infinity", "inf", "-inf", "+Infinity"}[r.IntN(7)]
	case 1:
		return []string{"0", "-0", "0.000", "00", "+0.0e5"}[r.IntN(5)]
	}
	var sb strings.Builder
	switch r.IntN(3) {
	case 0:
		sb.WriteByte('-')
	case 1:
		sb.WriteByte('+')
	}
	digits := "0123456789"
	if r.IntN(2) == 0 {
		digits = "019" // more ties and carries
	}
	for range r.IntN(8) {
		sb.WriteByte(digits[r.IntN(len(digits))])
	}
	if r.IntN(2) == 0 {
		sb.WriteByte('.')
		for range 1 + r.IntN(8) {
			sb.WriteByte(digits[r.IntN(len(digits))])
		}
	}
	if sb.Len() == 0 || strings.TrimLeft(sb.String(), "+-") == "" {
		sb.WriteByte('7')
	}
	if r.IntN(4) == 0 {
		fmt.Fprintf(&sb, "e%d", r.IntN(41)-20)
	}
	return sb.String()
}

var allTypes = []Type{Bool, Int2, Int4, Int8, Float4, Float8, Numeric, Text, Bytea, Date, Timestamp}

var allOrders = []Order{{}, {NullsFirst: true}, {Desc: true}, {Desc: true, NullsFirst: true}}

// expect is the order PostgreSQL gives two values of a column (nil is
// NULL).
func expect(c Column, a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		if c.Order.NullsFirst {
			return -1
		}
		return 1
	case b == nil:
		if c.Order.NullsFirst {
			return 1
		}
		return -1
	}
	r := pgCompare(c.Type, a, b)
	if c.Order.Desc {
		r = -r
	}
	return sign(r)
}

func randMaybeNull(r *rand.Rand, t Type) any {
	if r.IntN(8) == 0 {
		return nil
	}
	return randValue(r, t)
}

func mustEncode(t *testing.T, cols []Column, vals []any) []byte {
	t.Helper()
	b, err := Encode(nil, cols, vals)
	if err != nil {
		t.Fatalf("Encode(%v): %v", vals, err)
	}
	return b
}

func TestOrderSingleColumn(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, typ := range allTypes {
		for _, o := range allOrders {
			c := []Column{{typ, o}}
			t.Run(fmt.Sprintf("%v/desc=%v/nullsfirst=%v", typ, o.Desc, o.NullsFirst), func(t *testing.T) {
				for range 3000 {
					a, b := randMaybeNull(r, typ), randMaybeNull(r, typ)
					ka, kb := mustEncode(t, c, []any{a}), mustEncode(t, c, []any{b})
					if got, want := bytes.Compare(ka, kb), expect(c[0], a, b); got != want {
						t.Fatalf("%#v vs %#v: bytes.Compare = %d, want %d\n%x\n%x", a, b, got, want, ka, kb)
					}
				}
			})
		}
	}
}

func TestOrderMultiColumn(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		n := 1 + r.IntN(3)
		cols := make([]Column, n)
		for i := range cols {
			// A narrow type first gives many ties there, so the later
			// columns decide often.
			typ := allTypes[r.IntN(len(allTypes))]
			if i == 0 && r.IntN(2) == 0 {
				typ = Bool
			}
			cols[i] = Column{typ, allOrders[r.IntN(len(allOrders))]}
		}
		for range 100 {
			a, b := make([]any, n), make([]any, n)
			for i, c := range cols {
				a[i], b[i] = randMaybeNull(r, c.Type), randMaybeNull(r, c.Type)
			}
			want := 0
			for i, c := range cols {
				if want = expect(c, a[i], b[i]); want != 0 {
					break
				}
			}
			ka, kb := mustEncode(t, cols, a), mustEncode(t, cols, b)
			if got := bytes.Compare(ka, kb); got != want {
				t.Fatalf("cols %v: %#v vs %#v: bytes.Compare = %d, want %d", cols, a, b, got, want)
			}
			// The first k columns' encoding is a prefix of the key.
			k := r.IntN(n + 1)
			if p := mustEncode(t, cols, a[:k]); !bytes.HasPrefix(ka, p) {
				t.Fatalf("encoding of %d columns is not a prefix of the key", k)
			}
		}
	}
}

// canonical is what a value decodes to.
func canonical(c Column, v any) any {
	switch x := v.(type) {
	case float32:
		switch {
		case x != x:
			return float32(math.NaN())
		case x == 0:
			return float32(0)
		}
	case float64:
		switch {
		case x != x:
			return math.NaN()
		case x == 0:
			return float64(0)
		}
	case string:
		switch c.Type {
		case Numeric:
			d, err := parseNumeric(x)
			if err != nil {
				panic(err)
			}
			switch d.class {
			case numNaN:
				return "NaN"
			case numPosInf:
				return "Infinity"
			case numNegInf:
				return "-Infinity"
			case numZero:
				return "0"
			}
			return formatDecimal(d.class == numNeg, d.digits, d.exp)
		case Bytea:
			return []byte(x)
		}
	}
	return v
}

func sameValue(a, b any) bool {
	if fa, ok := a.(float64); ok {
		fb, ok := b.(float64)
		return ok && (fa == fb && math.Signbit(fa) == math.Signbit(fb) || fa != fa && fb != fb)
	}
	if fa, ok := a.(float32); ok {
		fb, ok := b.(float32)
		return ok && (fa == fb && math.Signbit(float64(fa)) == math.Signbit(float64(fb)) || fa != fa && fb != fb)
	}
	return reflect.DeepEqual(a, b)
}

func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		n := 1 + r.IntN(4)
		cols := make([]Column, n)
		vals := make([]any, n)
		for i := range cols {
			cols[i] = Column{allTypes[r.IntN(len(allTypes))], allOrders[r.IntN(len(allOrders))]}
			vals[i] = randMaybeNull(r, cols[i].Type)
		}
		key := mustEncode(t, cols, vals)
		got, err := Decode(nil, key, cols)
		if err != nil {
			t.Fatalf("Decode(%x) of %#v: %v", key, vals, err)
		}
		for i := range vals {
			if want := canonical(cols[i], vals[i]); !sameValue(got[i], want) {
				t.Fatalf("column %d (%v): decoded %#v, want %#v", i, cols[i].Type, got[i], want)
			}
		}
		if again := mustEncode(t, cols, got); !bytes.Equal(again, key) {
			t.Fatalf("re-encoding %#v gives %x, want %x", got, again, key)
		}
	}
}
