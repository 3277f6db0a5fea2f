package types

import (
	"testing"

	"ringpg/backend/access/btree/keyenc"
	"ringpg/pgerr"
)

// fakeUserTypes serves one enum type (oid 20000, array 20001) whose
// labels' sort orders differ from their alphabetical order.
type fakeUserTypes struct{ enum, array *Info }

func (f fakeUserTypes) TypeInfo(oid Oid) *Info {
	switch oid {
	case f.enum.Oid:
		return f.enum
	case f.array.Oid:
		return f.array
	}
	return nil
}

func (f fakeUserTypes) LookupType(schema, name string) (*Info, error) {
	if name == f.enum.Typname && (schema == "" || schema == "public") {
		return f.enum, nil
	}
	return nil, nil
}

func withMood(t *testing.T) (mood, moods T) {
	e := &Enum{Labels: []EnumLabel{
		{Oid: 30001, Sort: 0.5, Label: "sad"},
		{Oid: 30000, Sort: 1, Label: "ok"},
		{Oid: 30002, Sort: 2, Label: "happy"},
		{Oid: 30003, Sort: 3, Label: "new", Uncommitted: true},
	}}
	enum, array := EnumTypeInfo(20000, 20001, "mood", "mood", e)
	SetUserTypes(fakeUserTypes{enum, array})
	t.Cleanup(func() { SetUserTypes(nil) })
	return Of(20000), Of(20001)
}

func TestEnumValues(t *testing.T) {
	mood, moods := withMood(t)
	in := func(s string) Datum {
		d, err := Input(mood, s, nil)
		if err != nil {
			t.Fatalf("input %q: %v", s, err)
		}
		return d
	}
	sad, ok, happy := in("sad"), in("ok"), in("happy")
	for _, c := range []struct {
		a, b Datum
		want int
	}{{sad, ok, -1}, {happy, ok, 1}, {ok, ok, 0}, {sad, happy, -1}} {
		if got := Compare(mood, c.a, c.b); got != c.want {
			t.Errorf("Compare(%s, %s) = %d, want %d", c.a.S, c.b.S, got, c.want)
		}
	}
	if Hash(mood, ok) != Hash(mood, in("ok")) || Hash(mood, ok) == Hash(mood, sad) {
		t.Error("hash does not follow equality")
	}
	if got := Output(mood, happy, nil); got != "happy" {
		t.Errorf("output = %q", got)
	}
	// Storage is the pg_enum oid, 4 bytes, as PostgreSQL stores it.
	b := AppendStored(nil, mood, sad)
	if len(b) != 4 {
		t.Fatalf("stored %d bytes", len(b))
	}
	back, err := FromStored(mood, b)
	if err != nil || back != sad {
		t.Fatalf("FromStored = %+v, %v", back, err)
	}
	// Binary I/O is the label's text.
	if got := string(AppendSend(nil, mood, ok, nil)); got != "ok" {
		t.Errorf("send = %q", got)
	}
	if d, err := Recv(mood, []byte("happy"), nil); err != nil || d != happy {
		t.Errorf("recv = %+v, %v", d, err)
	}
	// Index keys order by sort order, not by label.
	ks, _ := AppendKey(nil, mood, sad, keyenc.Asc)
	ko, _ := AppendKey(nil, mood, ok, keyenc.Asc)
	if string(ks) >= string(ko) {
		t.Error("key of sad does not sort before key of ok")
	}
	if KeyLossless(mood) {
		t.Error("enum keys must not serve index-only scans")
	}
	// Arrays.
	arr, err := Input(moods, "{happy,sad}", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := Output(moods, arr, nil); got != "{happy,sad}" {
		t.Errorf("array output = %q", got)
	}
	if got := FormatType(moods); got != "mood[]" {
		t.Errorf("format_type = %q", got)
	}
	// Casts through text.
	if d, err := Cast(String("ok"), Of(TextOid), mood, true, nil); err != nil || d != ok {
		t.Errorf("text::mood = %+v, %v", d, err)
	}
	if d, err := Cast(happy, mood, Of(TextOid), false, nil); err != nil || d.S != "happy" {
		t.Errorf("mood::text = %+v, %v", d, err)
	}
	if c, found := CastPath(mood.Oid, TextOid); !found || c != CastAssignment {
		t.Errorf("mood -> text is %c, %v", c, found)
	}
	if tt, err := ParseTypeName("mood[]"); err != nil || tt.Oid != 20001 {
		t.Errorf("ParseTypeName(mood[]) = %v, %v", tt, err)
	}
}

func TestEnumErrors(t *testing.T) {
	mood, _ := withMood(t)
	for _, c := range []struct {
		in, code, msg string
	}{
		{"angry", "22P02", `invalid input value for enum mood: "angry"`},
		{"new", "55P04", `unsafe use of new value "new" of enum type mood`},
	} {
		_, err := Input(mood, c.in, nil)
		e, ok := err.(*pgerr.Error)
		if !ok || e.Code != c.code || e.Message != c.msg {
			t.Errorf("input %q: %v", c.in, err)
		}
	}
	if _, err := FromStored(mood, []byte{1, 2, 3, 4}); err == nil {
		t.Error("an unknown stored oid must fail")
	}
}
