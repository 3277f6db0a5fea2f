package parser

import (
	"strings"
	"sync"
	"testing"

	"ringpg/pgerr"
)

func TestSpans(t *testing.T) {
	sql := "  -- lead\n SELECT 1 ;\n;  /* c */ UPDATE t SET a = 1 WHERE b = 'x;y' ; SELECT 3"
	stmts, err := Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"SELECT 1", "UPDATE t SET a = 1 WHERE b = 'x;y'", "SELECT 3"}
	if len(stmts) != len(want) {
		t.Fatalf("got %d statements", len(stmts))
	}
	for i, s := range stmts {
		loc, n := s.Span()
		if got := sql[loc : loc+n]; got != want[i] {
			t.Errorf("statement %d spans %q, want %q", i, got, want[i])
		}
	}
}

func TestParseOne(t *testing.T) {
	s, err := ParseOne("  ")
	if s != nil || err != nil {
		t.Errorf("empty: %v %v", s, err)
	}
	s, err = ParseOne("SELECT 1;")
	if err != nil || s.String() != "SELECT 1" {
		t.Errorf("one: %v %v", s, err)
	}
	_, err = ParseOne("SELECT 1; SELECT 2")
	if pgerr.Code(err) != pgerr.SyntaxError {
		t.Errorf("two statements: %v", err)
	}
	if stmts, err := Parse(""); len(stmts) != 0 || err != nil {
		t.Errorf("Parse(\"\") = %v, %v", stmts, err)
	}
}

func TestErrorsArePgErrors(t *testing.T) {
	for _, q := range []string{"SELEC 1", "SELECT 'x", "SELECT (1", "SELECT E'\\ud800'"} {
		_, err := Parse(q)
		var e *pgerr.Error
		if err == nil || !asPgErr(err, &e) || e.Code == "" || e.Position == 0 {
			t.Errorf("%q: %#v", q, err)
		}
	}
}

func asPgErr(err error, target **pgerr.Error) bool {
	e, ok := err.(*pgerr.Error)
	*target = e
	return ok
}

func TestNotices(t *testing.T) {
	long := strings.Repeat("x", 70)
	_, notices, err := ParseWithNotices("SELECT " + long + " FROM t")
	if err != nil || len(notices) != 1 {
		t.Fatalf("%v %v", notices, err)
	}
	n := notices[0]
	if n.Severity != pgerr.SeverityNotice || n.Code != "42622" || !strings.Contains(n.Message, "will be truncated to") {
		t.Errorf("notice %+v", n)
	}
}

func TestCharPosition(t *testing.T) {
	s := "SELECT 'é', ü"
	if p := CharPosition(s, strings.Index(s, "ü")); p != 13 {
		t.Errorf("position %d", p)
	}
	_, err := Parse("SELECT 'é' ü ü")
	if e := pgerr.From(err); e.Position != 14 {
		t.Errorf("error position %d (%v)", e.Position, err)
	}
}

func TestTypeNormalisation(t *testing.T) {
	spellings := []string{"int", "integer", "int4", "pg_catalog.int4", `"int4"`, "INT4"}
	for _, s := range spellings {
		stmt, err := ParseOne("SELECT x::" + s)
		if err != nil {
			t.Fatal(err)
		}
		tc := stmt.(*SelectStmt).Targets[0].Val.(*TypeCast)
		if got := strings.Join(tc.Type.Names, "."); got != "pg_catalog.int4" {
			t.Errorf("%s: %s", s, got)
		}
	}
	stmt, _ := ParseOne("SELECT x::varchar(10)[][3]")
	tn := stmt.(*SelectStmt).Targets[0].Val.(*TypeCast).Type
	if tn.Name() != "varchar" || len(tn.Typmods) != 1 || tn.Typmods[0].(*AConst).Ival != 10 ||
		len(tn.ArrayBounds) != 2 || tn.ArrayBounds[0] != -1 || tn.ArrayBounds[1] != 3 {
		t.Errorf("varchar: %+v", tn)
	}
	stmt, _ = ParseOne("CREATE TABLE t (a serial)")
	if n := stmt.(*CreateStmt).Elements[0].(*ColumnDef).Type.Names; len(n) != 1 || n[0] != "serial" {
		t.Errorf("serial: %v", n)
	}
}

// TestConcurrentParse runs the parser from many goroutines; with -race it
// checks that the package keeps no shared mutable state.
func TestConcurrentParse(t *testing.T) {
	qs := []string{pgbenchSelect, pgbenchUpdate, pgbenchInsert, "SELECT 'x' || $1 FROM t JOIN u USING (a)"}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				q := qs[(g+i)%len(qs)]
				if _, err := Parse(q); err != nil {
					t.Error(err)
					return
				}
				if _, _, err := Normalize(q); err != nil {
					t.Error(err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestKeywordLookup(t *testing.T) {
	for i, k := range keywordTable {
		if got := lookupKeyword(k.word); got != kwBase+tokKind(i) {
			t.Errorf("%s: %d", k.word, got)
		}
		if got := lookupKeyword(strings.ToUpper(k.word)); got != kwBase+tokKind(i) {
			t.Errorf("%s upper: %d", k.word, got)
		}
		if len(k.word) > maxKeywordLen {
			t.Errorf("%s is longer than maxKeywordLen", k.word)
		}
	}
	for _, w := range []string{"", "x", "selec", "selects", "abalance", "pgbench_accounts", "aid"} {
		if lookupKeyword(w) != 0 {
			t.Errorf("%q is not a keyword", w)
		}
	}
}

// TestDeepNesting checks that absurd nesting ends in PostgreSQL's error
// rather than exhausting the stack, and that reasonable nesting parses.
func TestDeepNesting(t *testing.T) {
	ok := "SELECT " + strings.Repeat("(", 2000) + "1" + strings.Repeat(")", 2000)
	if _, err := Parse(ok); err != nil {
		t.Errorf("2000 parentheses: %v", err)
	}
	for _, q := range []string{
		"SELECT " + strings.Repeat("(", 200000) + "1" + strings.Repeat(")", 200000),
		"SELECT " + strings.Repeat("- ", 200000) + "1",
		"SELECT " + strings.Repeat("NOT ", 200000) + "true",
		"SELECT " + strings.Repeat("ARRAY[", 200000) + "1" + strings.Repeat("]", 200000),
		"SELECT * FROM " + strings.Repeat("(", 200000) + "a JOIN b ON true" + strings.Repeat(")", 200000),
		strings.Repeat("(", 200000) + "SELECT 1" + strings.Repeat(")", 200000),
		"SELECT " + strings.Repeat("1 + (", 200000) + "1" + strings.Repeat(")", 200000),
	} {
		_, err := Parse(q)
		if e := pgerr.From(err); err == nil || !strings.HasPrefix(e.Message, "memory exhausted") {
			t.Errorf("%.30s...: %v", q, err)
		}
	}
}

// TestPartStrings checks the String methods of the tree's helper parts.
func TestPartStrings(t *testing.T) {
	ins, _ := ParseOne("INSERT INTO t VALUES (1) ON CONFLICT (a) WHERE b DO UPDATE SET (a, b) = (1, 2)")
	oc := ins.(*InsertStmt).OnConflict
	sel, _ := ParseOne("SELECT CASE WHEN a THEN 1 END, a[1:2], sum(x) OVER (ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) INTO TEMP t FROM ROWS FROM (f() AS (a int))")
	s := sel.(*SelectStmt)
	vac, _ := ParseOne("VACUUM t (a, b)")
	gr, _ := ParseOne("GRANT SELECT (a) ON t TO joe")
	like, _ := ParseOne("CREATE TABLE t (LIKE u INCLUDING ALL)")
	cte, _ := ParseOne("WITH RECURSIVE x(a) AS (SELECT 1) SEARCH DEPTH FIRST BY a SET o CYCLE a SET c USING p SELECT 1")
	c := cte.(*SelectStmt).With.CTEs[0]
	frame := s.Targets[2].Val.(*FuncCall).Over.Frame
	for got, want := range map[string]string{
		oc.String():        "ON CONFLICT (a) WHERE b DO UPDATE SET (a, b) = (1, 2)",
		oc.Infer.String():  "(a) WHERE b",
		oc.Set[0].String(): "(a, b) = (1, 2)",
		s.Targets[0].Val.(*CaseExpr).Whens[0].String():   "WHEN a THEN 1",
		s.Targets[1].Val.(*Indirection).Path[0].String(): "[1:2]",
		frame.String():       "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW",
		frame.Start.String(): "1 PRECEDING",
		s.Into.String():      "TEMPORARY TABLE t",
		s.From[0].(*RangeFunction).Funcs[0].String():                          "f() AS (a integer)",
		vac.(*VacuumStmt).Rels[0].String():                                    "t (a, b)",
		gr.(*GrantStmt).Privileges[0].String():                                "SELECT (a)",
		like.(*CreateStmt).Elements[0].(*TableLikeClause).Options[0].String(): "INCLUDING ALL",
		c.Search.String(): "SEARCH DEPTH FIRST BY a SET o",
		c.Cycle.String():  "CYCLE a SET c USING p",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
