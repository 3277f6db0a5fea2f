package types

import (
	"testing"

	"ringpg/pgerr"
)

func TestRegHooks(t *testing.T) {
	env := DefaultEnv()
	env.RegclassIn = func(name string) (Oid, error) {
		if name == "pg_class" {
			return 1259, nil
		}
		return 0, pgerr.New(pgerr.UndefinedTable, "relation \"%s\" does not exist", name)
	}
	env.RegclassOut = func(oid Oid) (string, bool) {
		if oid == 1259 {
			return "pg_class", true
		}
		return "", false
	}
	cases := []struct {
		typ      T
		in, want string
		code     string
	}{
		{Of(RegclassOid), "pg_class", "pg_class", ""},
		{Of(RegclassOid), "1259", "pg_class", ""},
		{Of(RegclassOid), "99999", "99999", ""},
		{Of(RegclassOid), "-", "-", ""},
		{Of(RegclassOid), "nosuch", "", "42P01"},
		{Of(RegtypeOid), "int4", "integer", ""},
		{Of(RegtypeOid), "varchar(3)", "character varying", ""},
		{Of(RegtypeOid), "1043", "character varying", ""},
	}
	for _, c := range cases {
		d, err := Input(c.typ, c.in, env)
		if c.code != "" {
			if pgerrCode(err) != c.code {
				t.Errorf("Input(%s, %q) = %v, want %s", FormatType(c.typ), c.in, err, c.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("Input(%s, %q): %v", FormatType(c.typ), c.in, err)
			continue
		}
		if got := Output(c.typ, d, env); got != c.want {
			t.Errorf("%s %q prints %q, want %q", FormatType(c.typ), c.in, got, c.want)
		}
	}
	// Casts go through the same hooks.
	d, err := Cast(String("pg_class"), Of(TextOid), Of(RegclassOid), true, env)
	if err != nil || d.I != 1259 {
		t.Errorf("text to regclass: %v, %v", d, err)
	}
	d, err = Cast(Int(1259), Of(OidOid), Of(RegclassOid), true, env)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Cast(d, Of(RegclassOid), Of(TextOid), true, env)
	if err != nil || out.S != "pg_class" {
		t.Errorf("regclass to text: %v, %v", out, err)
	}
	// Without hooks, names cannot resolve and oids print as numbers.
	if _, err := Input(Of(RegclassOid), "pg_class", nil); pgerrCode(err) != "42P01" {
		t.Errorf("regclass without a catalog: %v", err)
	}
	if got := Output(Of(RegclassOid), Int(1259), nil); got != "1259" {
		t.Errorf("regclass without a catalog prints %q", got)
	}
}
