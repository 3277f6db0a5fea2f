package funcs

import "testing"

// The newline modes and the literal flag, with the answers PostgreSQL 15
// gives.
func TestRegexNewlineFlags(t *testing.T) {
	for _, c := range []struct {
		s, pat, flags string
		want          bool
	}{
		{"ab\ncd", "^c", "", false},
		{"ab\ncd", "^c", "n", true},
		{"ab\ncd", "^c", "p", false},
		{"ab\ncd", "^c", "w", true},
		{"ab\ncd", "b.c", "", true},
		{"ab\ncd", "b.c", "n", false},
		{"ab\ncd", "b.c", "p", false},
		{"ab\ncd", "b.c", "w", true},
		{"ab\ncd", "b.c", "ns", true},
		{"a+b", "a+b", "q", true},
		{"aab", "a+b", "q", false},
	} {
		f, err := parseReFlags(c.flags)
		if err != nil {
			t.Fatal(err)
		}
		re, err := compileRE(c.pat, f)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.MatchString(c.s); got != c.want {
			t.Errorf("%q ~ %q (flags %q) = %v, want %v", c.s, c.pat, c.flags, got, c.want)
		}
	}
}
