package funcs

import "ringpg/backend/sql/types"

// chooseAmong is PostgreSQL's func_select_candidate: it narrows candidates
// that all accept the inputs by implicit coercion, and returns the single
// survivor or nil.
func chooseAmong(cands []candidate, in []types.Oid) *candidate {
	nunknown := 0
	for _, t := range in {
		if t == types.UnknownOid {
			nunknown++
		}
	}

	// Keep the candidates with the most exact matches on known inputs.
	cands = keepBest(cands, func(c candidate) int {
		n := 0
		for i, t := range in {
			if t != types.UnknownOid && c.args[i] == t {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return &cands[0]
	}

	// Then those with the most exact or preferred-type matches where
	// coercion is needed.
	cands = keepBest(cands, func(c candidate) int {
		n := 0
		for i, t := range in {
			if t != types.UnknownOid && (c.args[i] == t || isPreferredIn(category(t), c.args[i])) {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return &cands[0]
	}
	if nunknown == 0 {
		return nil
	}

	// Unknown inputs: find the category the candidates suggest for each
	// unknown slot (string wins a conflict), and whether a preferred type
	// of it is offered; drop candidates that disagree.
	slotCat := make([]byte, len(in))
	slotPref := make([]bool, len(in))
	resolved := true
	for i, t := range in {
		if t != types.UnknownOid {
			continue
		}
		var cat byte
		pref, conflict := false, false
		for _, c := range cands {
			ct := c.args[i]
			ccat := category(ct)
			cpref := isPreferredIn(ccat, ct)
			switch {
			case cat == 0:
				cat, pref = ccat, cpref
			case ccat == cat:
				pref = pref || cpref
			case ccat == types.CatString:
				cat, pref = ccat, cpref
			default:
				conflict = true
			}
		}
		if conflict && cat != types.CatString {
			resolved = false
			break
		}
		slotCat[i], slotPref[i] = cat, pref
	}
	if resolved {
		var kept []candidate
		for _, c := range cands {
			keep := true
			for i, t := range in {
				if t != types.UnknownOid {
					continue
				}
				ccat := category(c.args[i])
				if ccat != slotCat[i] || (slotPref[i] && !isPreferredIn(ccat, c.args[i])) {
					keep = false
					break
				}
			}
			if keep {
				kept = append(kept, c)
			}
		}
		if len(kept) == 1 {
			return &kept[0]
		}
		if len(kept) > 0 {
			cands = kept
		}
	}

	// Last resort: when every known input has the same type, assume the
	// unknowns have it too.
	if nunknown < len(in) {
		var known types.Oid
		same := true
		for _, t := range in {
			if t == types.UnknownOid {
				continue
			}
			if known == 0 {
				known = t
			} else if t != known {
				same = false
				break
			}
		}
		if same {
			assumed := make([]types.Oid, len(in))
			for i := range assumed {
				assumed[i] = known
			}
			var last *candidate
			n := 0
			for i := range cands {
				if canCoerceAll(assumed, cands[i].args) {
					last = &cands[i]
					n++
				}
			}
			if n == 1 {
				return last
			}
		}
	}
	return nil
}

// keepBest keeps the candidates with the highest score (all of them when
// every score is zero).
func keepBest(cands []candidate, score func(candidate) int) []candidate {
	best := -1
	var out []candidate
	for _, c := range cands {
		s := score(c)
		switch {
		case s > best:
			best = s
			out = append(out[:0:0], c)
		case s == best:
			out = append(out, c)
		}
	}
	return out
}
