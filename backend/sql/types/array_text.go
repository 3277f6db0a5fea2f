package types

import (
	"strconv"
	"strings"

	"ringpg/pgerr"
)

func malformedArray(s, detail string, args ...any) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "malformed array literal: \"%s\"", s).WithDetail(detail, args...)
}

func tooManyDims(n int) error {
	return pgerr.New(pgerr.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", n, MaxArrayDims)
}

// arrayIn reads an array literal as array_in does: optional explicit
// dimensions "[lo:hi]...=", then nested braces whose structure gives the
// dimensions, elements separated by commas, double-quoted or bare
// (trimmed), backslash escaping any character, bare NULL for a NULL.
// Each element is read by the element type's input with the typmod.
func arrayIn(s string, elem Oid, mod int32, env *Env) (Datum, error) {
	p := 0
	var given []ArrayDim
	for {
		for p < len(s) && isSpace(s[p]) {
			p++
		}
		if p >= len(s) || s[p] != '[' {
			break
		}
		p++
		if len(given) >= MaxArrayDims {
			return Null, tooManyDims(len(given) + 1)
		}
		q := scanBoundDigits(s, p)
		if q == p {
			return Null, malformedArray(s, "\"[\" must introduce explicitly-specified array dimensions.")
		}
		lower := int32(1)
		if q < len(s) && s[q] == ':' {
			lower = atoi32(s[p:q])
			p = q + 1
			q = scanBoundDigits(s, p)
			if q == p {
				return Null, malformedArray(s, "Missing array dimension value.")
			}
		}
		if q >= len(s) || s[q] != ']' {
			return Null, malformedArray(s, "Missing \"%s\" after array dimensions.", "]")
		}
		upper := atoi32(s[p:q])
		p = q + 1
		if upper < lower {
			return Null, pgerr.New(codeArraySubscriptError, "upper bound cannot be less than lower bound")
		}
		given = append(given, ArrayDim{Len: upper - lower + 1, Lower: lower})
	}
	if len(given) == 0 {
		if p >= len(s) || s[p] != '{' {
			return Null, malformedArray(s, "Array value must start with \"{\" or dimension information.")
		}
	} else {
		if p >= len(s) || s[p] != '=' {
			return Null, malformedArray(s, "Missing \"%s\" after array dimensions.", "=")
		}
		p++
		for p < len(s) && isSpace(s[p]) {
			p++
		}
		if p >= len(s) || s[p] != '{' {
			return Null, malformedArray(s, "Array contents must start with \"{\".")
		}
	}
	lens, items, err := scanArray(s, p)
	if err != nil {
		return Null, err
	}
	a := &Array{Elem: elem}
	if given != nil {
		if len(given) != len(lens) {
			return Null, malformedArray(s, "Specified array dimensions do not match array contents.")
		}
		for i := range given {
			if given[i].Len != lens[i] {
				return Null, malformedArray(s, "Specified array dimensions do not match array contents.")
			}
		}
		a.Dims = given
	} else if len(items) > 0 {
		for _, n := range lens {
			a.Dims = append(a.Dims, ArrayDim{Len: n, Lower: 1})
		}
	}
	if len(items) == 0 {
		a.Dims = nil
		return Datum{P: a}, nil
	}
	et := T{Oid: elem, Mod: mod}
	a.Elems = make([]Datum, len(items))
	for i, it := range items {
		if it.null {
			a.Elems[i] = Null
			continue
		}
		v, err := Input(et, it.text, env)
		if err != nil {
			return Null, err
		}
		a.Elems[i] = v
	}
	return Datum{P: a}, nil
}

func scanBoundDigits(s string, p int) int {
	for p < len(s) && (s[p] >= '0' && s[p] <= '9' || s[p] == '-' || s[p] == '+') {
		p++
	}
	return p
}

// atoi32 reads a bound as C's atoi would (sign, digits, stop at anything
// else, wrap on overflow).
func atoi32(s string) int32 {
	neg := false
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	var v int64
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		v = v*10 + int64(s[i]-'0')
		if v > 1<<40 {
			break
		}
	}
	if neg {
		v = -v
	}
	return int32(v)
}

type arrayItem struct {
	text string
	null bool
}

// Parse states of the brace scanner, as array_in's.
const (
	stNoLevel = iota
	stLevelStarted
	stElemStarted
	stElemCompleted
	stQuotedStarted
	stQuotedCompleted
	stElemDelimited
	stLevelCompleted
	stLevelDelimited
)

// scanArray checks the brace structure starting at s[p] ('{') and returns
// the dimension lengths and the elements in order. An element without
// escapes is a substring of s; one with backslashes is copied.
func scanArray(s string, p int) ([]int32, []arrayItem, error) {
	state := stNoLevel
	nest := 0
	ndim := 0
	var counts, lens [MaxArrayDims + 1]int32
	leafLevel := 0
	items := make([]arrayItem, 0, 1+strings.Count(s[p:], ","))
	// The current element: s[start:end] while no escape was seen, else
	// buf[:keep] (buf for a quoted element).
	started, quoted, escaped, inQuotes := false, false, false, false
	start, end := 0, 0
	var buf []byte
	keep := 0
	toBuf := func(upTo int) {
		if !escaped {
			escaped = true
			buf = append(buf[:0], s[start:upTo]...)
		}
	}
	finish := func() error {
		var text string
		switch {
		case escaped && quoted:
			text = string(buf)
		case escaped:
			text = string(buf[:keep])
		default:
			text = s[start:end]
		}
		null := !quoted && !escaped && strings.EqualFold(text, "NULL")
		items = append(items, arrayItem{text: text, null: null})
		if leafLevel != 0 && leafLevel != nest {
			return malformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
		}
		leafLevel = nest
		counts[nest-1]++
		started, quoted, escaped = false, false, false
		start, end, keep = 0, 0, 0
		return nil
	}
	for ; p < len(s); p++ {
		c := s[p]
		if inQuotes {
			switch c {
			case '\\':
				toBuf(p)
				p++
				if p >= len(s) {
					return nil, nil, malformedArray(s, "Unexpected end of input.")
				}
				buf = append(buf, s[p])
			case '"':
				inQuotes = false
				end = p
				state = stQuotedCompleted
			default:
				if escaped {
					buf = append(buf, c)
				}
			}
			continue
		}
		switch c {
		case '\\':
			if state != stLevelStarted && state != stElemStarted && state != stElemDelimited {
				return nil, nil, malformedArray(s, "Unexpected \"%c\" character.", '\\')
			}
			state = stElemStarted
			if !started {
				started, start = true, p
			}
			toBuf(p)
			p++
			if p >= len(s) {
				return nil, nil, malformedArray(s, "Unexpected end of input.")
			}
			buf = append(buf, s[p])
			keep = len(buf)
		case '"':
			if state != stLevelStarted && state != stElemDelimited {
				return nil, nil, malformedArray(s, "Unexpected array element.")
			}
			inQuotes, quoted, started = true, true, true
			start = p + 1
			state = stQuotedStarted
		case '{':
			if state != stNoLevel && state != stLevelStarted && state != stLevelDelimited {
				return nil, nil, malformedArray(s, "Unexpected \"%c\" character.", '{')
			}
			state = stLevelStarted
			if nest >= MaxArrayDims {
				return nil, nil, tooManyDims(nest + 1)
			}
			counts[nest] = 0
			nest++
			ndim = max(ndim, nest)
		case '}':
			if state != stElemStarted && state != stElemCompleted && state != stQuotedCompleted &&
				state != stLevelCompleted && !(nest == 1 && state == stLevelStarted) {
				return nil, nil, malformedArray(s, "Unexpected \"%c\" character.", '}')
			}
			if state == stElemStarted || state == stElemCompleted || state == stQuotedCompleted {
				if err := finish(); err != nil {
					return nil, nil, err
				}
			}
			empty := state == stLevelStarted
			state = stLevelCompleted
			n := counts[nest-1]
			if !empty {
				if lens[nest-1] != 0 && lens[nest-1] != n {
					return nil, nil, malformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
				}
				lens[nest-1] = n
			}
			nest--
			if nest == 0 {
				for p++; p < len(s); p++ {
					if !isSpace(s[p]) {
						return nil, nil, malformedArray(s, "Junk after closing right brace.")
					}
				}
				if empty {
					return []int32{0}, nil, nil
				}
				if leafLevel != ndim {
					return nil, nil, malformedArray(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
				}
				return append([]int32(nil), lens[:ndim]...), items, nil
			}
			counts[nest-1]++
		case ',':
			if state != stElemStarted && state != stElemCompleted && state != stQuotedCompleted && state != stLevelCompleted {
				return nil, nil, malformedArray(s, "Unexpected \"%c\" character.", ',')
			}
			if state == stLevelCompleted {
				state = stLevelDelimited
			} else {
				if err := finish(); err != nil {
					return nil, nil, err
				}
				state = stElemDelimited
			}
		default:
			if isSpace(c) {
				if state == stElemStarted && escaped {
					buf = append(buf, c)
				}
				continue
			}
			if state != stLevelStarted && state != stElemStarted && state != stElemDelimited {
				return nil, nil, malformedArray(s, "Unexpected array element.")
			}
			state = stElemStarted
			if !started {
				started, start = true, p
			}
			if escaped {
				buf = append(buf, c)
				keep = len(buf)
			}
			end = p + 1
		}
	}
	return nil, nil, malformedArray(s, "Unexpected end of input.")
}

// appendArrayText prints an array as array_out does.
func appendArrayText(dst []byte, a *Array, elem Oid, mod int32, env *Env) []byte {
	if len(a.Dims) == 0 || len(a.Elems) == 0 {
		return append(dst, '{', '}')
	}
	if !a.checkDims() {
		// An inconsistent array (a caller bug) prints as one dimension
		// rather than taking the backend down.
		a = NewArray(a.Elem, a.Elems)
	}
	for _, d := range a.Dims {
		if d.Lower != 1 {
			for _, d := range a.Dims {
				dst = append(dst, '[')
				dst = strconv.AppendInt(dst, int64(d.Lower), 10)
				dst = append(dst, ':')
				dst = strconv.AppendInt(dst, int64(d.Lower)+int64(d.Len)-1, 10)
				dst = append(dst, ']')
			}
			dst = append(dst, '=')
			break
		}
	}
	et := T{Oid: elem, Mod: mod}
	idx := 0
	var scratch []byte
	var walk func(level int)
	walk = func(level int) {
		dst = append(dst, '{')
		for i := int32(0); i < a.Dims[level].Len; i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			if level+1 < len(a.Dims) {
				walk(level + 1)
				continue
			}
			e := a.Elems[idx]
			idx++
			if e.Null {
				dst = append(dst, "NULL"...)
				continue
			}
			scratch = AppendOutput(scratch[:0], et, e, env)
			dst = appendArrayElem(dst, scratch)
		}
		dst = append(dst, '}')
	}
	walk(0)
	return dst
}

// appendArrayElem appends one element's text, quoted when it is empty,
// reads as NULL, or holds braces, quotes, backslashes, commas or white
// space.
func appendArrayElem(dst, v []byte) []byte {
	need := len(v) == 0 || len(v) == 4 && strings.EqualFold(string(v), "NULL")
	if !need {
		for _, c := range v {
			if c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || isSpace(c) {
				need = true
				break
			}
		}
	}
	if !need {
		return append(dst, v...)
	}
	dst = append(dst, '"')
	for _, c := range v {
		if c == '"' || c == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}
