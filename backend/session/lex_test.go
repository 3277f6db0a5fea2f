package session

import (
	"strings"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"select 1", []string{"select 1"}},
		{"select 1; select 2", []string{"select 1", " select 2"}},
		{"select ';'; select 2;", []string{"select ';'", " select 2"}},
		{`select "a;b"`, []string{`select "a;b"`}},
		{"select 1 -- ; not a split\n; select 2", []string{"select 1 -- ; not a split\n", " select 2"}},
		{"select /* ; /* nested ; */ */ 1", []string{"select /* ; /* nested ; */ */ 1"}},
		{";", []string{""}},
		{"", []string{""}},
		{"select 1; -- trailing comment", []string{"select 1"}},
	}
	for _, tc := range tests {
		got, offs := splitStatements(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("splitStatements(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for i, o := range offs {
			if !strings.HasPrefix(tc.in[o:], got[i]) {
				t.Errorf("%q: offset %d does not start statement %q", tc.in, o, got[i])
			}
		}
	}
}

func TestLex(t *testing.T) {
	toks, err := lex(`SELECT 'it''s', "Quoted""Id", 1.5e3, x -- c`+"\n"+`/* c */ ;`, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range toks {
		got = append(got, tk.text)
	}
	want := []string{"select", "it's", ",", `Quoted"Id`, ",", "1.5e3", ",", "x", ";"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("lex = %q, want %q", got, want)
	}
	if toks[1].pos != 8 || toks[3].pos != 17 {
		t.Fatalf("positions %d, %d", toks[1].pos, toks[3].pos)
	}
	for _, bad := range []string{"select 'open", `select "open`, "select /* open", `select ""`} {
		if _, err := lex(bad, 0); err == nil {
			t.Errorf("lex(%q) accepted", bad)
		}
	}
}

func FuzzLex(f *testing.F) {
	for _, s := range []string{"select 1", "set a = 'b', c", "show all; reset x", "/* x */ -- y\n'z'", `"a""b"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		stmts, offs := splitStatements(q)
		if len(stmts) != len(offs) {
			t.Fatalf("%d statements, %d offsets", len(stmts), len(offs))
		}
		for i, st := range stmts {
			toks, err := lex(st, charPos(q, offs[i]))
			if err != nil {
				continue
			}
			for _, tk := range toks {
				if tk.pos < 1 {
					t.Fatalf("token %q at position %d", tk.text, tk.pos)
				}
			}
		}
	})
}
