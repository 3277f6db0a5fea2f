package settings

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"ringpg/pgerr"
)

// testdata/set_show.txt holds SET/SHOW/RESET cases with PostgreSQL 15's
// answers. Each case is a command, a "----" line, and the expected output up
// to a blank line:
//
//	set work_mem '1.5MB'      SET work_mem = '1.5MB' (the value is an SQL literal)
//	set "Work_Mem" '1'        a double-quoted name keeps its case, as in SQL
//	set work_mem default      SET work_mem TO DEFAULT
//	reset work_mem / reset all
//	show work_mem
//	role user / role superuser   become a plain role / the superuser again
//
// Output is "ok", the value SHOW prints (<empty> for an empty string), or
// "ERROR <sqlstate> <message>" followed by optional "DETAIL ..." and
// "HINT ..." lines.
//
// The same file checks PostgreSQL itself: with -pg set to a connection string
// for a scratch PostgreSQL 15 (superuser), every case is run there through
// psql and compared; adding -rewrite writes PostgreSQL's answers into the
// file instead (review the diff before keeping it).
var (
	pgConn  = flag.String("pg", "", "psql connection string of a PostgreSQL 15 to check testdata against")
	rewrite = flag.Bool("rewrite", false, "with -pg: rewrite expected outputs from PostgreSQL")
)

type scriptCase struct {
	cmd      string
	expected []string
	line     int
}

func readScript(t *testing.T, path string) []scriptCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []scriptCase
	sc := bufio.NewScanner(f)
	ln := 0
	var cur *scriptCase
	inOut := false
	for sc.Scan() {
		ln++
		l := sc.Text()
		switch {
		case cur == nil && (l == "" || strings.HasPrefix(l, "#")):
		case cur == nil:
			cases = append(cases, scriptCase{cmd: l, line: ln})
			cur = &cases[len(cases)-1]
		case !inOut && l == "----":
			inOut = true
		case !inOut:
			t.Fatalf("%s:%d: expected ---- after command", path, ln)
		case l == "":
			cur, inOut = nil, false
		default:
			cur.expected = append(cur.expected, l)
		}
	}
	return cases
}

func writeScript(t *testing.T, path string, cases []scriptCase) {
	t.Helper()
	// Keep the file's comments: rewrite only the outputs.
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var header []string
	for _, l := range strings.Split(string(old), "\n") {
		if !strings.HasPrefix(l, "#") {
			break
		}
		header = append(header, l)
	}
	var b strings.Builder
	for _, h := range header {
		b.WriteString(h + "\n")
	}
	for _, c := range cases {
		b.WriteString("\n" + c.cmd + "\n----\n")
		for _, e := range c.expected {
			b.WriteString(e + "\n")
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// parseCommand splits "set NAME VALUE" into its words; NAME may be
// double-quoted and VALUE is the rest of the line.
func parseCommand(cmd string) (verb, name, rest string) {
	verb, rest, _ = strings.Cut(cmd, " ")
	if strings.HasPrefix(rest, `"`) {
		end := strings.Index(rest[1:], `"`)
		name, rest = rest[:end+2], strings.TrimPrefix(rest[end+2:], " ")
		return verb, name, rest
	}
	name, rest, _ = strings.Cut(rest, " ")
	return verb, name, rest
}

// sqlName turns a script name into what PostgreSQL's parser would pass on:
// quoted names keep their case, bare ones are folded to lower case.
func sqlName(n string) string {
	if strings.HasPrefix(n, `"`) {
		return n[1 : len(n)-1]
	}
	return strings.ToLower(n)
}

// sqlLiteral reads an SQL string literal '...' with ” for a quote.
func sqlLiteral(t *testing.T, lit string) string {
	if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		t.Fatalf("bad literal %s", lit)
	}
	return strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")
}

func errLines(err error) []string {
	var e *pgerr.Error
	if !errors.As(err, &e) {
		return []string{"INTERNAL " + err.Error()}
	}
	out := []string{"ERROR " + e.Code + " " + e.Message}
	if e.Detail != "" {
		out = append(out, "DETAIL "+e.Detail)
	}
	if e.Hint != "" {
		out = append(out, "HINT "+e.Hint)
	}
	return out
}

// runOurs runs one case against s; superuser says who is asking.
func runOurs(t *testing.T, s *Set, cmd string, superuser *bool) []string {
	verb, name, rest := parseCommand(cmd)
	var err error
	switch verb {
	case "role":
		*superuser = name == "superuser"
		return []string{"ok"}
	case "set":
		if rest == "default" {
			err = s.SetToDefault(sqlName(name), *superuser, false)
		} else {
			var v string
			v, err = FlattenSetArgs(s, sqlName(name), []SetArg{{Text: sqlLiteral(t, rest)}}, nil)
			if err == nil {
				err = s.SetSession(sqlName(name), v, *superuser)
			}
		}
	case "reset":
		if name == "all" {
			s.ResetAll()
		} else {
			err = s.Reset(sqlName(name), *superuser)
		}
	case "show":
		v, err := s.ShowChecked(sqlName(name), *superuser)
		if err != nil {
			return errLines(err)
		}
		if v == "" {
			v = "<empty>"
		}
		return []string{v}
	default:
		t.Fatalf("unknown command %q", cmd)
	}
	if err != nil {
		return errLines(err)
	}
	return []string{"ok"}
}

func TestSetShowScript(t *testing.T) {
	const path = "testdata/set_show.txt"
	cases := readScript(t, path)
	if *pgConn != "" {
		checkAgainstPostgres(t, path, cases)
		return
	}
	s := New()
	// What the server sets at connection start for the superuser that
	// PostgreSQL's answers were recorded with.
	if err := s.SetInternal("is_superuser", "on"); err != nil {
		t.Fatal(err)
	}
	superuser := true
	for _, c := range cases {
		got := runOurs(t, s, c.cmd, &superuser)
		if strings.Join(got, "\n") != strings.Join(c.expected, "\n") {
			t.Errorf("%s:%d: %s\n got: %q\nwant: %q", path, c.line, c.cmd, got, c.expected)
		}
	}
}

// pgRunFunction evaluates one statement in PostgreSQL and renders the result
// the way runOurs does.
const pgRunFunction = `
DO $$ BEGIN CREATE ROLE ringpg_plain; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE FUNCTION pg_temp.run(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text; st text; msg text; hint text; det text;
BEGIN
  BEGIN
    IF q ILIKE 'show %' THEN
      EXECUTE q INTO r;
      IF r = '' THEN RETURN '<empty>'; END IF;
      RETURN r;
    END IF;
    EXECUTE q;
    RETURN 'ok';
  EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
      hint = PG_EXCEPTION_HINT, det = PG_EXCEPTION_DETAIL;
    r := 'ERROR ' || st || ' ' || msg;
    IF det <> '' THEN r := r || E'\nDETAIL ' || det; END IF;
    IF hint <> '' THEN r := r || E'\nHINT ' || hint; END IF;
    RETURN r;
  END;
END $f$;
`

func toSQL(t *testing.T, cmd string) string {
	verb, name, rest := parseCommand(cmd)
	switch verb {
	case "role":
		if name == "superuser" {
			return "RESET ROLE"
		}
		return "SET ROLE ringpg_plain"
	case "set":
		if rest == "default" {
			return "SET " + name + " TO DEFAULT"
		}
		return "SET " + name + " = " + rest
	case "reset":
		return "RESET " + name
	case "show":
		return "SHOW " + name
	}
	t.Fatalf("unknown command %q", cmd)
	return ""
}

func checkAgainstPostgres(t *testing.T, path string, cases []scriptCase) {
	var in strings.Builder
	in.WriteString(pgRunFunction)
	for _, c := range cases {
		q := toSQL(t, c.cmd)
		if strings.Contains(q, "$q$") {
			t.Fatalf("%s:%d: command may not contain $q$", path, c.line)
		}
		fmt.Fprintf(&in, "SELECT pg_temp.run($q$%s$q$) || E'\\n@@END@@';\n", q)
	}
	cmd := exec.Command("psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", *pgConn)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("psql: %v", err)
	}
	results := strings.Split(strings.TrimSuffix(string(out), "@@END@@\n"), "@@END@@\n")
	if len(results) != len(cases) {
		t.Fatalf("psql returned %d results for %d cases", len(results), len(cases))
	}
	for i := range cases {
		got := strings.Split(strings.TrimSuffix(results[i], "\n"), "\n")
		if *rewrite {
			cases[i].expected = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(cases[i].expected, "\n") {
			t.Errorf("%s:%d: PostgreSQL disagrees with the file: %s\n  pg: %q\nfile: %q", path, cases[i].line, cases[i].cmd, got, cases[i].expected)
		}
	}
	if *rewrite {
		writeScript(t, path, cases)
	}
}
