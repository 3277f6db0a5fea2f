package types

import (
	"bytes"
	"math"
	"math/rand"
	"strconv"
	"testing"

	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
)

// randomDatum returns a random non-NULL value of type oid, biased towards
// edge cases.
func randomDatum(r *rand.Rand, oid Oid) Datum {
	pick := func(vals ...int64) int64 { return vals[r.Intn(len(vals))] }
	str := func(alphabet string, max int) string {
		n := r.Intn(max + 1)
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		return string(b)
	}
	switch oid {
	case BoolOid:
		return Bool(r.Intn(2) == 1)
	case Int2Oid:
		return Int(pick(math.MinInt16, math.MaxInt16, 0, -1, 1, int64(int16(r.Uint32()))))
	case Int4Oid, DateOid:
		return Int(pick(math.MinInt32, math.MaxInt32, 0, -1, 1, int64(int32(r.Uint32()))))
	case Int8Oid, TimestampOid, TimestampTZOid:
		return Int(pick(math.MinInt64, math.MaxInt64, 0, -1, 1, int64(r.Uint64())))
	case TimeOid:
		return Int(r.Int63n(86400000001))
	case OidOid, RegclassOid:
		return Int(int64(pick(0, 1, math.MaxUint32, int64(r.Uint32()))))
	case CharOid:
		return Int(int64(uint8(r.Uint32())))
	case Float4Oid:
		f := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1.5, -1.5, math.MaxFloat32, math.SmallestNonzeroFloat32, float32(r.NormFloat64() * 1000)}
		return Float(float64(f[r.Intn(len(f))]))
	case Float8Oid:
		f := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1.5, -1.5, math.MaxFloat64, math.SmallestNonzeroFloat64, r.NormFloat64() * 1e6, r.ExpFloat64()}
		return Float(f[r.Intn(len(f))])
	case NumericOid:
		var s string
		switch r.Intn(6) {
		case 0:
			s = []string{"NaN", "Infinity", "-Infinity", "0", "0.000", "-0"}[r.Intn(6)]
		case 1:
			s = strconv.FormatInt(r.Int63()-r.Int63(), 10)
		default:
			s = strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.Intn(40)-20)), 'f', r.Intn(12), 64)
		}
		n, err := numeric.Parse(s)
		if err != nil {
			panic(err)
		}
		return Datum{P: n}
	case TextOid, VarcharOid, NameOid:
		return String(str("ab\x00é ", 6))
	case BPCharOid:
		return String(str("ab ", 5))
	case ByteaOid:
		return String(str("\x00\x01\xff", 5))
	case IntervalOid:
		return Datum{P: datetime.Interval{
			Months: int32(pick(0, 1, -1, math.MaxInt32, math.MinInt32, int64(int32(r.Uint32())))),
			Days:   int32(pick(0, 30, -30, math.MaxInt32, math.MinInt32, int64(int32(r.Uint32())))),
			Micros: pick(0, 86400000000, -86400000000, math.MaxInt64, math.MinInt64, int64(r.Uint64())),
		}}
	case Int4ArrayOid, TextArrayOid, PgLsnArrayOid:
		elem := ElemType(oid)
		n := r.Intn(4)
		elems := make([]Datum, n)
		for i := range elems {
			if r.Intn(5) == 0 {
				elems[i] = Null
			} else {
				elems[i] = randomDatum(r, elem)
			}
		}
		a := NewArray(elem, elems)
		if n > 0 && r.Intn(4) == 0 {
			a.Dims[0].Lower = int32(r.Intn(3))
		}
		if n == 2 && r.Intn(2) == 0 {
			a.Dims = []ArrayDim{{Len: 1, Lower: 1}, {Len: 2, Lower: 1}}
		}
		return ArrayDatum(a)
	case JSONBOid:
		return JSONBDatum(randomJSONB(r, 0))
	case RecordOid:
		n := r.Intn(3)
		rec := &Record{}
		for i := 0; i < n; i++ {
			ft := []Oid{Int4Oid, TextOid}[i%2]
			rec.Types = append(rec.Types, Of(ft))
			if r.Intn(4) == 0 {
				rec.Values = append(rec.Values, Null)
			} else {
				rec.Values = append(rec.Values, randomDatum(r, ft))
			}
		}
		return RecordDatum(rec)
	case UUIDOid:
		b := make([]byte, 16)
		for i := range b {
			b[i] = []byte{0, 0x7f, 0x80, 0xff}[r.Intn(4)]
		}
		return String(string(b))
	case PgLsnOid:
		return LSN(uint64(pick(0, 1, math.MaxInt64, -1, math.MinInt64, 0x16B3748, -0x100, r.Int63())))
	}
	panic("no generator for type")
}

// TestKeyOrderMatchesCompare sorts random values by their key bytes and
// by Compare, in both directions, and checks that the orders agree.
func TestKeyOrderMatchesCompare(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	oids := []Oid{BoolOid, Int2Oid, Int4Oid, Int8Oid, Float4Oid, Float8Oid, NumericOid, TextOid, VarcharOid,
		NameOid, BPCharOid, ByteaOid, UUIDOid, OidOid, RegclassOid, CharOid, DateOid, TimeOid, TimestampOid, TimestampTZOid, IntervalOid, Int4ArrayOid, TextArrayOid, JSONBOid, RecordOid, PgLsnOid, PgLsnArrayOid}
	for _, oid := range oids {
		typ := Of(oid)
		if _, ok := KeyType(typ); !ok {
			t.Errorf("%s has no key type", FormatType(typ))
			continue
		}
		for _, o := range []keyenc.Order{keyenc.Asc, keyenc.Desc} {
			vals := make([]Datum, 300)
			for i := range vals {
				vals[i] = randomDatum(r, oid)
			}
			vals[0] = Null
			keys := make([][]byte, len(vals))
			for i, v := range vals {
				k, err := AppendKey(nil, typ, v, o)
				if err != nil {
					t.Fatalf("%s: %v", FormatType(typ), err)
				}
				keys[i] = k
			}
			for i := range vals {
				for j := range vals {
					want := 0
					switch {
					case vals[i].Null && vals[j].Null:
					case vals[i].Null:
						want = 1
					case vals[j].Null:
						want = -1
					default:
						want = Compare(typ, vals[i], vals[j])
						if o.Desc {
							want = -want
						}
					}
					if vals[i].Null != vals[j].Null && o.NullsFirst {
						want = -want
					}
					if got := bytes.Compare(keys[i], keys[j]); got != want {
						t.Fatalf("%s %v: key order %d, Compare %d for %q and %q", FormatType(typ), o, got, want,
							Output(typ, vals[i], nil), Output(typ, vals[j], nil))
					}
					if want == 0 && !vals[i].Null && Hash(typ, vals[i]) != Hash(typ, vals[j]) {
						t.Fatalf("%s: equal values %q and %q hash differently", FormatType(typ),
							Output(typ, vals[i], nil), Output(typ, vals[j], nil))
					}
				}
			}
		}
	}
}

func TestNoKey(t *testing.T) {
	for _, oid := range []Oid{JSONOid, JSONArrayOid} {
		if _, err := AppendKey(nil, Of(oid), Int(1), keyenc.Asc); pgerrCode(err) != "0A000" {
			t.Errorf("AppendKey(%s) = %v, want 0A000", FormatType(Of(oid)), err)
		}
	}
}

func TestIntervalOrder(t *testing.T) {
	day := datetime.USecsPerDay
	cases := []struct {
		a, b datetime.Interval
		want int
	}{
		{datetime.Interval{Months: 1}, datetime.Interval{Days: 30}, 0},
		{datetime.Interval{Days: 1}, datetime.Interval{Micros: day}, 0},
		{datetime.Interval{Days: 1}, datetime.Interval{Micros: day + 1}, -1},
		{datetime.Interval{Months: -1}, datetime.Interval{Micros: -30*day + 1}, -1},
		{datetime.Interval{Months: math.MaxInt32, Days: math.MaxInt32, Micros: math.MaxInt64}, datetime.Interval{Months: math.MaxInt32, Days: math.MaxInt32, Micros: math.MaxInt64 - 1}, 1},
		{datetime.Interval{Months: math.MinInt32, Days: math.MinInt32, Micros: math.MinInt64}, datetime.Interval{}, -1},
	}
	for _, c := range cases {
		a, b := Datum{P: c.a}, Datum{P: c.b}
		if got := Compare(Of(IntervalOid), a, b); got != c.want {
			t.Errorf("Compare(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
		if c.want == 0 && Hash(Of(IntervalOid), a) != Hash(Of(IntervalOid), b) {
			t.Errorf("%v and %v hash differently", c.a, c.b)
		}
	}
}

// TestCompare checks orders that PostgreSQL defines specially.
func TestCompare(t *testing.T) {
	in := func(typ, s string) (T, Datum) {
		tt, err := ParseTypeName(typ)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Input(tt, s, nil)
		if err != nil {
			t.Fatalf("%s %q: %v", typ, s, err)
		}
		return tt, d
	}
	// Each list is in ascending order; equal neighbours are marked "=".
	lists := []struct {
		typ  string
		vals []string
	}{
		{"float8", []string{"-Infinity", "-1", "-0", "=0", "1", "Infinity", "NaN", "=NaN"}},
		{"numeric", []string{"-Infinity", "-1.5", "0", "=0.000", "1", "=1.0", "Infinity", "NaN"}},
		{"bpchar", []string{"", "=  ", "a", "=a  ", "a b", "b"}},
		{"text", []string{"", " ", "A", "B", "a", "ab", "é"}},
		{"bool", []string{"f", "t"}},
		{"int4[]", []string{"{}", "{1}", "{1,2}", "{1,NULL}", "[0:0]={2}", "{2}", "{{2}}", "{NULL}"}},
		{"jsonb", []string{"[]", "null", `""`, `"a"`, `"b"`, "1", "=1.0", "2", "false", "true", "[1]", "[2]", "[1, 2]", "{}", `{"a": 1}`, `{"b": 0}`, `{"a": 1, "b": 2}`}},
	}
	for _, l := range lists {
		var typ T
		var prev Datum
		for i, s := range l.vals {
			eq := s != "" && s[0] == '='
			if eq {
				s = s[1:]
			}
			tt, d := in(l.typ, s)
			typ = tt
			if i > 0 {
				want := -1
				if eq {
					want = 0
				}
				if got := Compare(typ, prev, d); got != want {
					t.Errorf("%s: Compare(%q, %q) = %d, want %d", l.typ, l.vals[i-1], s, got, want)
				}
				if got := Compare(typ, d, prev); got != -want {
					t.Errorf("%s: Compare(%q, %q) = %d, want %d", l.typ, s, l.vals[i-1], got, -want)
				}
				if eq != Equal(typ, prev, d) {
					t.Errorf("%s: Equal(%q, %q) = %v", l.typ, l.vals[i-1], s, !eq)
				}
				if eq && Hash(typ, prev) != Hash(typ, d) {
					t.Errorf("%s: %q and %q hash differently", l.typ, l.vals[i-1], s)
				}
			}
			prev = d
		}
	}
}

func randomJSONB(r *rand.Rand, depth int) *JSONB {
	k := r.Intn(6)
	if depth > 2 && k >= 4 {
		k = r.Intn(4)
	}
	switch k {
	case 0:
		return JSONBNull()
	case 1:
		return JSONBString([]string{"", "a", "b", "ab", "é"}[r.Intn(5)])
	case 2:
		n, _ := numeric.Parse([]string{"0", "1", "-1", "1.0", "2.5", "100"}[r.Intn(6)])
		return JSONBNumber(n)
	case 3:
		return JSONBBool(r.Intn(2) == 1)
	case 4:
		elems := make([]*JSONB, r.Intn(3))
		for i := range elems {
			elems[i] = randomJSONB(r, depth+1)
		}
		return JSONBArray(elems)
	}
	n := r.Intn(3)
	keys, vals := make([]string, n), make([]*JSONB, n)
	for i := range keys {
		keys[i] = []string{"a", "b", "aa", ""}[r.Intn(4)]
		vals[i] = randomJSONB(r, depth+1)
	}
	return JSONBObject(keys, vals)
}

// TestFromKey decodes keys of random values and checks they give the
// values back (up to what Compare calls equal).
func TestFromKey(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, oid := range []Oid{BoolOid, Int2Oid, Int4Oid, Int8Oid, Float4Oid, Float8Oid, NumericOid, TextOid, VarcharOid,
		NameOid, ByteaOid, UUIDOid, OidOid, CharOid, DateOid, TimeOid, TimestampOid, TimestampTZOid, PgLsnOid} {
		typ := Of(oid)
		if !KeyLossless(typ) {
			t.Errorf("%s: not lossless", FormatType(typ))
			continue
		}
		kt, _ := KeyType(typ)
		for _, o := range []keyenc.Order{keyenc.Asc, keyenc.Desc} {
			for i := 0; i < 50; i++ {
				d := randomDatum(r, oid)
				k, err := AppendKey(nil, typ, d, o)
				if err != nil {
					t.Fatal(err)
				}
				v, rest, err := keyenc.DecodeColumn(k, keyenc.Column{Type: kt, Order: o})
				if err != nil || len(rest) != 0 {
					t.Fatalf("%s: decode %x: %v", FormatType(typ), k, err)
				}
				back, err := FromKey(typ, v)
				if err != nil {
					t.Fatal(err)
				}
				if Compare(typ, back, d) != 0 {
					t.Fatalf("%s: %q comes back as %q", FormatType(typ), Output(typ, d, nil), Output(typ, back, nil))
				}
			}
		}
	}
	for _, oid := range []Oid{BPCharOid, IntervalOid, JSONBOid, Int4ArrayOid, JSONOid, RecordOid} {
		if KeyLossless(Of(oid)) {
			t.Errorf("%s: lossless", FormatType(Of(oid)))
		}
	}
}
