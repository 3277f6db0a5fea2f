package funcs

import "math"

// libmCbrt is the cube root as the C library of PostgreSQL's usual
// platform (glibc) computes it: a polynomial first guess refined by one
// Halley step. It is not always correctly rounded (cbrt(27) is
// 3.0000000000000004), and cbrt()'s output is compared byte for byte with
// PostgreSQL's, so Go's math.Cbrt, which rounds differently, is not used.
func libmCbrt(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x + x
	}
	const cbrt2 = 1.2599210498948731648    // 2^(1/3)
	const sqrCbrt2 = 1.5874010519681994748 // 2^(2/3)
	scale := [5]float64{1 / sqrCbrt2, 1 / cbrt2, 1, cbrt2, sqrCbrt2}
	m, e := math.Frexp(math.Abs(x)) // |x| = m * 2^e, m in [0.5, 1)
	u := 0.354895765043919860 + (1.50819193781584896+(-2.11499494167371287+(2.44693122563534430+(-1.83469277483613086+(0.784932344976639262-0.145263899385486377*m)*m)*m)*m)*m)*m
	u3 := u * u * u
	y := u * (u3 + 2*m) / (2*u3 + m) * scale[2+e%3]
	if x < 0 {
		y = -y
	}
	return math.Ldexp(y, e/3)
}
