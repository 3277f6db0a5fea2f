package hba

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestIdentMaps(t *testing.T) {
	f, err := ParseIdent("# comment\n"+
		"certs   alice          bob\n"+
		"certs   /^(.*)-admin$  \\1\n"+
		"certs   \"Quoted Name\"  carol # trailing comment\n"+
		"plain   /^ops          dan\n"+
		"nogroup /^x$           \\1\n", "pg_ident.conf")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mapName, role, authUser string
		ci                      bool
		ok                      bool
		log                     string
	}{
		{"certs", "bob", "alice", false, true, ""},
		{"certs", "alice", "alice", false, false, `no match in usermap "certs" for user "alice" authenticated as "alice"`},
		{"certs", "dave", "dave-admin", false, true, ""},
		{"certs", "eve", "dave-admin", false, false, `no match in usermap "certs" for user "eve" authenticated as "dave-admin"`},
		{"certs", "carol", "Quoted Name", false, true, ""},
		{"certs", "CAROL", "quoted name", false, false, `no match in usermap "certs" for user "CAROL" authenticated as "quoted name"`},
		{"certs", "CAROL", "quoted name", true, true, ""},
		{"plain", "dan", "ops-team", false, true, ""},
		{"plain", "dan", "dev", false, false, `no match in usermap "plain" for user "dan" authenticated as "dev"`},
		{"nogroup", "x", "x", false, false, `regular expression "^x$" has no subexpressions as requested by backreference in "\1"`},
		{"other", "bob", "alice", false, false, `no match in usermap "other" for user "bob" authenticated as "alice"`},
	} {
		ok, log := f.CheckMap(tc.mapName, tc.role, tc.authUser, tc.ci)
		if ok != tc.ok || log != tc.log {
			t.Errorf("%s %s as %s: %v %q, want %v %q", tc.mapName, tc.role, tc.authUser, ok, log, tc.ok, tc.log)
		}
	}
}

func TestIdentErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"m a\n", "missing entry at end of line (line 1 of configuration file \"pg_ident.conf\")"},
		{"m a,b c\n", "multiple values in ident field (line 1 of configuration file \"pg_ident.conf\")"},
		{"ok a b\nm /( c\n", "invalid regular expression \"(\": error parsing regexp: missing closing ): `(` (line 2 of configuration file \"pg_ident.conf\")"},
	} {
		_, err := ParseIdent(tc.text, "pg_ident.conf")
		var le *LoadError
		if !errors.As(err, &le) || err.Error() != tc.want {
			t.Errorf("%q: %v, want %s", tc.text, err, tc.want)
		}
	}
	// A missing file maps nobody; an empty one too.
	dir := t.TempDir()
	f, err := LoadIdent(filepath.Join(dir, "pg_ident.conf"))
	if err != nil || len(f.Lines) != 0 {
		t.Fatalf("missing file: %v %v", f, err)
	}
	os.WriteFile(filepath.Join(dir, "pg_ident.conf"), []byte("# nothing\n"), 0o600)
	if f, err := LoadIdent(filepath.Join(dir, "pg_ident.conf")); err != nil || len(f.Lines) != 0 {
		t.Fatalf("empty file: %v %v", f, err)
	}
}
