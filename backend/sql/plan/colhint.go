package plan

import "fmt"

// Hints for a column reference that names no column (42703), as
// PostgreSQL gives them: the column of the query's FROM items whose name
// is nearest by edit distance, penalised by how far its item's name is
// from the qualifier written; two equally near suggest both, three or
// more none.

// maxFuzzyDistance is the largest total distance still worth a hint.
const maxFuzzyDistance = 3

type fuzzyMatch struct {
	distance      int
	first, second *fuzzyCol
}

type fuzzyCol struct{ alias, name string }

// columnHint returns the hint for column name (qualified by alias, or
// "") that no FROM item has, "" when nothing is near enough.
func (q *analyzer) columnHint(alias, name string) string {
	m := fuzzyMatch{distance: maxFuzzyDistance + 1}
	for s := q.sc; s != nil; s = s.parent {
		for _, e := range s.entries {
			if e.alias == "" {
				continue // an unnamed join repeats its inputs' columns
			}
			penalty := 0
			if alias != "" {
				penalty = levenshtein(alias, e.alias)
			}
			for i, c := range e.cols {
				sys := e.isSys(i)
				if sys && alias != "" {
					continue // PostgreSQL suggests no system column
				}
				if c.Name == name && penalty == 0 {
					// It exists but this part of the query cannot see it.
					return fmt.Sprintf("There is a column named %q in table %q, but it cannot be referenced from this part of the query.", name, e.alias)
				}
				if !sys {
					m.consider(penalty, e.alias, c.Name, name)
				}
			}
		}
	}
	switch {
	case m.first != nil && m.second != nil:
		return fmt.Sprintf("Perhaps you meant to reference the column \"%s.%s\" or the column \"%s.%s\".",
			m.first.alias, m.first.name, m.second.alias, m.second.name)
	case m.first != nil:
		return fmt.Sprintf("Perhaps you meant to reference the column \"%s.%s\".", m.first.alias, m.first.name)
	}
	return ""
}

// consider weighs column actual of item alias against the name written.
func (m *fuzzyMatch) consider(penalty int, alias, actual, written string) {
	if actual == "" || penalty > m.distance {
		return
	}
	d := levenshtein(actual, written)
	// More than half the characters different is no suggestion.
	if d > len(written)/2 {
		return
	}
	d += penalty
	switch {
	case d < m.distance:
		m.distance, m.first, m.second = d, &fuzzyCol{alias, actual}, nil
	case d == m.distance && m.second != nil:
		// A third at this distance: none of them is worth naming.
		m.first, m.second = nil, nil
	case d == m.distance && m.first != nil:
		m.second = &fuzzyCol{alias, actual}
	}
}

// levenshtein is the edit distance of a and b in bytes (insertion,
// deletion and substitution each cost 1).
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
