package smgr

import "testing"

func TestPaths(t *testing.T) {
	for _, tc := range []struct {
		r    RelFileLocator
		f    Fork
		seg  uint32
		want string
	}{
		{RelFileLocator{1663, 5, 16384}, Main, 0, "base/5/16384"},
		{RelFileLocator{1663, 5, 16384}, FSM, 0, "base/5/16384_fsm"},
		{RelFileLocator{1663, 5, 16384}, VM, 0, "base/5/16384_vm"},
		{RelFileLocator{1663, 5, 16384}, Init, 0, "base/5/16384_init"},
		{RelFileLocator{1663, 5, 16384}, Main, 1, "base/5/16384.1"},
		{RelFileLocator{1663, 5, 16384}, FSM, 12, "base/5/16384_fsm.12"},
		{RelFileLocator{1664, 0, 1262}, Main, 0, "global/1262"},
		{RelFileLocator{1664, 0, 1262}, VM, 3, "global/1262_vm.3"},
		{RelFileLocator{16400, 5, 16401}, Main, 0, "pg_tblspc/16400/PG_15_202209061/5/16401"},
		{RelFileLocator{4294967295, 4294967295, 4294967295}, Init, 32767, "pg_tblspc/4294967295/PG_15_202209061/4294967295/4294967295_init.32767"},
	} {
		if got := tc.r.segPath(tc.f, tc.seg); got != tc.want {
			t.Errorf("%v %v seg %d: %q, want %q", tc.r, tc.f, tc.seg, got, tc.want)
		}
	}
	for f, want := range []string{"main", "fsm", "vm", "init"} {
		if Fork(f).String() != want {
			t.Errorf("fork %d is %q", f, Fork(f))
		}
	}
}
