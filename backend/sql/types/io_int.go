package types

// parseInt reads a bits-wide signed integer as pg_strtoint16/32/64 do:
// optional white space, an optional sign, decimal digits, optional white
// space. Overflow is reported as soon as the digits exceed the range,
// before any trailing garbage is looked at, as PostgreSQL does.
func parseInt(s string, bits int, typeName string) (int64, error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	start := i
	limit := uint64(1)<<(bits-1) - 1
	if neg {
		limit++
	}
	var v uint64
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		// Checked before multiplying: v*10 could wrap around 2^64
		// ("18446744073709551616" would read as 0).
		d := uint64(s[i] - '0')
		if v > (limit-d)/10 {
			return 0, valueOutOfRange(s, typeName)
		}
		v = v*10 + d
	}
	if i == start {
		return 0, syntaxError(typeName, s)
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i != len(s) {
		return 0, syntaxError(typeName, s)
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}
