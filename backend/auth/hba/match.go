package hba

import (
	"context"
	"net"
	"strings"

	"ringpg/pgerr"
)

// Conn describes a connection attempt.
type Conn struct {
	Local    bool   // Unix-domain socket
	Addr     net.IP // client address for TCP; an IPv4-mapped address counts as IPv4
	SSL      bool   // TLS in use
	Database string
	User     string
	// Replication marks a physical replication (walsender) connection: its
	// databases match only the replication keyword. A normal connection to
	// a database named replication leaves it false.
	Replication bool

	// IsMember reports whether User is a member of role, directly or
	// through other roles, whatever their INHERIT setting; true for the user
	// itself when it exists, false when either role does not exist (a
	// superuser is not a member of every role here). Used for +role and
	// samerole; nil means a member of nothing.
	IsMember func(role string) bool
	// ServerNets lists the server's interface addresses with their
	// netmasks, for samehost and samenet (see InterfaceNets); nil matches
	// nothing for those keywords.
	ServerNets []*net.IPNet
	// LookupAddr and LookupIP resolve names for host-name rules: the
	// client's name by reverse lookup, then that name's addresses, which
	// must include the client's. Nil means the system resolver.
	LookupAddr func(ip net.IP) (string, error)
	LookupIP   func(host string) ([]net.IP, error)
}

// Match returns the first rule that applies to c, or nil, after which the
// connection is refused with NoEntryError.
func (f *File) Match(c Conn) *Rule {
	m := matcher{c: c, client: clientFamily(c.Addr)}
	for i := range f.Rules {
		if m.matches(&f.Rules[i]) {
			return &f.Rules[i]
		}
	}
	return nil
}

type matcher struct {
	c      Conn
	client net.IP // 4 or 16 bytes; nil when unknown

	// The client's host name, looked up once per Match, as PostgreSQL does
	// once per connection.
	resolved  bool   // reverse lookup tried
	name      string // its result; "" when it failed
	confirmed int    // 0 not checked, +1 forward lookup matches, -1 it does not
}

func (m *matcher) matches(r *Rule) bool {
	c := &m.c
	if r.ConnType == ConnLocal {
		if !c.Local {
			return false
		}
	} else {
		if c.Local {
			return false
		}
		switch r.ConnType {
		case ConnHostSSL:
			if !c.SSL {
				return false
			}
		case ConnHostNoSSL:
			if c.SSL {
				return false
			}
		case ConnHostGSSEnc:
			return false // no GSSAPI encryption in this server
		}
		if !m.addrMatches(r) {
			return false
		}
	}
	return m.dbMatches(r) && m.userMatches(r)
}

func (m *matcher) addrMatches(r *Rule) bool {
	switch r.AddrMatch {
	case AddrAll:
		return true
	case AddrMask:
		return m.client != nil && inRange(m.client, r.Address.IP, r.Address.Mask)
	case AddrSameHost, AddrSameNet:
		if m.client == nil {
			return false
		}
		for _, n := range m.c.ServerNets {
			ip, mask := netFamily(n)
			if ip == nil {
				continue
			}
			if r.AddrMatch == AddrSameHost {
				mask = net.CIDRMask(len(ip)*8, len(ip)*8)
			}
			if inRange(m.client, ip, mask) {
				return true
			}
		}
		return false
	case AddrHostname:
		return m.hostnameMatches(r.Hostname)
	}
	return false
}

// netFamily returns an interface network's address and mask with the same
// length, 4 bytes for IPv4.
func netFamily(n *net.IPNet) (net.IP, net.IPMask) {
	if n == nil {
		return nil, nil
	}
	ip, mask := n.IP, n.Mask
	if v4 := ip.To4(); v4 != nil && (len(mask) == net.IPv4len || len(ip) == net.IPv4len) {
		ip = v4
		if len(mask) == net.IPv6len {
			mask = mask[12:]
		}
	}
	if len(ip) != len(mask) {
		return nil, nil
	}
	return ip, mask
}

// hostnameMatches checks a host-name rule: the client's reverse-resolved
// name must equal pattern (or end with it, when pattern starts with a dot),
// ignoring case, and a forward lookup of that name must give back the
// client's address.
func (m *matcher) hostnameMatches(pattern string) bool {
	if m.client == nil {
		return false
	}
	if !m.resolved {
		m.resolved = true
		lookup := m.c.LookupAddr
		if lookup == nil {
			lookup = systemLookupAddr
		}
		name, err := lookup(m.c.Addr)
		if err == nil {
			m.name = strings.TrimSuffix(name, ".")
		}
	}
	if m.name == "" || m.confirmed < 0 {
		return false
	}
	if !hostnameMatch(pattern, m.name) {
		return false
	}
	if m.confirmed > 0 {
		return true
	}
	lookup := m.c.LookupIP
	if lookup == nil {
		lookup = systemLookupIP
	}
	ips, err := lookup(m.name)
	m.confirmed = -1
	if err == nil {
		for _, ip := range ips {
			if a := clientFamily(ip); a != nil && a.Equal(m.client) && len(a) == len(m.client) {
				m.confirmed = 1
				break
			}
		}
	}
	return m.confirmed > 0
}

func hostnameMatch(pattern, actual string) bool {
	if strings.HasPrefix(pattern, ".") {
		return len(actual) >= len(pattern) && strings.EqualFold(pattern, actual[len(actual)-len(pattern):])
	}
	return strings.EqualFold(pattern, actual)
}

func systemLookupAddr(ip net.IP) (string, error) {
	names, err := net.DefaultResolver.LookupAddr(context.Background(), ip.String())
	if err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", &net.DNSError{Err: "no name", Name: ip.String(), IsNotFound: true}
	}
	return names[0], nil
}

func systemLookupIP(host string) ([]net.IP, error) {
	return net.DefaultResolver.LookupIP(context.Background(), "ip", host)
}

func (m *matcher) isMember(role string) bool {
	return m.c.IsMember != nil && m.c.IsMember(role)
}

func (m *matcher) dbMatches(r *Rule) bool {
	c := &m.c
	for i, db := range r.Databases {
		kw := !r.DatabaseQuoted[i]
		if c.Replication {
			if kw && db == "replication" {
				return true
			}
			continue
		}
		switch {
		case kw && db == "all":
			return true
		case kw && db == "sameuser":
			if c.Database == c.User {
				return true
			}
		case kw && (db == "samerole" || db == "samegroup"):
			if m.isMember(c.Database) {
				return true
			}
		case kw && db == "replication":
			// only for replication connections
		case db == c.Database:
			return true
		}
	}
	return false
}

func (m *matcher) userMatches(r *Rule) bool {
	for i, u := range r.Users {
		kw := !r.UserQuoted[i]
		switch {
		case kw && strings.HasPrefix(u, "+"):
			if m.isMember(u[1:]) {
				return true
			}
		case u == m.c.User, kw && u == "all":
			return true
		}
	}
	return false
}

// NoEntryMessage returns PostgreSQL 15's message when no rule matches c.
func NoEntryMessage(c Conn) string {
	host := "[local]"
	if !c.Local {
		host = c.Addr.String()
	}
	enc := "no encryption"
	if c.SSL && !c.Local {
		enc = "SSL encryption"
	}
	if c.Replication {
		return "no pg_hba.conf entry for replication connection from host \"" + host + "\", user \"" + c.User + "\", " + enc
	}
	return "no pg_hba.conf entry for host \"" + host + "\", user \"" + c.User + "\", database \"" + c.Database + "\", " + enc
}

// NoEntryError is the FATAL 28000 error a client gets when no rule matches.
func NoEntryError(c Conn) *pgerr.Error {
	return pgerr.Fatal(pgerr.InvalidAuthorizationSpec, "%s", NoEntryMessage(c))
}

// InterfaceNets returns this machine's interface addresses with their
// netmasks, for Conn.ServerNets.
func InterfaceNets() ([]*net.IPNet, error) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, err
	}
	var out []*net.IPNet
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			out = append(out, n)
		}
	}
	return out, nil
}
