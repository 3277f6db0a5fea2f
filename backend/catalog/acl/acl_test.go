package acl

import (
	"reflect"
	"testing"
)

func TestItemRoundTrip(t *testing.T) {
	for _, s := range []string{
		"postgres=arwdDxt/postgres",
		"=r/postgres",
		"alice=r*w/bob",
		`"we ird"=U/"a""b"`,
		"=Tc/postgres",
	} {
		it, err := ParseItem(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if got := it.String(); got != s {
			t.Errorf("round trip %q: got %q", s, got)
		}
	}
	for _, bad := range []string{"alice", "alice=q/bob", "alice=r", `"x=r/y`, "a=r/b/c"} {
		if _, err := ParseItem(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestDefault(t *testing.T) {
	cases := []struct {
		k    Kind
		want []string
	}{
		{Table, []string{"o=arwdDxt/o"}},
		{Sequence, []string{"o=rwU/o"}},
		{Database, []string{"=Tc/o", "o=CTc/o"}},
		{Schema, []string{"o=UC/o"}},
		{Function, []string{"=X/o", "o=X/o"}},
	}
	for _, c := range cases {
		if got := Default(c.k, "o").Strings(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("kind %d: got %v, want %v", c.k, got, c.want)
		}
	}
}

func TestGrantRevoke(t *testing.T) {
	a := Default(Table, "o")
	a = a.Grant("alice", "o", Select|Insert, Select)
	a = a.Grant("", "o", Select, 0)
	if got, want := a.Strings(), []string{"o=arwdDxt/o", "alice=ar*/o", "=r/o"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after grants: %v, want %v", got, want)
	}
	// alice passes SELECT on to bob on the strength of her option.
	a = a.Grant("bob", "alice", Select, 0)
	if _, err := a.Revoke("alice", "o", Select, true, false); err != ErrDependent {
		t.Fatalf("revoke of an option others rest on: %v", err)
	}
	b, err := a.Revoke("alice", "o", Select, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Strings(), []string{"o=arwdDxt/o", "alice=ar/o", "=r/o"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after cascade: %v, want %v", got, want)
	}
	b, err = b.Revoke("alice", "o", Insert|Select, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Strings(), []string{"o=arwdDxt/o", "=r/o"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after revoke: %v, want %v", got, want)
	}
}

func TestMask(t *testing.T) {
	a, err := Parse([]string{"o=arwdDxt/o", "staff=r/o", "=w/o"})
	if err != nil {
		t.Fatal(err)
	}
	member := func(roles ...string) func(string) bool {
		return func(g string) bool {
			for _, r := range roles {
				if r == g {
					return true
				}
			}
			return false
		}
	}
	if m := a.Mask(member("alice", "staff"), Select|Update|Delete); m != Select|Update {
		t.Errorf("staff member: %v", m)
	}
	if m := a.Mask(member("bob"), Select); m != 0 {
		t.Errorf("outsider: %v", m)
	}
	if m := a.Mask(member("o"), a.Mask(member("o"), 0xffff)); m != Table.All() {
		t.Errorf("owner: %v", m)
	}
}

func TestParseName(t *testing.T) {
	for name, want := range map[string]Mode{"select": Select, "temp": Temporary, "TEMPORARY": Temporary, "references": References} {
		if got, ok := ParseName(name); !ok || got != want {
			t.Errorf("%s: %v %v", name, got, ok)
		}
	}
	if _, ok := ParseName("fly"); ok {
		t.Error("fly is a privilege")
	}
}

func FuzzParseItem(f *testing.F) {
	f.Add("postgres=arwdDxt/postgres")
	f.Add(`"a b"=r*/c`)
	f.Fuzz(func(t *testing.T, s string) {
		it, err := ParseItem(s)
		if err != nil {
			return
		}
		again, err := ParseItem(it.String())
		if err != nil || again != it {
			t.Fatalf("%q: re-parse of %q gave %+v, %v", s, it.String(), again, err)
		}
	})
}
