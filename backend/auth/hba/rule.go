package hba

import (
	"net"
)

// Method is an authentication method as written in the file.
type Method string

// The methods PostgreSQL 15 accepts in pg_hba.conf on Linux. The server
// implements trust, reject, md5, scram-sha-256, password and cert; the
// others parse and are refused when a connection reaches them.
const (
	MethodTrust    Method = "trust"
	MethodReject   Method = "reject"
	MethodMD5      Method = "md5"
	MethodSCRAM    Method = "scram-sha-256"
	MethodPassword Method = "password"
	MethodCert     Method = "cert"
	MethodGSS      Method = "gss"
	MethodSSPI     Method = "sspi"
	MethodIdent    Method = "ident"
	MethodPeer     Method = "peer"
	MethodLDAP     Method = "ldap"
	MethodRADIUS   Method = "radius"
	MethodPAM      Method = "pam"
	MethodBSD      Method = "bsd"
)

// Connection types, the first field of a line.
const (
	ConnLocal        = "local"
	ConnHost         = "host"
	ConnHostSSL      = "hostssl"
	ConnHostNoSSL    = "hostnossl"
	ConnHostGSSEnc   = "hostgssenc"
	ConnHostNoGSSEnc = "hostnogssenc"
)

// AddrMatch says how a rule's address field is compared with the client's.
type AddrMatch int

const (
	AddrNone     AddrMatch = iota // a local rule: no address field
	AddrMask                      // Address: an IP address and mask
	AddrHostname                  // Hostname: a name, or a .suffix, checked by reverse lookup
	AddrAll                       // the keyword all
	AddrSameHost                  // the keyword samehost
	AddrSameNet                   // the keyword samenet
)

// Rule is one record of pg_hba.conf.
type Rule struct {
	Line     int    // 1-based number of the record's first line in the file
	Raw      string // the record as written, continuation lines joined
	ConnType string // local, host, hostssl, hostnossl, hostgssenc or hostnogssenc

	// Databases and Users are the names of the second and third fields,
	// after @file inclusion, in order. A name written in double quotes loses
	// its quotes and is marked in DatabaseQuoted / UserQuoted (same index):
	// it is then a literal name, never a keyword (all, sameuser, samerole,
	// samegroup, replication) nor a +role.
	Databases      []string
	DatabaseQuoted []bool
	Users          []string
	UserQuoted     []bool

	// AddrMatch says which of Address and Hostname applies.
	AddrMatch AddrMatch
	// Address is the address and mask of an AddrMask rule, 4 bytes each for
	// IPv4 and 16 for IPv6; the address is kept as written, not masked.
	Address *net.IPNet
	// Hostname is the name of an AddrHostname rule, or the keyword of an
	// AddrAll, AddrSameHost or AddrSameNet rule.
	Hostname string

	Method Method
	// Options holds the name=value options after the method; a later
	// option of the same name wins. For the cert method, clientcert is set
	// to verify-full, which that method implies.
	Options map[string]string
}

// File is a parsed pg_hba.conf.
type File struct {
	Path  string
	Rules []Rule
	// Warnings are problems PostgreSQL logs without refusing the file
	// (a hostgssenc line, an invalid ldapscheme value).
	Warnings []*ParseError
}

// SSLWarnings returns what PostgreSQL logs for each hostssl line when SSL is
// off (such lines load, and never match without SSL); nil when sslEnabled.
func (f *File) SSLWarnings(sslEnabled bool) []*ParseError {
	if sslEnabled {
		return nil
	}
	var out []*ParseError
	for _, r := range f.Rules {
		if r.ConnType == ConnHostSSL {
			out = append(out, &ParseError{File: f.Path, Line: r.Line,
				Message: "hostssl record cannot match because SSL is disabled",
				Hint:    "Set ssl = on in postgresql.conf."})
		}
	}
	return out
}
