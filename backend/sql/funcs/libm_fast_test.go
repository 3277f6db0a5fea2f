package funcs

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The double-double fast paths must return, whenever they answer, the
// same float64 as the 128-bit math/big paths.

func bigExpRound(x float64) float64 { return roundBig(bigExpOf(newBig().SetFloat64(x))) }
func bigLogRound(x float64) float64 { return roundBig(bigLogOf(x)) }
func bigPowRound(x, y float64) float64 {
	return roundBig(bigExpOf(newBig().Mul(bigLogOf(math.Abs(x)), newBig().SetFloat64(y))))
}

func bigTrigRound(fn byte, x float64) float64 {
	s, c := bigSinCos(x)
	switch fn {
	case 's':
		return roundBig(s)
	case 'c':
		return roundBig(c)
	}
	return roundBig(new(big.Float).SetPrec(exactPrec).Quo(s, c))
}

func fastCases(t *testing.T) int {
	if testing.Short() {
		return 2000
	}
	return 12000
}

// logUniform returns a random value of either sign whose magnitude is
// spread evenly over the binades from 2^lo to 2^hi.
func logUniform(r *rand.Rand, lo, hi float64) float64 {
	v := math.Exp2(lo + r.Float64()*(hi-lo))
	if r.IntN(2) == 0 {
		v = -v
	}
	return v
}

// nudge moves x by up to a few units in the last place.
func nudge(r *rand.Rand, x float64) float64 {
	b := math.Float64bits(x)
	return math.Float64frombits(b + uint64(r.IntN(9)) - 4)
}

type fastCheck struct {
	t         *testing.T
	name      string
	tried     int
	fallbacks int
}

func (c *fastCheck) check(args []float64, fast float64, ok bool, slow func() float64) {
	c.t.Helper()
	c.tried++
	if !ok {
		c.fallbacks++
		if c.fallbacks <= 5 {
			c.t.Logf("%s%v left to math/big", c.name, args)
		}
		return
	}
	if want := slow(); math.Float64bits(fast) != math.Float64bits(want) {
		c.t.Errorf("%s%v: fast path %v (%#x), math/big %v (%#x)", c.name, args, fast,
			math.Float64bits(fast), want, math.Float64bits(want))
	}
}

func (c *fastCheck) done() {
	c.t.Logf("%s: %d arguments, %d left to math/big", c.name, c.tried, c.fallbacks)
	if c.fallbacks*100 > c.tried {
		c.t.Errorf("%s: %d of %d arguments fell back", c.name, c.fallbacks, c.tried)
	}
}

func TestFastExpMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	c := &fastCheck{t: t, name: "exp"}
	inputs := []float64{1.5, -19.63, 14.78, 1, -1, 0.5, 708.9, -706.9, 0x1p-30, -0x1p-30, 0x1p-53, -0x1p-54, math.Ln2, 100}
	for len(inputs) < fastCases(t) {
		switch r.IntN(4) {
		case 0:
			inputs = append(inputs, -707+r.Float64()*1416)
		case 1:
			inputs = append(inputs, logUniform(r, -60, 3))
		case 2:
			inputs = append(inputs, nudge(r, float64(r.IntN(64*1000)-64*1000/2)*math.Ln2/64))
		default:
			inputs = append(inputs, float64(r.IntN(1400)-700)/float64(1+r.IntN(8)))
		}
	}
	for _, x := range inputs {
		if math.Exp(x) < 0x1p-1022 || math.IsInf(math.Exp(x), 0) || x == 0 {
			continue
		}
		v, ok := fastExp(x)
		c.check([]float64{x}, v, ok, func() float64 { return bigExpRound(x) })
	}
	c.done()
}

func TestFastLogMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	c := &fastCheck{t: t, name: "ln"}
	inputs := []float64{7.381, 1e-300, 2, 0.5, math.E, 10, 1 + 0x1p-52, 1 - 0x1p-53, 5e-324, math.MaxFloat64, 0x1p-1022}
	for len(inputs) < fastCases(t) {
		switch r.IntN(4) {
		case 0:
			inputs = append(inputs, math.Float64frombits(r.Uint64N(0x7ff0000000000000-1)+1))
		case 1:
			inputs = append(inputs, 1+logUniform(r, -52, -1))
		case 2:
			inputs = append(inputs, float64(1+r.IntN(100000)))
		default:
			inputs = append(inputs, nudge(r, math.Ldexp(float64(90+r.IntN(93))/128, r.IntN(200)-100)))
		}
	}
	for _, x := range inputs {
		if !(x > 0) || x == 1 {
			continue
		}
		v, ok := fastLog(x)
		c.check([]float64{x}, v, ok, func() float64 { return bigLogRound(x) })
	}
	c.done()
}

func TestFastPowMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	c := &fastCheck{t: t, name: "pow"}
	type xy struct{ x, y float64 }
	inputs := []xy{{1.37, 1.7}, {3.3, 3}, {2, 0.5}, {10, -2.5}, {3, 2}, {2, 10}, {10, 22}, {1 + 0x1p-40, 1e12}, {9, 0.5}}
	for len(inputs) < fastCases(t) {
		var x, y float64
		switch r.IntN(4) {
		case 0:
			x = math.Abs(logUniform(r, -20, 20))
			y = (r.Float64()*2 - 1) * 700 / math.Max(math.Abs(math.Log(x)), 1)
		case 1:
			x = float64(1 + r.IntN(1000))
			y = float64(r.IntN(40) - 20)
		case 2:
			x = 1 + logUniform(r, -45, -2)
			y = logUniform(r, 0, 40)
		default:
			x = math.Abs(logUniform(r, -5, 5))
			y = float64(r.IntN(20)-10) / float64(1+r.IntN(4))
		}
		inputs = append(inputs, xy{x, y})
	}
	for _, in := range inputs {
		x, y := in.x, in.y
		p := math.Pow(x, y)
		if y == 0 || y == 1 || x == 1 || p == 0 || math.IsInf(p, 0) || math.IsNaN(p) || p < 0x1p-1022 {
			continue
		}
		v, ok := fastPow(x, y)
		c.check([]float64{x, y}, v, ok, func() float64 { return bigPowRound(x, y) })
	}
	c.done()
}

func TestFastTrigMatchesBig(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	inputs := []float64{-19.63, -1.87, 2.94, 1e6, 0.5, 1.2, math.Pi, math.Pi / 2, math.Pi / 4, 0x1p-26, 0x1p40, -0x1p40, 1e10, 355, 103993}
	for len(inputs) < fastCases(t) {
		switch r.IntN(4) {
		case 0:
			inputs = append(inputs, -10+r.Float64()*20)
		case 1:
			inputs = append(inputs, logUniform(r, -26, 40))
		case 2:
			inputs = append(inputs, nudge(r, float64(r.IntN(2000000)-1000000)*(math.Pi/2)))
		default:
			inputs = append(inputs, logUniform(r, -26, -5))
		}
	}
	for _, fn := range []byte{'s', 'c', 't'} {
		c := &fastCheck{t: t, name: string(fn)}
		for _, x := range inputs {
			if math.Abs(x) < 0x1p-26 || math.Abs(x) > 0x1p40 {
				continue
			}
			v, ok := fastTrig(fn, x)
			c.check([]float64{x}, v, ok, func() float64 { return bigTrigRound(fn, x) })
		}
		c.done()
	}
}

var benchSink float64

func benchArgs(lo, hi float64) []float64 {
	r := rand.New(rand.NewPCG(9, 10))
	a := make([]float64, 1024)
	for i := range a {
		a[i] = lo + r.Float64()*(hi-lo)
	}
	return a
}

func benchUnary(b *testing.B, f func(float64) float64, lo, hi float64) {
	a := benchArgs(lo, hi)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchSink = f(a[i&1023])
	}
}

func BenchmarkFastExp(b *testing.B) { benchUnary(b, exactExp, -700, 700) }
func BenchmarkFastLn(b *testing.B)  { benchUnary(b, exactLog, 1e-3, 1e6) }
func BenchmarkFastLog10(b *testing.B) {
	benchUnary(b, libmLog10, 1e-3, 1e6)
}
func BenchmarkFastPow(b *testing.B) {
	benchUnary(b, func(x float64) float64 { return exactPow(x, 1.7) }, 0.01, 100)
}
func BenchmarkFastSin(b *testing.B) { benchUnary(b, exactSin, -100, 100) }
func BenchmarkFastCos(b *testing.B) { benchUnary(b, exactCos, -100, 100) }
func BenchmarkFastTan(b *testing.B) { benchUnary(b, exactTan, -100, 100) }
func BenchmarkFastSinLarge(b *testing.B) {
	benchUnary(b, exactSin, -1e12, 1e12)
}
func BenchmarkBigExp(b *testing.B) { benchUnary(b, bigExpRound, -700, 700) }

// ddRelErr returns |v*2^k - want| / |want| as a power of two.
func ddRelErr(v dd, k int, want *big.Float) float64 {
	got := new(big.Float).SetPrec(2 * exactPrec).SetFloat64(v.hi)
	got.Add(got, new(big.Float).SetFloat64(v.lo))
	got.SetMantExp(got, k)
	d := new(big.Float).SetPrec(2*exactPrec).Sub(got, want)
	if d.Sign() == 0 {
		return math.Inf(-1)
	}
	q, _ := new(big.Float).Quo(d, want).Float64()
	return math.Log2(math.Abs(q))
}

// The double-double evaluations stay far inside the error bound that
// ddRound is given.
func TestFastErrorBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	n := fastCases(t) / 4
	worst := map[string]float64{}
	note := func(name string, e float64) {
		if w, ok := worst[name]; !ok || e > w {
			worst[name] = e
		}
	}
	for i := 0; i < n; i++ {
		x := -700 + r.Float64()*1400
		switch i % 3 {
		case 1:
			x = logUniform(r, -50, 3)
		case 2:
			x = nudge(r, math.Round(x*64/math.Ln2)*math.Ln2/64)
		}
		m, k := ddExpReduced(dd{x, 0})
		note("exp", ddRelErr(m, k, bigExpOf(newBig().SetFloat64(x))))
		l := math.Float64frombits(r.Uint64N(0x7ff0000000000000-1) + 1)
		if i%2 == 1 {
			l = 1 + logUniform(r, -50, -1)
		}
		if l != 1 {
			note("ln", ddRelErr(ddLog(l), 0, bigLogOf(l)))
		}
		px := math.Abs(logUniform(r, -20, 20))
		py := (r.Float64()*2 - 1) * 700 / math.Max(math.Abs(math.Log(px)), 1)
		z := ddMulF(ddLog(px), py)
		m, k = ddExpReduced(z)
		e := ddRelErr(m, k, bigExpOf(newBig().Mul(bigLogOf(px), newBig().SetFloat64(py))))
		note("pow/(1+|z|)", e-math.Log2(1+math.Abs(z.hi)))
		tx := logUniform(r, -26, 40)
		switch i % 3 {
		case 1:
			tx = -10 + r.Float64()*20
		case 2:
			tx = nudge(r, math.Round(logUniform(r, 0, 39))*(math.Pi/2))
		}
		bs, bc := bigSinCos(tx)
		s, c := ddSinCos('b', tx)
		note("sin", ddRelErr(s, 0, bs))
		note("cos", ddRelErr(c, 0, bc))
		note("tan", ddRelErr(ddDiv(s, c), 0, new(big.Float).SetPrec(exactPrec).Quo(bs, bc)))
	}
	for name, w := range worst {
		t.Logf("%s: largest relative error 2^%.1f", name, w)
		if w > math.Log2(fastRelErr)-6 {
			t.Errorf("%s: relative error 2^%.1f too close to the bound", name, w)
		}
	}
}

// Package variables computed with these functions at initialization see
// the finished tables.
func TestFastTablesReadyForPackageVars(t *testing.T) {
	if want := exactSin(deg30 * radiansPerDegree); sin30 != want || sin30 == 0 {
		t.Errorf("sin30 = %v, want %v", sin30, want)
	}
	if want := 1 - exactCos(deg60*radiansPerDegree); oneMinusCos60 != want {
		t.Errorf("oneMinusCos60 = %v, want %v", oneMinusCos60, want)
	}
}
