package numeric

import "ringpg/pgerr"

func notYet(what string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "numeric %s is not implemented", what)
}

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