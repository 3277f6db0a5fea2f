package hba

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output in testdata/*.txt")

// The files under testdata hold blocks of the form
//
//	directive [args]
//	input lines
//	----
//	expected output lines
//	(blank line)
//
// Lines starting with # between blocks are comments. Directives:
//
//	file [name] [unquote]  write input as name (default pg_hba.conf) into
//	                       the case's directory; with unquote each line is
//	                       a Go string body, for \r, \x00 and the like
//	parse [raw]            Load pg_hba.conf: the rules, warnings, or errors
//	match                  one connection attempt per input line (the last
//	                       file parsed): the matched line number, or
//	                       "none: " and the no-entry message
//
// A connection line is "local" or "host ADDR", then words: ssl, repl,
// db=NAME, user=NAME, member=ROLE,ROLE (IsMember answers true for these),
// rdns=NAME (reverse lookup result; absent means lookup fails),
// fwd=IP,IP (forward lookup of that name), nets=CIDR,CIDR (ServerNets).
// Values may be written as Go quoted strings.
func TestDataDriven(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) { runFile(t, path) })
	}
}

type block struct {
	directive string
	args      []string
	input     []string
	expected  []string
	line      int
}

func readBlocks(t *testing.T, path string) (blocks []block, trailer [][]string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var pre []string // comments and blank lines before each block
	for i := 0; i < len(lines); {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			pre = append(pre, l)
			i++
			continue
		}
		b := block{line: i + 1}
		f := strings.Fields(l)
		b.directive, b.args = f[0], f[1:]
		i++
		for i < len(lines) && lines[i] != "----" {
			b.input = append(b.input, lines[i])
			i++
		}
		if i == len(lines) {
			t.Fatalf("%s:%d: block without ----", path, b.line)
		}
		i++
		for i < len(lines) && lines[i] != "" {
			b.expected = append(b.expected, lines[i])
			i++
		}
		trailer = append(trailer, pre)
		pre = nil
		blocks = append(blocks, b)
	}
	trailer = append(trailer, pre)
	return blocks, trailer
}

func runFile(t *testing.T, path string) {
	blocks, pre := readBlocks(t, path)
	dir := t.TempDir()
	var f *File
	for k := range blocks {
		b := &blocks[k]
		var got []string
		switch b.directive {
		case "file":
			name := "pg_hba.conf"
			unquote := false
			for _, a := range b.args {
				if a == "unquote" {
					unquote = true
				} else {
					name = a
				}
			}
			text := strings.Join(b.input, "\n") + "\n"
			if unquote {
				var sb strings.Builder
				for _, l := range b.input {
					u, err := strconv.Unquote(`"` + l + `"`)
					if err != nil {
						t.Fatalf("%s:%d: %v", path, b.line, err)
					}
					sb.WriteString(u)
				}
				text = sb.String()
			}
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		case "parse":
			var err error
			f, err = Load(filepath.Join(dir, "pg_hba.conf"))
			raw := len(b.args) > 0 && b.args[0] == "raw"
			got = describe(f, err, raw)
		case "match":
			if f == nil {
				t.Fatalf("%s:%d: match without a parsed file", path, b.line)
			}
			for _, l := range b.input {
				c, err := parseConn(l)
				if err != nil {
					t.Fatalf("%s:%d: %v", path, b.line, err)
				}
				if r := f.Match(c); r != nil {
					got = append(got, strconv.Itoa(r.Line))
				} else {
					got = append(got, "none: "+NoEntryMessage(c))
				}
			}
		default:
			t.Fatalf("%s:%d: unknown directive %q", path, b.line, b.directive)
		}
		for i := range got {
			got[i] = strings.ReplaceAll(got[i], dir, "$DIR")
		}
		if *rewrite {
			b.expected = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(b.expected, "\n") {
			t.Errorf("%s:%d: %s\ninput:\n%s\ngot:\n%s\nwant:\n%s", path, b.line, b.directive,
				strings.Join(b.input, "\n"), strings.Join(got, "\n"), strings.Join(b.expected, "\n"))
		}
	}
	if *rewrite {
		var sb strings.Builder
		for k, b := range blocks {
			for _, l := range pre[k] {
				sb.WriteString(l + "\n")
			}
			sb.WriteString(strings.Join(append([]string{b.directive}, b.args...), " ") + "\n")
			for _, l := range b.input {
				sb.WriteString(l + "\n")
			}
			sb.WriteString("----\n")
			for _, l := range b.expected {
				sb.WriteString(l + "\n")
			}
		}
		for _, l := range pre[len(blocks)] {
			sb.WriteString(l + "\n")
		}
		out := strings.TrimRight(sb.String(), "\n") + "\n"
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// describe renders a parse result: one line per rule, then warnings; or the
// errors.
func describe(f *File, err error, raw bool) []string {
	var out []string
	if err != nil {
		var le *LoadError
		if !errors.As(err, &le) {
			return []string{"unexpected error type: " + err.Error()}
		}
		for _, pe := range le.Errors {
			s := "error: " + pe.Error()
			if pe.Hint != "" {
				s += " hint: " + pe.Hint
			}
			out = append(out, s)
		}
		return out
	}
	for _, r := range f.Rules {
		var sb strings.Builder
		fmt.Fprintf(&sb, "%d: %s dbs=%s users=%s", r.Line, r.ConnType,
			names(r.Databases, r.DatabaseQuoted), names(r.Users, r.UserQuoted))
		switch r.AddrMatch {
		case AddrMask:
			fmt.Fprintf(&sb, " addr=%s/%s", r.Address.IP, net.IP(r.Address.Mask))
		case AddrHostname:
			fmt.Fprintf(&sb, " host=%q", r.Hostname)
		case AddrAll, AddrSameHost, AddrSameNet:
			fmt.Fprintf(&sb, " addr=%s", r.Hostname)
		}
		fmt.Fprintf(&sb, " method=%s", r.Method)
		for _, k := range sortedKeys(r.Options) {
			fmt.Fprintf(&sb, " %s=%s", k, r.Options[k])
		}
		out = append(out, sb.String())
		if raw {
			out = append(out, "   raw: "+strconv.Quote(r.Raw))
		}
	}
	for _, w := range f.Warnings {
		out = append(out, "warning: "+w.Error())
	}
	return out
}

func names(n []string, quoted []bool) string {
	var parts []string
	for i, s := range n {
		if quoted[i] {
			s = `"` + s + `"`
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// splitWords splits a connection line at spaces, keeping Go-quoted values
// (db="a b") whole and unquoting them.
func splitWords(l string) ([]string, error) {
	var out []string
	for l = strings.TrimSpace(l); l != ""; l = strings.TrimSpace(l) {
		i := 0
		for i < len(l) && l[i] != ' ' {
			if l[i] == '"' {
				q, err := strconv.QuotedPrefix(l[i:])
				if err != nil {
					return nil, err
				}
				u, _ := strconv.Unquote(q)
				l = l[:i] + u + "\x00" + l[i+len(q):] // mark the end of the value
				i += len(u)
				continue
			}
			i++
		}
		out = append(out, strings.ReplaceAll(l[:i], "\x00", ""))
		l = l[i:]
	}
	return out, nil
}

func parseConn(l string) (Conn, error) {
	words, err := splitWords(l)
	if err != nil || len(words) == 0 {
		return Conn{}, fmt.Errorf("bad connection line %q: %v", l, err)
	}
	var c Conn
	switch words[0] {
	case "local":
		c.Local = true
		words = words[1:]
	case "host":
		if len(words) < 2 {
			return c, fmt.Errorf("host without address: %q", l)
		}
		c.Addr = net.ParseIP(words[1])
		if c.Addr == nil {
			return c, fmt.Errorf("bad address in %q", l)
		}
		words = words[2:]
	default:
		return c, fmt.Errorf("connection line must start with local or host: %q", l)
	}
	members := map[string]bool{}
	var rdns string
	var fwd []net.IP
	for _, w := range words {
		k, v, _ := strings.Cut(w, "=")
		switch k {
		case "ssl":
			c.SSL = true
		case "repl":
			c.Replication = true
		case "db":
			c.Database = v
		case "user":
			c.User = v
		case "member":
			for _, r := range strings.Split(v, ",") {
				members[r] = true
			}
		case "rdns":
			rdns = v
		case "fwd":
			for _, s := range strings.Split(v, ",") {
				fwd = append(fwd, net.ParseIP(s))
			}
		case "nets":
			for _, s := range strings.Split(v, ",") {
				ip, n, err := net.ParseCIDR(s)
				if err != nil {
					return c, err
				}
				n.IP = ip // an interface address, not its network
				c.ServerNets = append(c.ServerNets, n)
			}
		default:
			return c, fmt.Errorf("unknown word %q in %q", w, l)
		}
	}
	c.IsMember = func(role string) bool { return members[role] }
	c.LookupAddr = func(ip net.IP) (string, error) {
		if rdns == "" {
			return "", errors.New("no name")
		}
		return rdns, nil
	}
	c.LookupIP = func(host string) ([]net.IP, error) {
		if host != strings.TrimSuffix(rdns, ".") || len(fwd) == 0 {
			return nil, errors.New("no address")
		}
		return fwd, nil
	}
	return c, nil
}
