package hba

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ringpg/pgerr"
)

// The default file parses, and lets local and loopback connections in by
// trust, replication ones too, and nothing else.
func TestDefaultFile(t *testing.T) {
	f, err := Parse(strings.NewReader(DefaultFile()), "/data/pg_hba.conf")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) != 0 {
		t.Fatalf("warnings: %v", f.Warnings)
	}
	for _, tc := range []struct {
		c    Conn
		want bool
	}{
		{Conn{Local: true, Database: "postgres", User: "u"}, true},
		{Conn{Addr: net.ParseIP("127.0.0.1"), Database: "postgres", User: "u"}, true},
		{Conn{Addr: net.ParseIP("::1"), SSL: true, Database: "postgres", User: "u"}, true},
		{Conn{Addr: net.ParseIP("127.0.0.1"), Replication: true, User: "u"}, true},
		{Conn{Addr: net.ParseIP("127.0.0.2"), Database: "postgres", User: "u"}, false},
		{Conn{Addr: net.ParseIP("10.0.0.1"), Database: "postgres", User: "u"}, false},
	} {
		r := f.Match(tc.c)
		if (r != nil) != tc.want {
			t.Errorf("%+v: matched %v, want %v", tc.c, r, tc.want)
		}
		if r != nil && r.Method != MethodTrust {
			t.Errorf("%+v: method %s", tc.c, r.Method)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pg_hba.conf")
	_, err := Load(path)
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("want a *LoadError, got %v", err)
	}
	want := `could not open configuration file "` + path + `": No such file or directory`
	if err.Error() != want {
		t.Fatalf("got %q, want %q", err.Error(), want)
	}

	if err := os.WriteFile(path, []byte("hots all all 1.2.3.4/32 trust\nlocal all all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(path)
	if !errors.As(err, &le) || len(le.Errors) != 2 {
		t.Fatalf("want two errors, got %v", err)
	}
	got := strings.Join(le.LogLines(true), "\n")
	wantLog := `LOG:  invalid connection type "hots"
CONTEXT:  line 1 of configuration file "` + path + `"
LOG:  end-of-line before authentication method
CONTEXT:  line 2 of configuration file "` + path + `"
LOG:  pg_hba.conf was not reloaded`
	if got != wantLog {
		t.Fatalf("log lines:\n%s\nwant:\n%s", got, wantLog)
	}
	if l := le.LogLines(false); l[len(l)-1] != "FATAL:  could not load pg_hba.conf" {
		t.Fatalf("startup log ends with %q", l[len(l)-1])
	}
}

func TestSSLWarnings(t *testing.T) {
	f, err := Parse(strings.NewReader("hostssl all all all md5\nhost all all all md5\n"), "pg_hba.conf")
	if err != nil {
		t.Fatal(err)
	}
	if w := f.SSLWarnings(true); w != nil {
		t.Fatalf("warnings with SSL on: %v", w)
	}
	w := f.SSLWarnings(false)
	if len(w) != 1 || w[0].Line != 1 || w[0].Message != "hostssl record cannot match because SSL is disabled" {
		t.Fatalf("got %v", w)
	}
}

func TestNoEntryError(t *testing.T) {
	e := NoEntryError(Conn{Addr: net.ParseIP("1.2.3.4"), User: "x", Database: "y"})
	if e.Code != pgerr.InvalidAuthorizationSpec || e.Severity != pgerr.SeverityFatal {
		t.Fatalf("got %+v", e)
	}
	if e.Message != `no pg_hba.conf entry for host "1.2.3.4", user "x", database "y", no encryption` {
		t.Fatalf("message %q", e.Message)
	}
}

// The host name is looked up once per connection attempt, however many
// host-name rules there are.
func TestLookupOnce(t *testing.T) {
	f, err := Parse(strings.NewReader("host all all a.example trust\nhost all all .example trust\nhost all all b.example trust\n"), "pg_hba.conf")
	if err != nil {
		t.Fatal(err)
	}
	reverse, forward := 0, 0
	c := Conn{Addr: net.ParseIP("10.0.0.1"), Database: "d", User: "u",
		LookupAddr: func(net.IP) (string, error) { reverse++; return "b.example.", nil },
		LookupIP:   func(string) ([]net.IP, error) { forward++; return []net.IP{net.ParseIP("10.0.0.1")}, nil },
	}
	if r := f.Match(c); r == nil || r.Line != 2 {
		t.Fatalf("matched %v", r)
	}
	if reverse != 1 || forward != 1 {
		t.Fatalf("%d reverse and %d forward lookups", reverse, forward)
	}
}

func TestParseNumericHost(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1.2.3.4", "1.2.3.4"},
		{"127.1", "127.0.0.1"},
		{"10.1.2", "10.1.0.2"},
		{"167772161", "10.0.0.1"},
		{"0x7f.1", "127.0.0.1"},
		{"010.0.0.1", "8.0.0.1"},
		{"::1", "::1"},
		{"::ffff:1.2.3.4", "1.2.3.4"},
		{"1.2.3.256", ""},
		{"1.2.3.4.5", ""},
		{"1.2.3.", ""},
		{"09.1.1.1", ""},
		{"1.2.3.4 ", ""},
		{"", ""},
		{"localhost", ""},
		{"fe80::1%nosuchinterface", ""},
		{"fe80::1%7", "fe80::1"},
	} {
		ip, ok := parseNumericHost(tc.in)
		got := ""
		if ok {
			got = ip.String()
		}
		if got != tc.want {
			t.Errorf("parseNumericHost(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if ip, _ := parseNumericHost("::ffff:1.2.3.4"); len(ip) != net.IPv6len {
		t.Errorf("an IPv4-mapped address must stay IPv6")
	}
}
