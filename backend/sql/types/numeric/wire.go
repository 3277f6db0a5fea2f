package numeric

import (
	"encoding/binary"
	"math/big"
	"strconv"

	"ringpg/pgerr"
)

// Sign words of the binary format.
const (
	wirePos  = 0x0000
	wireNeg  = 0x4000
	wireNaN  = 0xC000
	wirePInf = 0xD000
	wireNInf = 0xF000
)

// base10000 returns |d|'s base-10000 digits without leading or trailing
// zero digits and the weight of the first one, as PostgreSQL stores them.
func (d *Decimal) base10000(buf []int16) ([]int16, int32) {
	if d.isZero() {
		return buf[:0], 0
	}
	// Pad the scale to a multiple of four so digit groups align with the point.
	pad := (4 - d.dscale%4) % 4
	sc := d.dscale + pad
	var groups []int16
	if d.big == nil {
		u := absU(d.small)
		groups = buf[:0]
		if pad > 0 {
			m := uint64(pow10s[4-pad])
			groups = append(groups, int16(u%m*uint64(pow10s[pad])))
			u /= m
		}
		for u > 0 {
			groups = append(groups, int16(u%10000))
			u /= 10000
		}
	} else {
		c := mulPow10(d.coef(), pad)
		s := c.Text(10)
		if s[0] == '-' {
			s = s[1:]
		}
		groups = buf[:0]
		for end := len(s); end > 0; end -= 4 {
			st := max(end-4, 0)
			v, _ := strconv.Atoi(s[st:end])
			groups = append(groups, int16(v))
		}
	}
	// groups is least significant first; reverse.
	for i, j := 0, len(groups)-1; i < j; i, j = i+1, j-1 {
		groups[i], groups[j] = groups[j], groups[i]
	}
	for len(groups) > 0 && groups[0] == 0 {
		groups = groups[1:]
	}
	weight := int32(len(groups)) - 1 - sc/4
	for len(groups) > 0 && groups[len(groups)-1] == 0 {
		groups = groups[:len(groups)-1]
	}
	return groups, weight
}

// AppendSend appends d in PostgreSQL's binary wire format: int16 ndigits,
// int16 weight, uint16 sign, uint16 dscale, then ndigits base-10000 int16s.
func (d *Decimal) AppendSend(dst []byte) []byte {
	var sign uint16
	dscale := uint16(d.dscale)
	switch d.form {
	case formNaN:
		sign = wireNaN
	case formPInf:
		// PostgreSQL sends what its short header's scale bits hold for the
		// infinities: 32.
		sign, dscale = wirePInf, 32
	case formNInf:
		sign, dscale = wireNInf, 32
	default:
		if d.Sign() < 0 {
			sign = wireNeg
		}
	}
	var buf [16]int16
	var digits []int16
	var weight int32
	if d.form == formFinite {
		digits, weight = d.base10000(buf[:0])
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(digits)))
	dst = binary.BigEndian.AppendUint16(dst, uint16(int16(weight)))
	dst = binary.BigEndian.AppendUint16(dst, sign)
	dst = binary.BigEndian.AppendUint16(dst, dscale)
	for _, g := range digits {
		dst = binary.BigEndian.AppendUint16(dst, uint16(g))
	}
	return dst
}

func badBinary(what string) error {
	return pgerr.New("22P03", "invalid %s in external \"numeric\" value", what)
}

// Recv decodes PostgreSQL's binary wire format as numeric_recv does,
// truncating digits beyond the display scale.
func Recv(b []byte) (*Decimal, error) {
	if len(b) < 8 {
		return nil, pgerr.New(pgerr.ProtocolViolation, "insufficient data left in message")
	}
	n := int(binary.BigEndian.Uint16(b))
	if n > MaxPrecision+maxResultScale {
		return nil, badBinary("length")
	}
	weight := int32(int16(binary.BigEndian.Uint16(b[2:])))
	sign := binary.BigEndian.Uint16(b[4:])
	dscale := int32(binary.BigEndian.Uint16(b[6:]))
	switch sign {
	case wirePos, wireNeg:
	case wireNaN:
		return nanDec, nil
	case wirePInf:
		return pinfDec, nil
	case wireNInf:
		return ninfDec, nil
	default:
		return nil, badBinary("sign")
	}
	if dscale > maxDscale {
		return nil, badBinary("scale")
	}
	if len(b) < 8+2*n {
		return nil, pgerr.New(pgerr.ProtocolViolation, "insufficient data left in message")
	}
	if len(b) > 8+2*n {
		return nil, pgerr.New(pgerr.ProtocolViolation, "incorrect binary data format")
	}
	var c *big.Int
	var small int64
	useBig := n > 4
	if useBig {
		c = new(big.Int)
	}
	tenK := big.NewInt(10000)
	for i := 0; i < n; i++ {
		g := int16(binary.BigEndian.Uint16(b[8+2*i:]))
		if g < 0 || g >= 10000 {
			return nil, badBinary("digit")
		}
		if useBig {
			c.Mul(c, tenK).Add(c, big.NewInt(int64(g)))
		} else {
			small = small*10000 + int64(g)
		}
	}
	if !useBig {
		c = big.NewInt(small)
	}
	if sign == wireNeg {
		c.Neg(c)
	}
	// value = c × 10^(4 × (weight - n + 1)); bring it to dscale digits.
	e := 4*(weight-int32(n)+1) + dscale
	if e >= 0 {
		if c.Sign() != 0 && int64(4*(weight+1)) > maxIntDigits {
			return nil, overflowErr()
		}
		c = mulPow10(c, e)
	} else {
		c.Quo(c, bigPow10(-e))
	}
	return mk(c, dscale), nil
}

// AppendStored appends d's storage form. It is the wire format, which is
// compact (two bytes per four digits) and already what send needs.
func (d *Decimal) AppendStored(dst []byte) []byte { return d.AppendSend(dst) }

// FromStored decodes AppendStored's output.
func FromStored(b []byte) (*Decimal, error) { return Recv(b) }
