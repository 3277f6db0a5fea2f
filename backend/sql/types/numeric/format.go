package numeric

import "strconv"

// String returns d as PostgreSQL prints it, keeping the display scale.
func (d *Decimal) String() string { return string(d.Append(nil)) }

// Append appends d's text form to dst: NaN, Infinity, -Infinity, or the
// digits with exactly Scale() digits after the point.
func (d *Decimal) Append(dst []byte) []byte {
	switch d.form {
	case formNaN:
		return append(dst, "NaN"...)
	case formPInf:
		return append(dst, "Infinity"...)
	case formNInf:
		return append(dst, "-Infinity"...)
	}
	var tmp [24]byte
	var digs []byte
	neg := false
	if d.big != nil {
		digs = d.big.Append(tmp[:0], 10)
		if digs[0] == '-' {
			neg = true
			digs = digs[1:]
		}
	} else {
		neg = d.small < 0
		digs = strconv.AppendUint(tmp[:0], absU(d.small), 10)
	}
	if neg {
		dst = append(dst, '-')
	}
	sc := int(d.dscale)
	if sc == 0 {
		return append(dst, digs...)
	}
	if len(digs) <= sc {
		dst = append(dst, '0', '.')
		for k := len(digs); k < sc; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digs...)
	}
	dst = append(dst, digs[:len(digs)-sc]...)
	dst = append(dst, '.')
	return append(dst, digs[len(digs)-sc:]...)
}
