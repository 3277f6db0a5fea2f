package page

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRepairFillsHoles: Repair keeps every item's bytes under its line
// pointer and leaves the page as compact would (storage back to back
// below pd_special, free space zeroed), on random pages of equal and
// unequal item sizes with random items removed, made dead or redirected;
// an item already above the new pd_upper never moves, and on a page of
// equal-sized items (a pruned heap page) every removal is filled by
// moving one item.
func TestRepairFillsHoles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 400 {
		equal := round%2 == 0
		p := newPage(t, 0)
		for {
			n := 120
			if !equal {
				n = 1 + rng.IntN(300)
			}
			item := []byte(strings.Repeat(fmt.Sprint(round%10), n))
			item[0] = byte('A' + p.MaxOffset()%26)
			if _, err := p.AddItem(item, InvalidOffset); err != nil {
				break
			}
		}
		removed := 0
		lastNormal := InvalidOffset
		for o := FirstOffset; o <= p.MaxOffset(); o++ {
			switch rng.IntN(8) {
			case 0:
				p.SetUnused(o)
				removed++
			case 1:
				p.SetDead(o)
				removed++
			case 2:
				if lastNormal != InvalidOffset {
					p.SetRedirect(o, lastNormal)
					removed++
					continue
				}
				lastNormal = o
			default:
				lastNormal = o
			}
		}
		before := append(Page(nil), p...)
		want := contents(p)
		p.Repair()
		mustCheck(t, p)
		if got := contents(p); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("round %d: contents changed\n got %q\nwant %q", round, got, want)
		}
		used := 0
		for o := FirstOffset; o <= p.MaxOffset(); o++ {
			used += MaxAlign(len(p.Item(o)))
		}
		if p.Upper() != p.SpecialOffset()-used {
			t.Fatalf("round %d: upper %d, want %d", round, p.Upper(), p.SpecialOffset()-used)
		}
		if !bytes.Equal(p[p.Lower():p.Upper()], make([]byte, p.ExactFreeSpace())) {
			t.Fatalf("round %d: free space not zeroed", round)
		}
		moved := 0
		for o := FirstOffset; o <= p.MaxOffset(); o++ {
			off0, _, f := Page(before).ItemID(o)
			off1, _, _ := p.ItemID(o)
			if f != Normal && f != Dead || len(p.Item(o)) == 0 {
				continue
			}
			if off0 != off1 {
				moved++
				if off0 >= p.Upper() && equal {
					t.Fatalf("round %d: item %d moved from %d, above the new upper %d", round, o, off0, p.Upper())
				}
			}
		}
		if equal && moved > removed {
			t.Fatalf("round %d: %d items moved for %d removed", round, moved, removed)
		}
	}
}

// BenchmarkRepairPrunedPage: Repair of a full page of 120-byte items with
// two removed, as pruning leaves a pgbench_accounts page.
func BenchmarkRepairPrunedPage(b *testing.B) {
	p := newPage(b, 0)
	for {
		if _, err := p.AddItem(bytes.Repeat([]byte{7}, 120), InvalidOffset); err != nil {
			break
		}
	}
	full := append(Page(nil), p...)
	for b.Loop() {
		copy(p, full)
		p.SetUnused(10)
		p.SetUnused(40)
		p.Repair()
	}
}

// BenchmarkAppendDeltaPrunedAccounts is the delta of a full page of
// 121-byte rows (pgbench_accounts') after pruning removed two: Repair
// moves two rows into the holes, where shifting every row below the
// first hole would change most of the page.
func BenchmarkAppendDeltaPrunedAccounts(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	before := heapPageOf(rng, 121, 122)
	after := append(Page(nil), before...)
	after.SetUnused(10)
	after.SetUnused(40)
	after.Repair()
	benchDelta(b, before, after)
}
