package catalog

import (
	"strings"
	"testing"
)

// TestMakeObjectName: PostgreSQL's shortening of implicit names (the
// longer part loses characters first, the label is kept whole).
func TestMakeObjectName(t *testing.T) {
	long := strings.Repeat("a", 60)
	cases := []struct{ n1, n2, label, want string }{
		{"t", "", "pkey", "t_pkey"},
		{"t", "a_b", "key", "t_a_b_key"},
		{long, "col", "seq", strings.Repeat("a", 55) + "_col_seq"},
		{long, long, "idx", strings.Repeat("a", 29) + "_" + strings.Repeat("a", 29) + "_idx"},
		// 63 - 59 leaves 4 bytes of "tåble": "tåb" ("å" is 2 bytes).
		{"tåble", "", strings.Repeat("x", 58), "tåb_" + strings.Repeat("x", 58)},
		// 2 bytes would split "å": only "t" is kept.
		{"tåble", "", strings.Repeat("x", 60), "t_" + strings.Repeat("x", 60)},
	}
	for _, c := range cases {
		got := makeObjectName(c.n1, c.n2, c.label)
		if got != c.want || len(got) > maxIdentLen {
			t.Errorf("%q %q %q: %q, want %q", c.n1, c.n2, c.label, got, c.want)
		}
	}
	e := newEnv(t)
	e.create(RelationSpec{Namespace: PublicNamespace, Name: "t_a_seq", Columns: []ColumnSpec{{Name: "a", Type: tInt4}}})
	if n, err := e.cat.ChooseRelationName(e.read(), PublicNamespace, "t", "a", "seq"); err != nil || n != "t_a_seq1" {
		t.Fatalf("chosen %q %v", n, err)
	}
}
