package catalog

import (
	"testing"

	"ringpg/backend/sql/types"
)

func TestNewSortOrder(t *testing.T) {
	ls := []types.EnumLabel{{Sort: 1, Label: "sad"}, {Sort: 2, Label: "ok"}, {Sort: 3, Label: "happy"}}
	for _, c := range []struct {
		neighbor string
		before   bool
		labels   []types.EnumLabel
		want     float32
		fails    bool
	}{
		{"", false, ls, 4, false},
		{"", false, nil, 1, false},
		{"sad", true, ls, 0, false},
		{"ok", true, ls, 1.5, false},
		{"sad", false, ls, 1.5, false},
		{"happy", false, ls, 4, false},
		{"nope", true, ls, 0, true},
		// No float4 between two adjacent orders: refused, not renumbered.
		{"b", true, []types.EnumLabel{{Sort: 1, Label: "a"}, {Sort: 1.0000001, Label: "b"}}, 0, true},
	} {
		got, err := newSortOrder(c.labels, c.neighbor, c.before)
		if (err != nil) != c.fails || err == nil && got != c.want {
			t.Errorf("newSortOrder(%q, before=%v) = %v, %v; want %v (fails %v)", c.neighbor, c.before, got, err, c.want, c.fails)
		}
	}
}

func TestArrayTypeName(t *testing.T) {
	set := &userTypeSet{byOid: map[uint32]*UserType{1: {Oid: 1, Namespace: 2200, Name: "_mood"}}}
	if got := arrayTypeName(set, 2200, "mood"); got != "__mood" {
		t.Errorf("got %q, want __mood", got)
	}
	if got := arrayTypeName(set, 99, "mood"); got != "_mood" {
		t.Errorf("got %q, want _mood", got)
	}
}
