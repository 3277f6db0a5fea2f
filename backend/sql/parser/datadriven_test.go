package parser

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"ringpg/pgerr"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of testdata files")

// A testdata file holds cases separated by blank lines. A case is SQL (one
// or more lines), a line "----", then the expected output: one deparsed
// statement per line, or "ERROR <sqlstate> at <position>: <message>",
// preceded by any notices ("NOTICE <sqlstate>: <message>"). Lines starting
// with '#' outside a case are comments.
type ddCase struct {
	file     string
	line     int
	comments []string
	sql      string
	expected string
}

func readCases(t testing.TB, path string) []*ddCase {
	t.Helper()
	cases, err := loadCases(path)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

func loadCases(path string) ([]*ddCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []*ddCase
	var cur *ddCase
	var comments []string
	var sqlLines, expLines []string
	inExpected := false
	flush := func() {
		if cur != nil {
			cur.sql = strings.Join(sqlLines, "\n")
			cur.expected = strings.Join(expLines, "\n")
			cases = append(cases, cur)
		}
		cur, sqlLines, expLines, inExpected = nil, nil, nil, false
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "#"):
			comments = append(comments, line)
		case cur == nil && strings.TrimSpace(line) == "":
			if len(comments) > 0 {
				comments = append(comments, "")
			}
		case cur == nil:
			cur = &ddCase{file: path, line: n, comments: comments}
			comments = nil
			sqlLines = []string{line}
		case !inExpected && line == "----":
			inExpected = true
		case !inExpected:
			sqlLines = append(sqlLines, line)
		case strings.TrimSpace(line) == "":
			flush()
		default:
			expLines = append(expLines, line)
		}
	}
	flush()
	return cases, sc.Err()
}

// actualOutput parses sql and renders the result in the testdata format.
func actualOutput(sql string) string {
	stmts, notices, err := ParseWithNotices(sql)
	var out []string
	for _, n := range notices {
		out = append(out, fmt.Sprintf("NOTICE %s: %s", n.Code, n.Message))
	}
	if err != nil {
		e := pgerr.From(err)
		out = append(out, fmt.Sprintf("ERROR %s at %d: %s", e.Code, e.Position, e.Message))
		return strings.Join(out, "\n")
	}
	for _, s := range stmts {
		out = append(out, s.String())
	}
	if len(stmts) == 0 {
		out = append(out, "(empty)")
	}
	return strings.Join(out, "\n")
}

func writeCases(t *testing.T, path string, cases []*ddCase) {
	t.Helper()
	var b strings.Builder
	for i, c := range cases {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, cm := range c.comments {
			b.WriteString(cm + "\n")
		}
		b.WriteString(c.sql + "\n----\n" + c.expected + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func testdataFiles(t testing.TB) []string {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata files: %v", err)
	}
	return files
}

// TestDataDriven checks every case's deparse or error, and that every
// statement that parses survives a deparse round trip.
func TestDataDriven(t *testing.T) {
	for _, path := range testdataFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cases := readCases(t, path)
			changed := false
			for _, c := range cases {
				got := actualOutput(c.sql)
				if got != c.expected {
					if *rewrite {
						c.expected = got
						changed = true
					} else {
						t.Errorf("%s:%d: %s\n got: %s\nwant: %s", c.file, c.line, c.sql, got, c.expected)
					}
				}
				checkRoundTrip(t, fmt.Sprintf("%s:%d", c.file, c.line), c.sql)
			}
			if changed {
				writeCases(t, path, cases)
			}
		})
	}
}

// checkRoundTrip verifies that each statement of sql deparses to SQL that
// parses to an equal tree, and deparses identically again.
func checkRoundTrip(t *testing.T, where, sql string) {
	t.Helper()
	stmts, err := Parse(sql)
	if err != nil {
		return
	}
	for _, s := range stmts {
		d := s.String()
		again, err := Parse(d)
		if err != nil {
			t.Errorf("%s: deparse of %q does not parse: %q: %v", where, sql, d, err)
			continue
		}
		if len(again) != 1 {
			t.Errorf("%s: deparse %q gave %d statements", where, d, len(again))
			continue
		}
		if d2 := again[0].String(); d2 != d {
			t.Errorf("%s: deparse not stable:\n first: %s\nsecond: %s", where, d, d2)
		}
		if !equalIgnoringLocations(s, again[0]) {
			t.Errorf("%s: tree changed by round trip of %q (deparsed %q)", where, sql, d)
		}
	}
}

// equalIgnoringLocations compares two trees with every Location and Length
// field cleared.
func equalIgnoringLocations(a, b Node) bool {
	ca, cb := Clone(a), Clone(b)
	clearLocations(reflect.ValueOf(ca))
	clearLocations(reflect.ValueOf(cb))
	return reflect.DeepEqual(ca, cb)
}

func clearLocations(v reflect.Value) {
	switch v.Kind() {
	case reflect.Ptr, reflect.Interface:
		if !v.IsNil() {
			clearLocations(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			name := v.Type().Field(i).Name
			if (name == "Location" || name == "Length") && f.Kind() == reflect.Int && f.CanSet() {
				f.SetInt(0)
				continue
			}
			clearLocations(f)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			clearLocations(v.Index(i))
		}
	}
}
