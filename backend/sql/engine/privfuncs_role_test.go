package engine

import (
	"reflect"
	"testing"

	"ringpg/backend/catalog"
)

func TestParseRoleModes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []roleMode
		err  bool
	}{
		{in: "USAGE", want: []roleMode{roleUsage}},
		{in: " member ", want: []roleMode{roleMember}},
		{in: "USAGE, MEMBER", want: []roleMode{roleUsage, roleMember}},
		{in: "member with admin option", want: []roleMode{roleAdmin}},
		{in: "USAGE WITH GRANT OPTION", want: []roleMode{roleAdmin}},
		{in: "FLY", err: true},
		{in: "", err: true},
	} {
		got, err := parseRoleModes(tc.in)
		if tc.err {
			if err == nil {
				t.Errorf("%q: no error", tc.in)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestIsAdminOf(t *testing.T) {
	// 20 belongs to 30 with ADMIN OPTION; 10 belongs to 20; 40 to 30 without.
	ms := []catalog.Membership{
		{Role: 30, Member: 20, Admin: true},
		{Role: 20, Member: 10},
		{Role: 30, Member: 40},
	}
	for _, tc := range []struct {
		member, role uint32
		want         bool
	}{
		{20, 30, true},
		{10, 30, true}, // through 20
		{40, 30, false},
		{30, 20, false},
	} {
		if got := isAdminOf(ms, tc.member, tc.role); got != tc.want {
			t.Errorf("isAdminOf(%d, %d) = %v, want %v", tc.member, tc.role, got, tc.want)
		}
	}
}
