package btree

import (
	"strings"
	"testing"

	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// TestCheckFindsCorruption damages a healthy tree in the ways the verifier
// is meant to notice and checks that it names each.
func TestCheckFindsCorruption(t *testing.T) {
	build := func(t *testing.T) *harness {
		h := newHarness(t)
		for i := range 3000 {
			h.insert(padKey(int64(i), 100), tidOf(i))
		}
		if st := h.check(); st.Levels != 2 {
			t.Fatalf("want two levels: %v", st.Pages)
		}
		return h
	}
	// leaves returns the leaf blocks in chain order; the second has a left
	// and right sibling.
	leaves := func(h *harness) []uint32 {
		blk, err := h.ix.leftmostAt(0)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint32
		for blk != noBlock {
			out = append(out, blk)
			blk = node{h.st.rawPage(testRel, blk)}.next()
		}
		return out
	}
	raw := func(h *harness, blk uint32) node { return node{h.st.rawPage(testRel, blk)} }
	for _, tc := range []struct {
		name   string
		damage func(h *harness)
		opts   CheckOptions
		want   string
	}{
		{"items swapped", func(h *harness) {
			n := raw(h, leaves(h)[1])
			o1, l1, f1 := n.ItemID(3)
			o2, l2, f2 := n.ItemID(4)
			n.SetItemID(3, o2, l2, f2)
			n.SetItemID(4, o1, l1, f1)
		}, CheckOptions{}, "item order invariant violated"},
		{"left-link", func(h *harness) {
			raw(h, leaves(h)[2]).setPrev(leaves(h)[0])
		}, CheckOptions{}, "left-link"},
		{"item above the high key", func(h *harness) {
			n := raw(h, leaves(h)[1])
			// Overwrite the last item with a key from the next page.
			last := n.tuple(n.maxOff())
			copy(last[tupleHeader:], padKey(2999, 100))
		}, CheckOptions{}, "high key invariant violated"},
		{"high key differs from the parent", func(h *harness) {
			n := raw(h, leaves(h)[1])
			hk := n.highKey()
			hk[len(hk)-3]-- // still above the page's items, but not the downlink key
		}, CheckOptions{}, "does not match the parent's next downlink key"},
		{"missing downlink", func(h *harness) {
			root := raw(h, h.ix.rootBlk)
			root.DeleteItem(root.firstData() + 2)
		}, CheckOptions{}, "does not match the parent's next downlink key|has no downlink"},
		{"level", func(h *harness) {
			raw(h, leaves(h)[3]).setLevel(1)
		}, CheckOptions{}, "level 1, expected 0"},
		{"metapage", func(h *harness) {
			meta{page.Page(h.st.rawPage(testRel, 0))}.put(metaMagicAt, 7)
		}, CheckOptions{}, "not a btree metapage"},
		{"heap TID", func(h *harness) {}, CheckOptions{ValidTID: func(tid TID) bool { return tid != tidOf(1234) }}, "points to invalid heap tuple (12,35)"},
		{"line pointer", func(h *harness) {
			n := raw(h, leaves(h)[1])
			_, l, f := n.ItemID(2)
			n.SetItemID(2, page.Size-4, l, f)
		}, CheckOptions{}, "corrupted line pointer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := build(t)
			tc.damage(h)
			_, err := h.ix.Check(tc.opts)
			found := false
			for _, w := range strings.Split(tc.want, "|") {
				found = found || err != nil && strings.Contains(err.Error(), w)
			}
			if pgerr.Code(err) != IndexCorrupted || !found {
				t.Fatalf("got %v, want XX002 mentioning %q", err, tc.want)
			}
			if err := h.fb.idle(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
