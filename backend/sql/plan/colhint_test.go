package plan

import "testing"

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"nope", "note", 1}, {"coed", "code", 2}, {"abc", "", 3}, {"kitten", "sitting", 3},
	} {
		if got := levenshtein(c.a, c.b); got != c.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestFuzzyMatch(t *testing.T) {
	type cand struct {
		penalty     int
		alias, name string
	}
	for _, c := range []struct {
		written       string
		cands         []cand
		first, second string
	}{
		// the nearest wins
		{"nope", []cand{{0, "t", "id"}, {0, "t", "code"}, {0, "t", "note"}}, "t.note", ""},
		// two equally near are both named
		{"ab", []cand{{0, "t", "a"}, {0, "u", "b"}}, "t.a", "u.b"},
		// a third at that distance names none
		{"ab", []cand{{0, "t", "a"}, {0, "u", "b"}, {0, "v", "abc"}}, "", ""},
		// more than half the characters different is no match
		{"xyzw", []cand{{0, "t", "abcd"}}, "", ""},
		// the qualifier's distance counts
		{"note", []cand{{2, "s", "note"}, {0, "t", "nose"}}, "t.nose", ""},
	} {
		m := fuzzyMatch{distance: maxFuzzyDistance + 1}
		for _, x := range c.cands {
			m.consider(x.penalty, x.alias, x.name, c.written)
		}
		first, second := "", ""
		if m.first != nil {
			first = m.first.alias + "." + m.first.name
		}
		if m.second != nil {
			second = m.second.alias + "." + m.second.name
		}
		if first != c.first || second != c.second {
			t.Errorf("%q: got %q, %q; want %q, %q", c.written, first, second, c.first, c.second)
		}
	}
}
