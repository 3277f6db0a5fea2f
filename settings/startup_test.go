package settings

import (
	"bufio"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ringpg/pgerr"
)

// testdata/args.txt and testdata/conf.txt hold server-start cases with the
// answers of PostgreSQL 15's "postgres -C NAME" (print a setting's stored
// value and exit), which reads the command line and a configuration file
// exactly as a server start does.
//
// args.txt: "args FLAGS..." (words split like a shell, '...' quoting),
// "----", expected lines, a blank line. conf.txt: "conf NAME" (or "conf NAME
// noeol": the file has no final newline), the file's lines, "----", the
// expected lines, "====". A command starting with "ours " is ringpg-only
// behaviour and is not run against PostgreSQL.
//
// -rewrite alone records ringpg's answers for the "ours" cases. With
// -pgbin (PostgreSQL's bin directory) and -pgdata (a scratch data
// directory made by initdb, not in use by a running server) the cases run
// against PostgreSQL as well; -rewrite records its answers. As root, the
// postgres binary is run through "su postgres".
var (
	pgBin  = flag.String("pgbin", "", "PostgreSQL 15 bin directory for startup cases")
	pgData = flag.String("pgdata", "", "scratch data directory for -pgbin")
)

type confCase struct {
	cmd      string
	conf     []string
	expected []string
	line     int
}

func readConfCases(t *testing.T, path string) []confCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []confCase
	sc := bufio.NewScanner(f)
	state, ln := 0, 0 // 0 between cases, 1 in conf lines, 2 in expected lines
	for sc.Scan() {
		ln++
		l := sc.Text()
		switch {
		case state == 0 && (l == "" || strings.HasPrefix(l, "#")):
		case state == 0:
			cases = append(cases, confCase{cmd: l, line: ln})
			state = 1
		case state == 1 && l == "----":
			state = 2
		case state == 1:
			c := &cases[len(cases)-1]
			c.conf = append(c.conf, l)
		case l == "====":
			state = 0
		default:
			c := &cases[len(cases)-1]
			c.expected = append(c.expected, l)
		}
	}
	return cases
}

func writeConfCases(t *testing.T, path string, header []string, cases []confCase) {
	var b strings.Builder
	for _, h := range header {
		b.WriteString(h + "\n")
	}
	for _, c := range cases {
		b.WriteString("\n" + c.cmd + "\n")
		for _, l := range c.conf {
			b.WriteString(l + "\n")
		}
		b.WriteString("----\n")
		for _, l := range c.expected {
			b.WriteString(l + "\n")
		}
		b.WriteString("====\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fileHeader(t *testing.T, path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var h []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "#") {
			break
		}
		h = append(h, l)
	}
	return h
}

// shellWords splits a command line: blanks separate words, '...' quotes.
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	in, any := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			in, any = !in, true
		case c == ' ' && !in:
			if any {
				out = append(out, cur.String())
				cur.Reset()
				any = false
			}
		default:
			cur.WriteByte(c)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// logLines renders errors the way the server log shows them, without the
// timestamp prefix.
func logLines(errs ...error) []string {
	var out []string
	for _, err := range errs {
		var e *pgerr.Error
		if !errors.As(err, &e) {
			out = append(out, "INTERNAL "+err.Error())
			continue
		}
		// The server log indents the continuation lines of a message.
		out = append(out, e.SeverityOrDefault()+":  "+strings.ReplaceAll(e.Message, "\n", "\n\t"))
		if e.Detail != "" {
			out = append(out, "DETAIL:  "+e.Detail)
		}
		if e.Hint != "" {
			out = append(out, "HINT:  "+e.Hint)
		}
	}
	return out
}

// printSetting is what "postgres -C name" prints.
func printSetting(s *Set, name string) []string {
	d, sl, err := s.lookup(name, false)
	if err != nil {
		e := *pgerr.From(err)
		e.Severity = pgerr.SeverityFatal
		return logLines(&e)
	}
	v := formatRaw(d, sl.cur)
	if v == "" {
		v = "<empty>"
	}
	return []string{v}
}

func oursArgs(args []string) []string {
	s := New()
	rest, err := ApplyArgs(s, args)
	if err != nil {
		return logLines(err)
	}
	for i := 0; i+1 < len(rest); i++ {
		if rest[i] == "-C" {
			return printSetting(s, rest[i+1])
		}
	}
	return []string{"no -C"}
}

var logPrefix = regexp.MustCompile(`^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] `)

// runPostgres runs the postgres binary with args and returns its output
// lines without log prefixes.
func runPostgres(t *testing.T, args []string, replace string) []string {
	bin := filepath.Join(*pgBin, "postgres")
	full := append([]string{bin, "-D", *pgData}, args...)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		var q []string
		for _, a := range full {
			q = append(q, shellQuote(a))
		}
		cmd = exec.Command("su", "postgres", "-c", strings.Join(q, " "))
	} else {
		cmd = exec.Command(full[0], full[1:]...)
	}
	out, _ := cmd.CombinedOutput()
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		l = logPrefix.ReplaceAllString(l, "")
		if strings.HasPrefix(l, "DEBUG:  ") {
			continue // -d's own chatter
		}
		if replace != "" {
			l = strings.ReplaceAll(l, replace, "")
		}
		if l == "" {
			l = "<empty>"
		}
		lines = append(lines, l)
	}
	return lines
}

func TestArgsScript(t *testing.T) {
	const path = "testdata/args.txt"
	cases := readScript(t, path)
	for i, c := range cases {
		cmd := c.cmd
		ours := strings.HasPrefix(cmd, "ours ")
		cmd = strings.TrimPrefix(cmd, "ours ")
		args := shellWords(strings.TrimPrefix(cmd, "args"))
		var got []string
		if *pgBin != "" {
			if ours {
				continue
			}
			got = runPostgres(t, args, "")
		} else {
			got = oursArgs(args)
		}
		if *rewrite && (*pgBin != "" || ours) {
			cases[i].expected = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(c.expected, "\n") {
			t.Errorf("%s:%d: %s\n got: %q\nwant: %q", path, c.line, c.cmd, got, c.expected)
		}
	}
	if *rewrite {
		writeScript(t, path, cases)
	}
}

func TestConfScript(t *testing.T) {
	const path = "testdata/conf.txt"
	cases := readConfCases(t, path)
	// Not t.TempDir: its parent is private, and the postgres user must be
	// able to read the file.
	dir, err := os.MkdirTemp("", "settings-conf")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "t.conf")
	for i, c := range cases {
		words := strings.Fields(strings.TrimPrefix(c.cmd, "ours "))
		ours := strings.HasPrefix(c.cmd, "ours ")
		if len(words) < 2 || words[0] != "conf" {
			t.Fatalf("%s:%d: bad command %q", path, c.line, c.cmd)
		}
		text := strings.Join(c.conf, "\n") + "\n"
		if len(words) > 2 && words[2] == "noeol" {
			text = strings.TrimSuffix(text, "\n")
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		var got []string
		if *pgBin != "" {
			if ours {
				continue
			}
			got = runPostgres(t, []string{"--config-file=" + file, "-C", words[1]}, dir+"/")
		} else {
			s := New()
			logs, fatal := s.LoadConf(file)
			for _, l := range logs {
				got = append(got, logLines(l)...)
			}
			if fatal != nil {
				got = append(got, logLines(fatal)...)
			} else {
				got = append(got, printSetting(s, words[1])...)
			}
			// A message with a newline is two lines of log.
			got = strings.Split(strings.ReplaceAll(strings.Join(got, "\n"), dir+"/", ""), "\n")
		}
		if *rewrite && (*pgBin != "" || ours) {
			cases[i].expected = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(c.expected, "\n") {
			t.Errorf("%s:%d: %s\n%s\n got: %q\nwant: %q", path, c.line, c.cmd, text, got, c.expected)
		}
	}
	if *rewrite {
		writeConfCases(t, path, fileHeader(t, path), cases)
	}
}
