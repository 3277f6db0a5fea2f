package funcs

import (
	"testing"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

func mustJSONB(t *testing.T, s string) *types.JSONB {
	t.Helper()
	j, err := types.ParseJSONB(s)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return j
}

func TestJSONBGetPath(t *testing.T) {
	doc := `{"a": {"b": 1}, "c": [1, 2, 3], "1": "one"}`
	for _, c := range []struct {
		path []string
		want string // "" for no value
	}{
		{[]string{"a"}, `{"b": 1}`},
		{[]string{"a", "b"}, `1`},
		{[]string{"c", "0"}, `1`},
		{[]string{"c", "-1"}, `3`},
		{[]string{"c", " 1"}, `2`},
		{[]string{"c", "+1"}, `2`},
		{[]string{"c", "-4"}, ""},
		{[]string{"c", "x"}, ""},
		{[]string{"c", "1 "}, ""},
		{[]string{"a", "b", "c"}, ""},
		{[]string{"1"}, `"one"`},
		{[]string{"x", "y"}, ""},
	} {
		got := ""
		if v := JSONBGetPath(mustJSONB(t, doc), c.path); v != nil {
			got = v.String()
		}
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.path, got, c.want)
		}
	}
}

func TestJSONBSetPath(t *testing.T) {
	for _, c := range []struct {
		doc  string
		path []string
		nv   string
		want string // the result, or the SQLSTATE of the error
	}{
		{`{"a": {"b": 1}}`, []string{"a", "b"}, `2`, `{"a": {"b": 2}}`},
		{`{"a": {"b": 1}}`, []string{"a", "x", "y"}, `3`, `{"a": {"b": 1, "x": {"y": 3}}}`},
		{`{"c": [1]}`, []string{"c", "3"}, `9`, `{"c": [1, null, null, 9]}`},
		{`{"c": [1, 2]}`, []string{"c", "-1"}, `"z"`, `{"c": [1, "z"]}`},
		{`{}`, []string{"n", "2", "k"}, `1`, `{"n": [null, null, {"k": 1}]}`},
		{`[]`, []string{"0", "1"}, `1`, `[[null, 1]]`},
		{`[1]`, []string{"1", "a"}, `2`, `[1, {"a": 2}]`},
		{`{"a": 1}`, []string{"0"}, `5`, `{"0": 5, "a": 1}`},
		{`{"c": [1]}`, []string{"c", "-3"}, `1`, "22023"},
		{`{"c": [1]}`, []string{"c", "x"}, `1`, "22P02"},
		{`{"a": 1}`, []string{"a", "b"}, `1`, "22023"},
		{`"s"`, []string{"a"}, `1`, "22023"},
		{`[]`, []string{"300000000"}, `1`, "54000"},
	} {
		got, err := JSONBSetPath(mustJSONB(t, c.doc), c.path, mustJSONB(t, c.nv))
		s := pgerr.Code(err)
		if err == nil {
			s = got.String()
		}
		if s != c.want {
			t.Errorf("%s %q := %s: got %s, want %s (%v)", c.doc, c.path, c.nv, s, c.want, err)
		}
	}
}

func TestJSONBSubscriptAssignNull(t *testing.T) {
	fn := JSONBSubscriptAssign([]bool{true})
	got, err := fn.Call(nil, []types.Datum{types.Null, types.JSONBDatum(mustJSONB(t, "1")), types.Int(1)})
	if err != nil || got.AsJSONB().String() != "[null, 1]" {
		t.Fatalf("j[1] := 1 on NULL: %v %v", got, err)
	}
	fn = JSONBSubscriptAssign([]bool{false})
	got, err = fn.Call(nil, []types.Datum{types.Null, types.Null, types.String("a")})
	if err != nil || got.AsJSONB().String() != `{"a": null}` {
		t.Fatalf("j['a'] := NULL on NULL: %v %v", got, err)
	}
	if _, err = fn.Call(nil, []types.Datum{types.Null, types.Null, types.Null}); pgerr.Code(err) != "22004" {
		t.Fatalf("NULL subscript: %v", err)
	}
}
