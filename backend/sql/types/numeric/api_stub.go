package numeric

import "ringpg/pgerr"

func notYet(what string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "numeric %s is not implemented", what)
}

// Parse reads a numeric literal as numeric_in does: surrounding spaces, an
// optional sign, digits with an optional decimal point and exponent, or
// NaN / Infinity / inf in any case with an optional sign.
func Parse(s string) (*Decimal, error) { return nil, notYet("input") }

// String returns d as PostgreSQL prints it, keeping the display scale.
func (d *Decimal) String() string { return string(d.Append(nil)) }

// Append appends d's text form to dst.
func (d *Decimal) Append(dst []byte) []byte { return dst }

// FromFloat64 converts a float8 as PostgreSQL's float8_numeric does (the
// shortest decimal that keeps 15 significant digits).
func FromFloat64(f float64) (*Decimal, error) { return nil, notYet("from float8") }

// Int64 rounds d half away from zero to a bigint.
func (d *Decimal) Int64() (int64, error) { return 0, notYet("to bigint") }

// Int32 rounds d half away from zero to an integer.
func (d *Decimal) Int32() (int32, error) { return 0, notYet("to integer") }

// Int16 rounds d half away from zero to a smallint.
func (d *Decimal) Int16() (int16, error) { return 0, notYet("to smallint") }

// Float64 converts d to the nearest float8.
func (d *Decimal) Float64() float64 { return 0 }

// Add returns a + b.
func Add(a, b *Decimal) (*Decimal, error) { return nil, notYet("+") }

// Sub returns a - b.
func Sub(a, b *Decimal) (*Decimal, error) { return nil, notYet("-") }

// Mul returns a × b with scale a.Scale()+b.Scale().
func Mul(a, b *Decimal) (*Decimal, error) { return nil, notYet("*") }

// Div returns a / b rounded to the scale PostgreSQL's select_div_scale picks.
func Div(a, b *Decimal) (*Decimal, error) { return nil, notYet("/") }

// DivTrunc returns trunc(a / b) as div() does.
func DivTrunc(a, b *Decimal) (*Decimal, error) { return nil, notYet("div") }

// Mod returns a % b (sign of a).
func Mod(a, b *Decimal) (*Decimal, error) { return nil, notYet("%") }

// Neg returns -d.
func Neg(d *Decimal) *Decimal { return d }

// Abs returns |d|.
func Abs(d *Decimal) *Decimal { return d }

// Cmp compares a and b: -Infinity < finite < +Infinity < NaN, NaN = NaN;
// scale does not matter (1.0 = 1.00).
func Cmp(a, b *Decimal) int { return 0 }

// Round rounds half away from zero to scale digits after the point
// (negative scale rounds left of it), as round(numeric, int).
func Round(d *Decimal, scale int32) (*Decimal, error) { return nil, notYet("round") }

// Trunc truncates toward zero to scale digits, as trunc(numeric, int).
func Trunc(d *Decimal, scale int32) (*Decimal, error) { return nil, notYet("trunc") }

// Ceil returns the smallest integer >= d.
func Ceil(d *Decimal) (*Decimal, error) { return nil, notYet("ceil") }

// Floor returns the largest integer <= d.
func Floor(d *Decimal) (*Decimal, error) { return nil, notYet("floor") }

// Sqrt returns the square root with PostgreSQL's result scale.
func Sqrt(d *Decimal) (*Decimal, error) { return nil, notYet("sqrt") }

// Exp returns e^d with PostgreSQL's result scale.
func Exp(d *Decimal) (*Decimal, error) { return nil, notYet("exp") }

// Ln returns the natural logarithm with PostgreSQL's result scale.
func Ln(d *Decimal) (*Decimal, error) { return nil, notYet("ln") }

// Log10 returns the base-10 logarithm.
func Log10(d *Decimal) (*Decimal, error) { return nil, notYet("log") }

// Log returns the logarithm of x in base b, as log(b, x).
func Log(b, x *Decimal) (*Decimal, error) { return nil, notYet("log") }

// Power returns a ^ b.
func Power(a, b *Decimal) (*Decimal, error) { return nil, notYet("power") }

// ApplyTypmod coerces d to numeric(p,s) as the typmod says ((p<<16|s)+4;
// -1 leaves d alone), rounding to s digits.
func ApplyTypmod(d *Decimal, typmod int32) (*Decimal, error) { return d, nil }

// TypmodString prints a numeric typmod as "(5,2)"; "" for -1.
func TypmodString(typmod int32) string { return "" }

// AppendSend appends d in PostgreSQL's binary wire format.
func (d *Decimal) AppendSend(dst []byte) []byte { return dst }

// Recv decodes PostgreSQL's binary wire format.
func Recv(b []byte) (*Decimal, error) { return nil, notYet("receive") }

// AppendStored appends d's storage form (the wire format).
func (d *Decimal) AppendStored(dst []byte) []byte { return d.AppendSend(dst) }

// FromStored decodes AppendStored's output.
func FromStored(b []byte) (*Decimal, error) { return Recv(b) }

// Hash returns a hash equal for values that compare equal.
func (d *Decimal) Hash() uint64 { return 0 }

// Acc accumulates sum and count without allocating per row.
type Acc struct{}

// AddInt64 adds an integer.
func (a *Acc) AddInt64(v int64) {}

// AddDecimal adds a numeric.
func (a *Acc) AddDecimal(d *Decimal) {}

// Sum returns the sum (nil when nothing was added).
func (a *Acc) Sum() *Decimal { return nil }

// Count returns the number of values added.
func (a *Acc) Count() int64 { return 0 }
