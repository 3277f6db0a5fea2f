package catalog

import (
	"testing"

	"ringpg/backend/sql/types"
)

// TestDomainBase checks that a column of a domain reads as the domain's
// base type with the domain's typmod, other columns as declared.
func TestDomainBase(t *testing.T) {
	set := &userTypeSet{byOid: map[uint32]*UserType{
		20000: {Oid: 20000, Kind: types.KindDomain, Base: uint32(types.VarcharOid), TypMod: 9},
		20001: {Oid: 20001, Kind: types.KindEnum},
	}}
	for _, c := range []struct {
		in     types.T
		want   types.T
		domain uint32
	}{
		{types.T{Oid: 20000, Mod: -1}, types.T{Oid: types.VarcharOid, Mod: 9}, 20000},
		{types.T{Oid: 20001, Mod: -1}, types.T{Oid: 20001, Mod: -1}, 0},
		{types.T{Oid: types.Int4Oid, Mod: -1}, types.T{Oid: types.Int4Oid, Mod: -1}, 0},
		{types.T{Oid: 20002, Mod: -1}, types.T{Oid: 20002, Mod: -1}, 0},
	} {
		got, dom := domainBase(set, c.in)
		if got != c.want || dom != c.domain {
			t.Errorf("domainBase(%v) = %v, %d; want %v, %d", c.in, got, dom, c.want, c.domain)
		}
	}
}

// TestDomainCheckLookup checks the lookup of a domain's constraint.
func TestDomainCheckLookup(t *testing.T) {
	d := &UserType{Name: "d", Checks: []DomainCheck{{Oid: 1, Name: "d_check"}, {Oid: 2, Name: "d_small"}}}
	if ck, err := domainCheck(d, "d_small"); err != nil || ck.Oid != 2 {
		t.Errorf("d_small: %v, %v", ck, err)
	}
	if _, err := domainCheck(d, "nope"); err == nil || err.Error() == "" {
		t.Error("a missing constraint was found")
	}
}
