package scram

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// saslprep prepares a password with SASLprep (RFC 4013, the "stored
// strings" profile of stringprep, RFC 3454) as PostgreSQL's pg_saslprep
// does. It reports false when the password is not valid UTF-8 or contains
// a prohibited character; PostgreSQL then hashes the raw bytes instead, so
// a password in another encoding still works.
//
// Like PostgreSQL, a pure ASCII password is returned unchanged, control
// characters included.
//
// Departure: stringprep prohibits code points unassigned in Unicode 3.2
// (table A.1). This uses the Unicode version of the Go and x/text tables
// instead, so a character assigned after 3.2 is accepted here and refused
// by PostgreSQL. That changes the hash only for a password holding both
// such a character and one that mapping or NFKC changes.
func saslprep(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s, true
	}
	if !utf8.ValidString(s) {
		return "", false
	}
	// 1) Map: non-ASCII spaces (C.1.2) to SPACE, B.1 to nothing.
	mapped := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case isNonASCIISpace(r):
			mapped = append(mapped, ' ')
		case isMappedToNothing(r):
		default:
			mapped = append(mapped, r)
		}
	}
	// 2) Normalize with NFKC.
	out := norm.NFKC.String(string(mapped))
	// 3) Prohibit, 4) check bidirectional strings.
	var randAL, l bool
	var first, last rune
	n := 0
	for _, r := range out {
		if isProhibited(r) {
			return "", false
		}
		switch bidi := bidiClass(r); bidi {
		case classRandAL:
			randAL = true
		case classL:
			l = true
		}
		if n == 0 {
			first = r
		}
		last = r
		n++
	}
	if randAL && (l || bidiClass(first) != classRandAL || bidiClass(last) != classRandAL) {
		return "", false
	}
	return out, true
}

type bidiCat int

const (
	classOther  bidiCat = iota
	classRandAL         // RFC 3454 D.1: bidi class R or AL
	classL              // RFC 3454 D.2: bidi class L
)

func bidiClass(r rune) bidiCat {
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.R, bidi.AL:
		return classRandAL
	case bidi.L:
		return classL
	}
	return classOther
}

// isNonASCIISpace is RFC 3454 table C.1.2.
func isNonASCIISpace(r rune) bool {
	switch {
	case r == 0x00a0, r == 0x1680, r >= 0x2000 && r <= 0x200b,
		r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// isMappedToNothing is RFC 3454 table B.1.
func isMappedToNothing(r rune) bool {
	switch {
	case r == 0x00ad, r == 0x034f, r == 0x1806, r >= 0x180b && r <= 0x180d,
		r >= 0x200b && r <= 0x200d, r == 0x2060, r >= 0xfe00 && r <= 0xfe0f,
		r == 0xfeff:
		return true
	}
	return false
}

// isProhibited is RFC 4013 section 2.3: tables C.1.2, C.2.1, C.2.2, C.3,
// C.4, C.5, C.6, C.7, C.8, C.9, and unassigned code points (A.1, see
// saslprep's departure).
func isProhibited(r rune) bool {
	switch {
	case isNonASCIISpace(r): // C.1.2
		return true
	case r <= 0x1f, r == 0x7f: // C.2.1
		return true
	case r >= 0x80 && r <= 0x9f, r == 0x06dd, r == 0x070f, r == 0x180e, // C.2.2
		r == 0x200c, r == 0x200d, r == 0x2028, r == 0x2029,
		r >= 0x2060 && r <= 0x2063, r >= 0x206a && r <= 0x206f, r == 0xfeff,
		r >= 0xfff9 && r <= 0xfffc, r >= 0x1d173 && r <= 0x1d17a:
		return true
	case r >= 0xe000 && r <= 0xf8ff, r >= 0xf0000 && r <= 0xffffd, // C.3
		r >= 0x100000 && r <= 0x10fffd:
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe: // C.4
		return true
	case r >= 0xd800 && r <= 0xdfff: // C.5
		return true
	case r >= 0xfff9 && r <= 0xfffd: // C.6
		return true
	case r >= 0x2ff0 && r <= 0x2ffb: // C.7
		return true
	case r == 0x0340, r == 0x0341, r == 0x200e, r == 0x200f, // C.8
		r >= 0x202a && r <= 0x202e, r >= 0x206a && r <= 0x206f:
		return true
	case r == 0xe0001, r >= 0xe0020 && r <= 0xe007f: // C.9
		return true
	}
	return !isAssigned(r)
}

var assigned = []*unicode.RangeTable{
	unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z,
	unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs,
}

func isAssigned(r rune) bool { return unicode.IsOneOf(assigned, r) }
