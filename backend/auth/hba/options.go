package hba

import (
	"strconv"
	"strings"
)

func invalidOption(name, methods string) string {
	return "authentication option \"" + name + "\" is only valid for authentication methods " + methods
}

// option checks one name=value option against the line's connection type
// and method, as PostgreSQL's parse_hba_auth_opt does; it returns the
// error message, or "".
func (p *lineParser) option(name, val string) string {
	r := p.rule
	m := r.Method
	need := func(want Method, methods string) string {
		if m != want {
			return invalidOption(name, methods)
		}
		return ""
	}
	switch name {
	case "map":
		switch m {
		case MethodIdent, MethodPeer, MethodGSS, MethodSSPI, MethodCert:
		default:
			return invalidOption(name, "ident, peer, gssapi, sspi, and cert")
		}
	case "clientcert":
		if r.ConnType != ConnHostSSL {
			return "clientcert can only be configured for \"hostssl\" rows"
		}
		switch val {
		case "verify-full":
		case "verify-ca":
			if m == MethodCert {
				return "clientcert only accepts \"verify-full\" when using \"cert\" authentication"
			}
		default:
			return "invalid value for clientcert: \"" + val + "\""
		}
	case "clientname":
		if r.ConnType != ConnHostSSL {
			return "clientname can only be configured for \"hostssl\" rows"
		}
		if val != "CN" && val != "DN" {
			return "invalid value for clientname: \"" + val + "\""
		}
	case "pamservice", "pam_use_hostname":
		return need(MethodPAM, "pam")
	case "ldapurl":
		if msg := need(MethodLDAP, "ldap"); msg != "" {
			return msg
		}
		return p.ldapURL(val)
	case "ldaptls", "ldapserver", "ldapbindpasswd":
		if msg := need(MethodLDAP, "ldap"); msg != "" {
			return msg
		}
		p.ldapBindPasswd = p.ldapBindPasswd || name == "ldapbindpasswd"
	case "ldapscheme":
		if msg := need(MethodLDAP, "ldap"); msg != "" {
			return msg
		}
		if val != "ldap" && val != "ldaps" {
			// PostgreSQL logs this and keeps the line.
			p.warn("invalid ldapscheme value: \"" + val + "\"")
		}
	case "ldapport":
		if msg := need(MethodLDAP, "ldap"); msg != "" {
			return msg
		}
		if int32(atoi(val)) == 0 {
			return "invalid LDAP port number: \"" + val + "\""
		}
	case "ldapbinddn", "ldapsearchattribute", "ldapsearchfilter", "ldapbasedn", "ldapprefix", "ldapsuffix":
		if msg := need(MethodLDAP, "ldap"); msg != "" {
			return msg
		}
		switch name {
		case "ldapbinddn":
			p.ldapBindDN = true
		case "ldapsearchattribute":
			p.ldapSearchAttribute = true
		case "ldapsearchfilter":
			p.ldapSearchFilter = true
		case "ldapbasedn":
			p.ldapBaseDN = true
		case "ldapprefix":
			p.ldapPrefix = true
		case "ldapsuffix":
			p.ldapSuffix = true
		}
	case "krb_realm", "include_realm":
		if m != MethodGSS && m != MethodSSPI {
			return invalidOption(name, "gssapi and sspi")
		}
	case "compat_realm", "upn_username":
		return need(MethodSSPI, "sspi")
	case "radiusservers":
		if msg := need(MethodRADIUS, "radius"); msg != "" {
			return msg
		}
		l, ok := splitGUCList(val)
		if !ok {
			return "could not parse RADIUS server list \"" + val + "\""
		}
		p.radiusServers, p.radiusServersSet = l, len(l) > 0
	case "radiusports":
		if msg := need(MethodRADIUS, "radius"); msg != "" {
			return msg
		}
		l, ok := splitGUCList(val)
		if !ok {
			return "could not parse RADIUS port list \"" + val + "\""
		}
		for _, port := range l {
			if int32(atoi(port)) == 0 {
				return "invalid RADIUS port number: \"" + val + "\""
			}
		}
		p.radiusPorts = l
	case "radiussecrets":
		if msg := need(MethodRADIUS, "radius"); msg != "" {
			return msg
		}
		l, ok := splitGUCList(val)
		if !ok {
			return "could not parse RADIUS secret list \"" + val + "\""
		}
		p.radiusSecrets, p.radiusSecretsSet = l, len(l) > 0
	case "radiusidentifiers":
		if msg := need(MethodRADIUS, "radius"); msg != "" {
			return msg
		}
		l, ok := splitGUCList(val)
		if !ok {
			return "could not parse RADIUS identifiers list \"" + val + "\""
		}
		p.radiusIdentifiers = l
	default:
		return "unrecognized authentication option name: \"" + name + "\""
	}
	return ""
}

// ldapURL checks an ldapurl value as far as PostgreSQL's use of OpenLDAP's
// URL parser goes, and records the settings it implies.
func (p *lineParser) ldapURL(val string) string {
	scheme, rest, ok := strings.Cut(val, "://")
	switch {
	case !ok:
		return "could not parse LDAP URL \"" + val + "\": Time limit exceeded"
	case scheme == "ldap", scheme == "ldaps":
	case scheme == "ldapi", scheme == "cldap":
		return "unsupported LDAP URL scheme: " + scheme
	default:
		return "could not parse LDAP URL \"" + val + "\": Time limit exceeded"
	}
	// ldap://host:port/basedn?attributes?scope?filter?extensions
	_, path, _ := strings.Cut(rest, "/")
	parts := strings.Split(path, "?")
	p.ldapBaseDN = true
	if len(parts) > 1 && parts[1] != "" {
		p.ldapSearchAttribute = true
	}
	if len(parts) > 3 && parts[3] != "" {
		p.ldapSearchFilter = true
	}
	return ""
}

// checkMandatory makes the checks PostgreSQL makes once all options are
// read: what LDAP and RADIUS need, and what they cannot combine.
func (p *lineParser) checkMandatory() string {
	switch p.rule.Method {
	case MethodLDAP:
		if p.ldapPrefix || p.ldapSuffix {
			if p.ldapBaseDN || p.ldapBindDN || p.ldapBindPasswd || p.ldapSearchAttribute || p.ldapSearchFilter {
				return "cannot use ldapbasedn, ldapbinddn, ldapbindpasswd, ldapsearchattribute, ldapsearchfilter, or ldapurl together with ldapprefix"
			}
		} else if !p.ldapBaseDN {
			return "authentication method \"ldap\" requires argument \"ldapbasedn\", \"ldapprefix\", or \"ldapsuffix\" to be set"
		}
		if p.ldapSearchAttribute && p.ldapSearchFilter {
			return "cannot use ldapsearchattribute together with ldapsearchfilter"
		}
	case MethodRADIUS:
		if !p.radiusServersSet {
			return "authentication method \"radius\" requires argument \"radiusservers\" to be set"
		}
		if !p.radiusSecretsSet {
			return "authentication method \"radius\" requires argument \"radiussecrets\" to be set"
		}
		n := len(p.radiusServers)
		for _, l := range []struct {
			name string
			list []string
		}{{"RADIUS secrets", p.radiusSecrets}, {"RADIUS ports", p.radiusPorts}, {"RADIUS identifiers", p.radiusIdentifiers}} {
			if k := len(l.list); k > 1 && k != n {
				return "the number of " + l.name + " (" + strconv.Itoa(k) + ") must be 1 or the same as the number of RADIUS servers (" + strconv.Itoa(n) + ")"
			}
		}
	}
	return ""
}

// splitGUCList splits a comma-separated list the way PostgreSQL splits list
// settings: items trimmed of white space, double quotes allowed (a doubled
// quote inside stands for one), an empty unquoted item an error, an empty
// string an empty list.
func splitGUCList(s string) ([]string, bool) {
	var out []string
	i := 0
	skip := func() {
		for i < len(s) && isCSpace(s[i]) {
			i++
		}
	}
	skip()
	if i == len(s) {
		return nil, true
	}
	for {
		var item []byte
		if s[i] == '"' {
			i++
			for {
				if i >= len(s) {
					return nil, false // unterminated quote
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						item = append(item, '"')
						i += 2
						continue
					}
					i++
					break
				}
				item = append(item, s[i])
				i++
			}
		} else {
			start := i
			for i < len(s) && s[i] != ',' && !isCSpace(s[i]) {
				i++
			}
			if i == start {
				return nil, false
			}
			item = []byte(s[start:i])
		}
		out = append(out, string(item))
		skip()
		if i == len(s) {
			return out, true
		}
		if s[i] != ',' {
			return nil, false
		}
		i++
		skip()
		if i == len(s) {
			return nil, false
		}
	}
}
