package hba

import (
	"errors"
	"net"
	"strings"
	"testing"
)

// FuzzParse: no input makes Parse or Match panic, and Parse returns either
// rules or a *LoadError.
func FuzzParse(f *testing.F) {
	f.Add(DefaultFile())
	for _, s := range []string{
		"host all all 10.0.0.0 255.0.0.0 md5 # x\n",
		"hostssl \"a b\",c +g,\"all\" ::1/128 cert clientcert=verify-full map=m\n",
		"local all all \\\n trust\n",
		"host all all .example.com ldap ldapurl=\"ldap://x/dc=a?uid?sub\"\n",
		"host all all all radius radiusservers=\"a, b\" radiussecrets=s radiusports=1\n",
		"local @x all trust\n\x00\r\n\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		file, err := parse(s, "/nonexistent/pg_hba.conf", func(string) ([]byte, error) {
			// An included file holds the input itself, to exercise nesting.
			return []byte(s), nil
		})
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || len(le.Errors) == 0 {
				t.Fatalf("error %v is not a *LoadError", err)
			}
			return
		}
		if len(file.Rules) == 0 {
			t.Fatal("a file with no rules was accepted")
		}
		for _, c := range []Conn{
			{Local: true, Database: "d", User: "u"},
			{Addr: net.ParseIP("10.1.2.3"), SSL: true, Database: "all", User: "all"},
			{Addr: net.ParseIP("::1"), Replication: true, User: "u", ServerNets: []*net.IPNet{{IP: net.ParseIP("::1"), Mask: net.CIDRMask(64, 128)}}},
		} {
			c.IsMember = func(string) bool { return true }
			c.LookupAddr = func(net.IP) (string, error) { return "h.example.com", nil }
			c.LookupIP = func(string) ([]net.IP, error) { return []net.IP{c.Addr}, nil }
			if r := file.Match(c); r != nil && !strings.Contains(s, r.ConnType) {
				t.Fatalf("matched rule %+v whose type is not in the input", r)
			}
		}
	})
}
