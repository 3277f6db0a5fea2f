package settings

import (
	"fmt"
	"sort"
	"strings"
)

// builtin is the registry: one Def per ID, filled at init from the defs_*.go
// tables and read-only afterwards.
var builtin [numBuiltin]Def

// byName maps a lower-cased setting name to its ID. PostgreSQL matches
// setting names case-insensitively in ASCII.
var byName = make(map[string]ID, numBuiltin)

// sortedIDs lists the built-in IDs in SHOW ALL order.
var sortedIDs []ID

func init() {
	seen := make([]bool, numBuiltin)
	for _, group := range [][]Def{connectionDefs, resourceDefs, clientDefs, loggingDefs, plannerDefs, identityDefs, ringpgDefs} {
		for _, d := range group {
			if d.ID < 0 || d.ID >= numBuiltin || seen[d.ID] {
				panic(fmt.Sprintf("settings: bad or duplicate ID %d for %q", d.ID, d.Name))
			}
			seen[d.ID] = true
			builtin[d.ID] = d
		}
	}
	for id := ID(0); id < numBuiltin; id++ {
		d := &builtin[id]
		if !seen[id] {
			panic(fmt.Sprintf("settings: ID %d has no definition", id))
		}
		key := strings.ToLower(d.Name)
		if _, dup := byName[key]; dup {
			panic("settings: duplicate name " + d.Name)
		}
		byName[key] = id
		v, err := parseValue(nil, d, d.Name, d.Boot)
		if err != nil {
			panic(fmt.Sprintf("settings: default of %s: %v", d.Name, err))
		}
		d.boot = v
		defaultSlots[id] = slot{cur: v, src: SourceDefault, reset: v, resetSrc: SourceDefault}
		sortedIDs = append(sortedIDs, id)
	}
	sort.Slice(sortedIDs, func(i, j int) bool {
		return nameLess(builtin[sortedIDs[i]].Name, builtin[sortedIDs[j]].Name)
	})
}

// nameLess orders setting names as SHOW ALL does: ASCII case-insensitively.
func nameLess(a, b string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return a < b
}

// Lookup returns the built-in definition of name (case-insensitive), or nil.
// Custom placeholders ("prefix.name") live in a Set, not here; see
// Set.Lookup.
func Lookup(name string) *Def {
	if id, ok := lookupID(name); ok {
		return &builtin[id]
	}
	return nil
}

// DefOf returns the built-in definition with the given ID.
func DefOf(id ID) *Def { return &builtin[id] }

// Defs returns every built-in definition, sorted by name as SHOW ALL sorts.
func Defs() []*Def {
	out := make([]*Def, len(sortedIDs))
	for i, id := range sortedIDs {
		out[i] = &builtin[id]
	}
	return out
}

func lookupID(name string) (ID, bool) {
	if id, ok := byName[name]; ok {
		return id, true
	}
	id, ok := byName[strings.ToLower(name)]
	return id, ok
}

// validCustomName reports whether name may be a custom placeholder: two or
// more simple identifiers separated by dots (PostgreSQL 15's rule).
func validCustomName(name string) bool {
	sawDot := false
	start := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '.':
			if start {
				return false
			}
			sawDot = true
			start = true
		case c == '_' || c >= 0x80 || (c|0x20) >= 'a' && (c|0x20) <= 'z':
			start = false
		case c >= '0' && c <= '9' || c == '$':
			if start {
				return false
			}
		default:
			return false
		}
	}
	return sawDot && !start
}
