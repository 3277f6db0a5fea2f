package fsm

import (
	"ringpg/backend/storage/page"
)

// An FSM page is an ordinary page whose special space holds the map:
//
//	special+0    64 bytes reserved (zero)
//	special+64   64 bytes: the largest slot of each group of 64 slots
//	special+128  SlotsPerPage bytes: the slots
//
// Invariant (under the page's exclusive lock, and so whenever a shared
// lock is held): groups[g] == max(slots[64g : 64g+64]).
const (
	groupSize   = 64
	groupCount  = SlotsPerPage / groupSize
	offGroups   = 64
	offSlots    = offGroups + groupCount
	specialSize = offSlots + SlotsPerPage
)

// pageView is the map part of one FSM page.
type pageView struct {
	groups []byte // groupCount
	slots  []byte // SlotsPerPage
}

// view returns the map in p, or nil when p was never initialised (an
// all-zero page left by an extension: every slot reads as zero).
func view(p page.Page) *pageView {
	if p.IsNew() || p.SpecialOffset() != page.Size-specialSize {
		return nil
	}
	s := p.Special()
	return &pageView{groups: s[offGroups:offSlots:offSlots], slots: s[offSlots:specialSize:specialSize]}
}

// initPage formats p as an empty FSM page.
func initPage(p page.Page) { p.Init(specialSize) }

func (v *pageView) slot(i int) uint8 { return v.slots[i] }

// set stores val in slot i and restores the group invariant.
func (v *pageView) set(i int, val uint8) {
	v.slots[i] = val
	g := i / groupSize
	m := uint8(0)
	for _, s := range v.slots[g*groupSize : (g+1)*groupSize] {
		m = max(m, s)
	}
	v.groups[g] = m
}

// max returns the page's largest slot.
func (v *pageView) max() uint8 {
	m := uint8(0)
	for _, g := range v.groups {
		m = max(m, g)
	}
	return m
}

// search returns the first slot at or after start (wrapping around) whose
// value is at least cat. The group maxima are exact, so it scans at most
// the group of start twice and one other group.
func (v *pageView) search(start int, cat uint8) (int, bool) {
	start %= SlotsPerPage
	g0 := start / groupSize
	for i := 0; i <= groupCount; i++ {
		g := (g0 + i) % groupCount
		lo, hi := g*groupSize, (g+1)*groupSize
		if i == 0 {
			lo = start
		}
		if i == groupCount {
			hi = start // the head of the first group, skipped at i == 0
		}
		if lo >= hi || v.groups[g] < cat {
			continue
		}
		for s := lo; s < hi; s++ {
			if v.slots[s] >= cat {
				return s, true
			}
		}
	}
	return 0, false
}
