package numeric

// MinScale returns the fewest fraction digits that represent d exactly
// (min_scale()); 0 for NaN and infinities.
func MinScale(d *Decimal) int32 {
	if d.form != formFinite || d.isZero() {
		return 0
	}
	s := d.dscale
	if d.big == nil {
		v := d.small
		for s > 0 && v%10 == 0 {
			v /= 10
			s--
		}
		return s
	}
	txt := d.big.Text(10)
	for end := len(txt); s > 0 && txt[end-1] == '0'; end-- {
		s--
	}
	return s
}

// TrimScale returns d with trailing fraction zeros removed (trim_scale()).
func TrimScale(d *Decimal) *Decimal {
	if d.form != formFinite {
		return d
	}
	return rescale(d, MinScale(d), true)
}

// Merge adds another accumulator's sum and count into a (for combining
// partial aggregates).
func (a *Acc) Merge(o *Acc) {
	a.nan = a.nan || o.nan
	a.pinf = a.pinf || o.pinf
	a.ninf = a.ninf || o.ninf
	n := a.count + o.count
	if o.count > 0 {
		if s := o.Sum(); s != nil && s.form == formFinite {
			a.AddDecimal(s)
		}
	}
	a.count = n
}
