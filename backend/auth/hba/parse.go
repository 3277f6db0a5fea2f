package hba

import (
	"io"
	"net"
	"os"
	"strings"
)

// Load reads and checks the file at path, with any @file inclusions taken
// relative to its directory. When any line is in error it returns a
// *LoadError listing every bad line, and no File: the caller keeps the rules
// it had, as PostgreSQL does on a failed reload.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &LoadError{Errors: []*ParseError{{File: path,
			Message: "could not open configuration file \"" + path + "\": " + strerror(err)}}}
	}
	return parse(string(data), path, osReadFile)
}

// Parse reads the file's text from r; path names it in messages and locates
// @file inclusions.
func Parse(r io.Reader, path string) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &LoadError{Errors: []*ParseError{{File: path,
			Message: "could not read file \"" + path + "\": " + strerror(err)}}}
	}
	return parse(string(data), path, osReadFile)
}

func parse(data, path string, readFile func(string) ([]byte, error)) (*File, error) {
	t := &tokenizer{readFile: readFile}
	f := &File{Path: path}
	var errs []*ParseError
	for _, tl := range t.tokenize(path, data, 0) {
		if tl.err != "" {
			errs = append(errs, &ParseError{File: path, Line: tl.line, Message: tl.err})
			continue
		}
		p := lineParser{file: f, tl: tl}
		r, perr := p.parse()
		if perr != nil {
			errs = append(errs, perr)
			continue
		}
		f.Rules = append(f.Rules, *r)
	}
	if len(errs) > 0 {
		return nil, &LoadError{Errors: errs}
	}
	if len(f.Rules) == 0 {
		return nil, &LoadError{Errors: []*ParseError{{File: path,
			Message: "configuration file \"" + path + "\" contains no entries"}}}
	}
	return f, nil
}

// lineParser checks one tokenized line, in PostgreSQL's order, so that a
// line with several problems reports the same one.
type lineParser struct {
	file *File
	tl   tokLine
	rule *Rule

	// settings the options make, for the checks made after all of them
	ldapPrefix, ldapSuffix                 bool
	ldapBaseDN, ldapBindDN, ldapBindPasswd bool
	ldapSearchAttribute, ldapSearchFilter  bool
	radiusServers, radiusSecrets           []string
	radiusPorts, radiusIdentifiers         []string
	radiusServersSet, radiusSecretsSet     bool
}

func (p *lineParser) fail(msg string) (*Rule, *ParseError) {
	return nil, &ParseError{File: p.file.Path, Line: p.tl.line, Message: msg}
}

func (p *lineParser) failHint(msg, hint string) (*Rule, *ParseError) {
	return nil, &ParseError{File: p.file.Path, Line: p.tl.line, Message: msg, Hint: hint}
}

func (p *lineParser) warn(msg string) {
	p.file.Warnings = append(p.file.Warnings, &ParseError{File: p.file.Path, Line: p.tl.line, Message: msg})
}

func (p *lineParser) parse() (*Rule, *ParseError) {
	fields := p.tl.fields
	r := &Rule{Line: p.tl.line, Raw: p.tl.raw}
	p.rule = r
	next := 0
	field := func() ([]token, bool) {
		if next >= len(fields) {
			return nil, false
		}
		next++
		return fields[next-1], true
	}

	// Connection type.
	toks, _ := field()
	if len(toks) > 1 {
		return p.failHint("multiple values specified for connection type",
			"Specify exactly one connection type per line.")
	}
	switch ct := toks[0].text; ct {
	case ConnLocal, ConnHost, ConnHostSSL, ConnHostNoSSL, ConnHostNoGSSEnc:
		r.ConnType = ct
	case ConnHostGSSEnc:
		r.ConnType = ct
		p.warn("hostgssenc record cannot match because GSSAPI is not supported by this build")
	default:
		return p.fail("invalid connection type \"" + ct + "\"")
	}

	// Databases and roles.
	toks, ok := field()
	if !ok {
		return p.fail("end-of-line before database specification")
	}
	for _, t := range toks {
		r.Databases = append(r.Databases, t.text)
		r.DatabaseQuoted = append(r.DatabaseQuoted, t.quoted)
	}
	toks, ok = field()
	if !ok {
		return p.fail("end-of-line before role specification")
	}
	for _, t := range toks {
		r.Users = append(r.Users, t.text)
		r.UserQuoted = append(r.UserQuoted, t.quoted)
	}

	// Address.
	if r.ConnType != ConnLocal {
		toks, ok = field()
		if !ok {
			return p.fail("end-of-line before IP address specification")
		}
		if len(toks) > 1 {
			return p.failHint("multiple values specified for host address",
				"Specify one address range per line.")
		}
		t := toks[0]
		switch {
		case !t.quoted && t.text == "all":
			r.AddrMatch, r.Hostname = AddrAll, t.text
		case !t.quoted && t.text == "samehost":
			r.AddrMatch, r.Hostname = AddrSameHost, t.text
		case !t.quoted && t.text == "samenet":
			r.AddrMatch, r.Hostname = AddrSameNet, t.text
		default:
			host, bits, hasSlash := strings.Cut(t.text, "/")
			ip, numeric := parseNumericHost(host)
			if !numeric {
				// getaddrinfo says "no such name": it is a host name.
				if hasSlash {
					return p.fail("specifying both host name and CIDR mask is invalid: \"" + t.text + "\"")
				}
				r.AddrMatch, r.Hostname = AddrHostname, host
				break
			}
			r.AddrMatch = AddrMask
			if hasSlash {
				mask, ok := cidrMask(bits, len(ip))
				if !ok {
					return p.fail("invalid CIDR mask in address \"" + t.text + "\"")
				}
				r.Address = &net.IPNet{IP: ip, Mask: mask}
				break
			}
			toks, ok = field()
			if !ok {
				return p.failHint("end-of-line before netmask specification",
					"Specify an address range in CIDR notation, or provide a separate netmask.")
			}
			if len(toks) > 1 {
				return p.failHint("multiple values specified for netmask",
					"Specify one address range per line.")
			}
			mask, numeric := parseNumericHost(toks[0].text)
			if !numeric {
				return p.fail("invalid IP mask \"" + toks[0].text + "\": Name or service not known")
			}
			if len(mask) != len(ip) {
				return p.fail("IP address and mask do not match")
			}
			r.Address = &net.IPNet{IP: ip, Mask: net.IPMask(mask)}
		}
	}

	// Method.
	toks, ok = field()
	if !ok {
		return p.fail("end-of-line before authentication method")
	}
	if len(toks) > 1 {
		return p.failHint("multiple values specified for authentication type",
			"Specify exactly one authentication type per line.")
	}
	switch m := Method(toks[0].text); m {
	case MethodTrust, MethodIdent, MethodPeer, MethodPassword, MethodGSS, MethodReject,
		MethodMD5, MethodSCRAM, MethodPAM, MethodLDAP, MethodCert, MethodRADIUS:
		r.Method = m
	case MethodSSPI, MethodBSD:
		return p.fail("invalid authentication method \"" + string(m) + "\": not supported by this build")
	default:
		return p.fail("invalid authentication method \"" + string(m) + "\"")
	}
	// ident on a local socket has long meant peer.
	if r.ConnType == ConnLocal && r.Method == MethodIdent {
		r.Method = MethodPeer
	}
	switch {
	case r.ConnType == ConnLocal && r.Method == MethodGSS:
		return p.fail("gssapi authentication is not supported on local sockets")
	case r.ConnType != ConnLocal && r.Method == MethodPeer:
		return p.fail("peer authentication is only supported on local sockets")
	case r.ConnType != ConnHostSSL && r.Method == MethodCert:
		return p.fail("cert authentication is only supported on hostssl connections")
	}

	// Options: every remaining token, whatever field it is in.
	r.Options = map[string]string{}
	for {
		toks, ok = field()
		if !ok {
			break
		}
		for _, t := range toks {
			name, val, ok := strings.Cut(t.text, "=")
			if !ok {
				return p.fail("authentication option not in name=value format: " + t.text)
			}
			if msg := p.option(name, val); msg != "" {
				return p.fail(msg)
			}
			r.Options[name] = val
		}
	}
	if msg := p.checkMandatory(); msg != "" {
		return p.fail(msg)
	}
	if r.Method == MethodCert {
		r.Options["clientcert"] = "verify-full"
	}
	return r, nil
}
