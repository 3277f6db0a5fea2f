package datetime

import (
	"math"
	"math/bits"

	"ringpg/pgerr"
)

// IntervalNeg returns -iv.
func IntervalNeg(iv Interval) (Interval, error) {
	r, ok := negInterval(iv)
	if !ok {
		return Interval{}, ivOutOfRange()
	}
	return r, nil
}

// IntervalAdd returns a + b field by field.
func IntervalAdd(a, b Interval) (Interval, error) {
	m := int64(a.Months) + int64(b.Months)
	d := int64(a.Days) + int64(b.Days)
	us, ok := addChecked(a.Micros, b.Micros)
	if !ok || m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32 {
		return Interval{}, ivOutOfRange()
	}
	return Interval{Months: int32(m), Days: int32(d), Micros: us}, nil
}

// IntervalSub returns a - b field by field.
func IntervalSub(a, b Interval) (Interval, error) {
	m := int64(a.Months) - int64(b.Months)
	d := int64(a.Days) - int64(b.Days)
	us, ok := addChecked(a.Micros, -b.Micros)
	if b.Micros == math.MinInt64 || !ok || m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32 {
		return Interval{}, ivOutOfRange()
	}
	return Interval{Months: int32(m), Days: int32(d), Micros: us}, nil
}

// tsRound rounds to microsecond precision, as PostgreSQL's TSROUND.
func tsRound(x float64) float64 { return math.RoundToEven(x*1e6) / 1e6 }

func fitsInt32(f float64) bool {
	return !math.IsNaN(f) && f >= math.MinInt32 && f < math.MaxInt32+1.0
}

// IntervalMul returns iv × factor: fractional months flow into days (30 to
// a month) and fractional days into microseconds, as interval_mul does.
func IntervalMul(iv Interval, factor float64) (Interval, error) {
	mf := float64(iv.Months) * factor
	df := float64(iv.Days) * factor
	if !fitsInt32(mf) || !fitsInt32(df) {
		return Interval{}, ivOutOfRange()
	}
	r := Interval{Months: int32(mf), Days: int32(df)}
	monthRemDays := tsRound((mf - float64(r.Months)) * 30)
	secRem := tsRound((df - float64(r.Days) + monthRemDays - math.Trunc(monthRemDays)) * 86400)
	return finishScaled(r, monthRemDays, secRem, float64(iv.Micros)*factor)
}

// IntervalDiv returns iv / factor, as interval_div does.
func IntervalDiv(iv Interval, factor float64) (Interval, error) {
	if factor == 0 {
		return Interval{}, pgerr.New("22012", "division by zero")
	}
	mf := float64(iv.Months) / factor
	df := float64(iv.Days) / factor
	if !fitsInt32(mf) || !fitsInt32(df) {
		return Interval{}, ivOutOfRange()
	}
	r := Interval{Months: int32(mf), Days: int32(df)}
	monthRemDays := tsRound((mf - float64(r.Months)) * 30)
	secRem := tsRound((df - float64(r.Days) + monthRemDays - math.Trunc(monthRemDays)) * 86400)
	return finishScaled(r, monthRemDays, secRem, float64(iv.Micros)/factor)
}

func finishScaled(r Interval, monthRemDays, secRem, micros float64) (Interval, error) {
	if math.Abs(secRem) >= 86400 {
		extra := math.Trunc(secRem / 86400)
		r.Days += int32(extra)
		secRem -= extra * 86400
	}
	days := int64(r.Days) + int64(monthRemDays)
	if days > math.MaxInt32 || days < math.MinInt32 {
		return Interval{}, ivOutOfRange()
	}
	r.Days = int32(days)
	us := math.RoundToEven(micros + secRem*1e6)
	if math.IsNaN(us) || us < math.MinInt64 || us >= math.MaxInt64 {
		return Interval{}, ivOutOfRange()
	}
	r.Micros = int64(us)
	return r, nil
}

// JustifyHours moves whole days out of the microseconds.
func JustifyHours(iv Interval) (Interval, error) {
	wd := iv.Micros / USecsPerDay
	iv.Micros -= wd * USecsPerDay
	d := int64(iv.Days) + wd
	if d > 0 && iv.Micros < 0 {
		iv.Micros += USecsPerDay
		d--
	} else if d < 0 && iv.Micros > 0 {
		iv.Micros -= USecsPerDay
		d++
	}
	if d > math.MaxInt32 || d < math.MinInt32 {
		return Interval{}, ivOutOfRange()
	}
	iv.Days = int32(d)
	return iv, nil
}

// JustifyDays moves whole 30-day months out of the days.
func JustifyDays(iv Interval) (Interval, error) {
	wm := iv.Days / 30
	iv.Days -= wm * 30
	m := int64(iv.Months) + int64(wm)
	if m > 0 && iv.Days < 0 {
		iv.Days += 30
		m--
	} else if m < 0 && iv.Days > 0 {
		iv.Days -= 30
		m++
	}
	if m > math.MaxInt32 || m < math.MinInt32 {
		return Interval{}, ivOutOfRange()
	}
	iv.Months = int32(m)
	return iv, nil
}

// JustifyInterval applies both, with the signs made consistent.
func JustifyInterval(iv Interval) (Interval, error) {
	wd := iv.Micros / USecsPerDay
	iv.Micros -= wd * USecsPerDay
	d := int64(iv.Days) + wd
	if d > math.MaxInt32 || d < math.MinInt32 {
		return Interval{}, ivOutOfRange()
	}
	wm := d / 30
	d -= wm * 30
	m := int64(iv.Months) + wm
	if m > math.MaxInt32 || m < math.MinInt32 {
		return Interval{}, ivOutOfRange()
	}
	if m > 0 && (d < 0 || (d == 0 && iv.Micros < 0)) {
		d += 30
		m--
	} else if m < 0 && (d > 0 || (d == 0 && iv.Micros > 0)) {
		d -= 30
		m++
	}
	if d > 0 && iv.Micros < 0 {
		iv.Micros += USecsPerDay
		d--
	} else if d < 0 && iv.Micros > 0 {
		iv.Micros -= USecsPerDay
		d++
	}
	iv.Months, iv.Days = int32(m), int32(d)
	return iv, nil
}

// IntervalKey returns a signed 128-bit key (hi, lo) that orders and hashes
// intervals as PostgreSQL compares them: months count 30 days, days 24
// hours. Equal keys mean equal intervals ('1 mon' = '30 days').
func IntervalKey(iv Interval) (hi int64, lo uint64) {
	days := int64(iv.Months)*30 + int64(iv.Days) // fits easily
	// days × USecsPerDay as 128 bits, then + Micros.
	neg := days < 0
	ud := uint64(days)
	if neg {
		ud = uint64(-days)
	}
	h, l := bits.Mul64(ud, uint64(USecsPerDay))
	if neg {
		l, h = negU128(l, h)
	}
	m := iv.Micros
	mh := uint64(0)
	if m < 0 {
		mh = math.MaxUint64
	}
	var c uint64
	l, c = bits.Add64(l, uint64(m), 0)
	h, _ = bits.Add64(h, mh, c)
	return int64(h), l
}

func negU128(l, h uint64) (uint64, uint64) {
	l2, b := bits.Sub64(0, l, 0)
	h2, _ := bits.Sub64(0, h, b)
	return l2, h2
}

// CmpInterval compares intervals as PostgreSQL does.
func CmpInterval(a, b Interval) int {
	ah, al := IntervalKey(a)
	bh, bl := IntervalKey(b)
	switch {
	case ah < bh:
		return -1
	case ah > bh:
		return 1
	case al < bl:
		return -1
	case al > bl:
		return 1
	}
	return 0
}

// AppendIntervalKey appends the 16-byte big-endian key with the sign bit
// flipped, so that bytes compare as the intervals do.
func AppendIntervalKey(dst []byte, iv Interval) []byte {
	h, l := IntervalKey(iv)
	u := uint64(h) ^ (1 << 63)
	for i := 7; i >= 0; i-- {
		dst = append(dst, byte(u>>(8*i)))
	}
	for i := 7; i >= 0; i-- {
		dst = append(dst, byte(l>>(8*i)))
	}
	return dst
}
