package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5/pgconn"
)

// The isolation tester, after PostgreSQL's: a spec file names sessions
// with steps and the permutations in which to run them; each permutation
// runs against real sessions of a real server, a step that waits for
// another session's lock is reported "<waiting ...>" and its completion
// later. testdata/isolation/NAME.spec's output must equal NAME.expected,
// recorded from PostgreSQL 15 with
//
//	go test ./cmd/ringpg -run TestIsolation -record-from "host=/tmp port=5432 user=postgres"
//
// Spec syntax: setup { sql }, teardown { sql }, session name followed by
// its own optional setup/teardown and step name { sql } entries, and
// permutation lines of step names.

type spec struct {
	setup, teardown []string
	sessions        []*specSession
	permutations    [][]string
}

type specSession struct {
	name            string
	setup, teardown []string
	steps           []*specStep
}

type specStep struct {
	name, sql string
	session   *specSession
}

// specTokens splits a spec into words, quoted names and { blocks }.
func specTokens(src string) ([]string, error) {
	var toks []string
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case unicode.IsSpace(rune(c)):
			i++
		case c == '{':
			j := strings.IndexByte(src[i:], '}')
			if j < 0 {
				return nil, errors.New("unterminated {")
			}
			toks = append(toks, "{"+strings.TrimSpace(src[i+1:i+j]))
			i += j + 1
		case c == '"':
			j := strings.IndexByte(src[i+1:], '"')
			if j < 0 {
				return nil, errors.New("unterminated \"")
			}
			toks = append(toks, src[i+1:i+1+j])
			i += j + 2
		default:
			j := i
			for j < len(src) && !unicode.IsSpace(rune(src[j])) && src[j] != '{' {
				j++
			}
			toks = append(toks, src[i:j])
			i = j
		}
	}
	return toks, nil
}

func parseSpec(src string) (*spec, error) {
	toks, err := specTokens(src)
	if err != nil {
		return nil, err
	}
	sp := &spec{}
	var cur *specSession
	block := func(i int) (string, error) {
		if i >= len(toks) || !strings.HasPrefix(toks[i], "{") {
			return "", fmt.Errorf("expected { after %q", toks[i-1])
		}
		return toks[i][1:], nil
	}
	for i := 0; i < len(toks); i++ {
		switch toks[i] {
		case "setup", "teardown":
			b, err := block(i + 1)
			if err != nil {
				return nil, err
			}
			switch {
			case cur == nil && toks[i] == "setup":
				sp.setup = append(sp.setup, b)
			case cur == nil:
				sp.teardown = append(sp.teardown, b)
			case toks[i] == "setup":
				cur.setup = append(cur.setup, b)
			default:
				cur.teardown = append(cur.teardown, b)
			}
			i++
		case "session":
			cur = &specSession{name: toks[i+1]}
			sp.sessions = append(sp.sessions, cur)
			i++
		case "step":
			if cur == nil {
				return nil, errors.New("step outside a session")
			}
			b, err := block(i + 2)
			if err != nil {
				return nil, err
			}
			cur.steps = append(cur.steps, &specStep{name: toks[i+1], sql: b, session: cur})
			i += 2
		case "permutation":
			var p []string
			for i+1 < len(toks) && !isSpecKeyword(toks[i+1]) {
				p = append(p, toks[i+1])
				i++
			}
			sp.permutations = append(sp.permutations, p)
		default:
			return nil, fmt.Errorf("unexpected %q", toks[i])
		}
	}
	return sp, nil
}

func isSpecKeyword(s string) bool {
	switch s {
	case "setup", "teardown", "session", "step", "permutation":
		return true
	}
	return false
}

// running is a step whose statement has not finished yet.
type running struct {
	step *specStep
	done chan string
}

// runSpec runs every permutation of sp against the server at connStr and
// renders what happened.
func runSpec(t *testing.T, connStr string, sp *spec) string {
	var out strings.Builder
	ctx := context.Background()
	for _, perm := range sp.permutations {
		fmt.Fprintf(&out, "\nstarting permutation: %s\n", strings.Join(perm, " "))
		ctl, err := pgconn.Connect(ctx, connStr)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sp.setup {
			out.WriteString(specResult(ctl, s))
		}
		conns := map[*specSession]*pgconn.PgConn{}
		pids := map[*specSession]uint32{}
		for _, ss := range sp.sessions {
			c, err := pgconn.Connect(ctx, connStr)
			if err != nil {
				t.Fatal(err)
			}
			conns[ss], pids[ss] = c, c.PID()
			for _, s := range ss.setup {
				out.WriteString(specResult(c, s))
			}
		}
		steps := map[string]*specStep{}
		for _, ss := range sp.sessions {
			for _, st := range ss.steps {
				steps[st.name] = st
			}
		}
		blocked := func(ss *specSession) bool {
			var others []string
			for o, pid := range pids {
				if o != ss {
					others = append(others, fmt.Sprint(pid))
				}
			}
			r := specResult(ctl, fmt.Sprintf("SELECT pg_isolation_test_session_is_blocked(%d, '{%s}')", pids[ss], strings.Join(others, ",")))
			return strings.Contains(r, "\nt\n")
		}
		// settle waits until a running step finishes (its output) or is
		// blocked by another session ("").
		settle := func(r *running) (string, bool) {
			deadline := time.Now().Add(20 * time.Second)
			for time.Now().Before(deadline) {
				select {
				case res := <-r.done:
					return res, true
				case <-time.After(10 * time.Millisecond):
				}
				if blocked(r.step.session) {
					select {
					case res := <-r.done:
						return res, true
					default:
						return "", false
					}
				}
			}
			t.Fatalf("step %s neither finished nor waits for a lock", r.step.name)
			return "", false
		}
		var waiting []*running
		for _, name := range perm {
			st := steps[name]
			if st == nil {
				t.Fatalf("no step %q", name)
			}
			// A session runs one step at a time: a step of a session whose
			// previous step waits is issued once that one has finished.
			for i := 0; i < len(waiting); i++ {
				if w := waiting[i]; w.step.session == st.session {
					select {
					case res := <-w.done:
						fmt.Fprintf(&out, "step %s: <... completed>\n%s", w.step.name, res)
					case <-time.After(30 * time.Second):
						t.Fatalf("step %s still waits when %s is due", w.step.name, st.name)
					}
					waiting = append(waiting[:i], waiting[i+1:]...)
					i--
				}
			}
			r := &running{step: st, done: make(chan string, 1)}
			go func(c *pgconn.PgConn, sql string) { r.done <- specResult(c, sql) }(conns[st.session], st.sql)
			res, finished := settle(r)
			if !finished {
				fmt.Fprintf(&out, "step %s: %s <waiting ...>\n", st.name, st.sql)
				waiting = append(waiting, r)
			} else {
				fmt.Fprintf(&out, "step %s: %s\n%s", st.name, st.sql, res)
			}
			// Steps that this one released.
			for {
				progressed := false
				for i, w := range waiting {
					res, finished := settle(w)
					if finished {
						fmt.Fprintf(&out, "step %s: <... completed>\n%s", w.step.name, res)
						waiting = append(waiting[:i], waiting[i+1:]...)
						progressed = true
						break
					}
				}
				if !progressed {
					break
				}
			}
		}
		for _, w := range waiting {
			res := <-w.done
			fmt.Fprintf(&out, "step %s: <... completed>\n%s", w.step.name, res)
		}
		for _, ss := range sp.sessions {
			for _, s := range ss.teardown {
				out.WriteString(specResult(conns[ss], s))
			}
			conns[ss].Close(ctx)
		}
		for _, s := range sp.teardown {
			out.WriteString(specResult(ctl, s))
		}
		ctl.Close(ctx)
	}
	return out.String()
}

// specResult runs sql and renders rows and errors (command tags are left
// out, as in PostgreSQL's isolation output).
func specResult(c *pgconn.PgConn, sql string) string {
	return render(c, sql, renderOpts{errorSep: "  "})
}

func TestIsolation(t *testing.T) {
	files, _ := filepath.Glob("testdata/isolation/*.spec")
	if len(files) == 0 {
		t.Fatal("no testdata/isolation/*.spec")
	}
	var connStr string
	if *recordFrom != "" {
		connStr = *recordFrom
	} else {
		connStr = startServer(t, "").connString("")
	}
	for _, f := range files {
		f := f
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sp, err := parseSpec(string(src))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			got := runSpec(t, connStr, sp)
			exp := strings.TrimSuffix(f, ".spec") + ".expected"
			if *recordFrom != "" {
				if err := os.WriteFile(exp, []byte(got), 0644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(exp)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s differs from PostgreSQL's:\n%s", f, lineDiff(string(want), got))
			}
		})
	}
}
