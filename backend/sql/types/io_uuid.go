package types

// inputUUID reads a uuid: 32 hex digits, optionally inside braces, with
// an optional hyphen after any group of four digits (but not at the end).
func inputUUID(s string) (Datum, error) {
	var out [16]byte
	i := 0
	braces := len(s) > 0 && s[0] == '{'
	if braces {
		i++
	}
	for n := 0; n < 16; n++ {
		if i+1 >= len(s) {
			return Null, syntaxError("uuid", s)
		}
		hi, ok1 := hexVal(s[i])
		lo, ok2 := hexVal(s[i+1])
		if !ok1 || !ok2 {
			return Null, syntaxError("uuid", s)
		}
		out[n] = hi<<4 | lo
		i += 2
		if n%2 == 1 && n < 15 && i < len(s) && s[i] == '-' {
			i++
		}
	}
	if braces {
		if i >= len(s) || s[i] != '}' {
			return Null, syntaxError("uuid", s)
		}
		i++
	}
	if i != len(s) {
		return Null, syntaxError("uuid", s)
	}
	return Datum{S: string(out[:])}, nil
}

// appendUUID prints a uuid in the 8-4-4-4-12 lower-case form.
func appendUUID(dst []byte, b string) []byte {
	if len(b) != 16 {
		return dst
	}
	for i := 0; i < 16; i++ {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexDigits[b[i]>>4], hexDigits[b[i]&15])
	}
	return dst
}
