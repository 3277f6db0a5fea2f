package scram

import "testing"

func TestSASLprep(t *testing.T) {
	for _, c := range []struct {
		in, out string
		ok      bool
	}{
		{"pencil", "pencil", true},
		{"pen\x01cil", "pen\x01cil", true}, // ASCII is never touched
		{"I\u00ADX", "IX", true},           // RFC 4013 example: soft hyphen mapped to nothing
		{"user", "user", true},
		{"\u00AA", "a", true},              // NFKC
		{"\u2168", "IX", true},             // NFKC
		{"a\u00A0b", "a b", true},          // non-ASCII space to space
		{"a\u3000b\u200Bc", "a b c", true}, // C.1.2 includes U+200B
		{"\u00e9", "\u00e9", true},         // precomposed stays
		{"e\u0301", "\u00e9", true},        // composed
		{"a\u0007\u00e9", "", false},       // C.2.1 once not pure ASCII
		{"\ue000\u00e9", "", false},        // private use
		{"\u0627\u0031\u0628", "\u0627\u0031\u0628", true},
		{"\u0627\u0031", "", false},      // RandAL must end with RandAL
		{"\u0627a\u0628", "", false},     // RandAL with L
		{"\xff\xfe", "", false},          // not UTF-8
		{"\U000E0001x\u00e9", "", false}, // C.9 tagging
		{"\u0378\u00e9", "", false},      // unassigned
	} {
		got, ok := saslprep(c.in)
		if ok != c.ok || (ok && got != c.out) {
			t.Errorf("saslprep(%+q) = %+q, %v; want %+q, %v", c.in, got, ok, c.out, c.ok)
		}
	}
}

// TestSASLprepFallback: a password SASLprep refuses is hashed as raw bytes,
// so it still authenticates; one it maps authenticates in either spelling.
func TestSASLprepFallback(t *testing.T) {
	for _, c := range []struct{ stored, given string }{
		{"\xff\xfepass", "\xff\xfepass"},
		{"I\u00ADX", "IX"},
		{"\u2168", "IX"},
	} {
		v, err := NewSCRAMVerifier(c.stored, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckPassword("u", v, true, c.given); err != nil {
			t.Errorf("verifier of %+q refused %+q: %v", c.stored, c.given, err)
		}
	}
}

// TestPostgreSQLVerifiers checks passwords against verifiers that
// PostgreSQL 15.18 stored for them (CREATE ROLE ... PASSWORD), so that
// SASLprep and the key derivation agree with it.
func TestPostgreSQLVerifiers(t *testing.T) {
	for _, c := range []struct {
		user, stored string
		passwords    []string // all accepted
	}{
		{"u", "SCRAM-SHA-256$4096:VoNmvuM96QSEvLG/l43nrA==$8c/+DDY7GBO245y2w7Alz13muDE8/g70fMxwPE+Obl0=:PnjMozLzDVpbY5SnlqNjF1sa7lmoJJ0VKJd912/X5+c=", []string{"pencil"}},
		{"m", "md58bbf3f45673bf67d02e4214911f3417f", []string{"pencil"}},
		{"s1", "SCRAM-SHA-256$4096:hW6wi32o/SsbAKJu0XQ/Ww==$rgd/Yih5r2M9d5PEjmW67rzAXOeYaCpeFkdJIBTaK5M=:DS8yAVtWXblWSg9WKek4ScJG4H4M0A8cWwlMdTWRMHE=", []string{"I\u00ADX", "IX"}},
		{"s2", "SCRAM-SHA-256$4096:83GdDWkHauP5rSk/6grG0w==$IPsz+MS67vlrdUexYWKDTfG7ieWnyRpVTTN1MGudzZA=:/HJqc3KSky5GKX3p1b9K8hUU8TrL8Ed6rCtroPyjXmw=", []string{"\u2168", "IX"}},
		{"s3", "SCRAM-SHA-256$4096:ht6ZhodjNaWUyZOMGdKN3Q==$HwhtK3bFkuVXvsFIYVCTmsgrw0cfbAui7J4fE+H7+As=:brOoNq0xiSxONZvYiyzWwQ+bs706gzDSlKT5WddbMXw=", []string{"a\u00A0b\u00e9", "a b\u00e9"}},
		{"s4", "SCRAM-SHA-256$4096:bCSxTL/J9Nrym847+aC8Iw==$SrRDzJKvhrezanWavSWPiE5ngT+/9wKeYd1rAYVXbxY=:W5s9UOu2Z3eM+O8zLB/yfPsMljHFGi1AiH1E451VhIU=", []string{"e\u0301x", "\u00e9x"}},
	} {
		if c.user == "m" && MD5Verifier("pencil", "m") != c.stored {
			t.Errorf("MD5Verifier(pencil, m) = %s, PostgreSQL stored %s", MD5Verifier("pencil", "m"), c.stored)
		}
		for _, p := range c.passwords {
			if err := CheckPassword(c.user, c.stored, true, p); err != nil {
				t.Errorf("%s: %+q refused: %v", c.user, p, err)
			}
		}
		if err := CheckPassword(c.user, c.stored, true, "wrong"); err == nil {
			t.Errorf("%s: wrong password accepted", c.user)
		}
	}
}
