package hba

import (
	"net"
	"net/netip"
	"strconv"
)

// parseNumericHost parses s as getaddrinfo does with AI_NUMERICHOST on
// glibc: IPv4 in any inet_aton form ("127.1", "0x7f.0.0.1", "017.0.0.1"),
// or IPv6 with an optional scope ("fe80::1%lo", numeric or an existing
// interface). An IPv4 result is 4 bytes long, an IPv6 result 16 bytes
// (an IPv4-mapped IPv6 address stays IPv6, as its family is AF_INET6).
func parseNumericHost(s string) (net.IP, bool) {
	if ip, ok := parseInetAton(s); ok {
		return ip, true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() {
		return nil, false
	}
	if z := a.Zone(); z != "" {
		if _, err := strconv.ParseUint(z, 10, 32); err != nil {
			if _, err := net.InterfaceByName(z); err != nil {
				return nil, false
			}
		}
	}
	b := a.As16()
	return net.IP(b[:]), true
}

// parseInetAton accepts the classic inet_aton forms: one to four parts, each
// decimal, octal (leading 0) or hex (leading 0x), the last part filling the
// remaining bytes. Nothing may follow the address.
func parseInetAton(s string) (net.IP, bool) {
	var parts []uint64
	i := 0
	for {
		if i >= len(s) || !isDigit(s[i]) {
			return nil, false
		}
		base := uint64(10)
		if s[i] == '0' {
			base = 8
			i++
			if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
				base = 16
				i++
			}
		}
		var v uint64
		for i < len(s) {
			c := s[i]
			var d uint64
			switch {
			case c >= '0' && c <= '9':
				d = uint64(c - '0')
				if base == 8 && d >= 8 {
					return nil, false
				}
			case base == 16 && c >= 'a' && c <= 'f':
				d = uint64(c-'a') + 10
			case base == 16 && c >= 'A' && c <= 'F':
				d = uint64(c-'A') + 10
			default:
				goto end
			}
			v = v*base + d
			if v > 0xffffffff {
				return nil, false
			}
			i++
		}
	end:
		parts = append(parts, v)
		if i < len(s) && s[i] == '.' {
			if len(parts) == 4 {
				return nil, false
			}
			i++
			continue
		}
		if i != len(s) {
			return nil, false
		}
		break
	}
	var val uint64
	switch len(parts) {
	case 1:
		val = parts[0]
	case 2:
		if parts[0] > 0xff || parts[1] > 0xffffff {
			return nil, false
		}
		val = parts[0]<<24 | parts[1]
	case 3:
		if parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xffff {
			return nil, false
		}
		val = parts[0]<<24 | parts[1]<<16 | parts[2]
	case 4:
		if parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xff || parts[3] > 0xff {
			return nil, false
		}
		val = parts[0]<<24 | parts[1]<<16 | parts[2]<<8 | parts[3]
	}
	return net.IPv4(byte(val>>24), byte(val>>16), byte(val>>8), byte(val)).To4(), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// cidrMask builds the mask for a "/bits" suffix the way PostgreSQL reads it
// (strtol: leading white space and a sign allowed, nothing after the digits).
func cidrMask(bits string, size int) (net.IPMask, bool) {
	n, ok := strtol(bits)
	if !ok || n < 0 || n > int64(size*8) {
		return nil, false
	}
	return net.CIDRMask(int(n), size*8), true
}

// strtol parses s entirely as a base-10 C long; false when s is empty, has
// no digits or has anything after them.
func strtol(s string) (int64, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v int64
	for i < len(s) && isDigit(s[i]) {
		if v < 1<<40 {
			v = v*10 + int64(s[i]-'0')
		}
		i++
	}
	if i == start || i != len(s) {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// atoi is C's atoi: leading white space, a sign, then as many digits as
// there are; 0 when there are none.
func atoi(s string) int64 {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var v int64
	for i < len(s) && isDigit(s[i]) {
		if v < 1<<40 {
			v = v*10 + int64(s[i]-'0')
		}
		i++
	}
	if neg {
		v = -v
	}
	return v
}

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// inRange reports whether client lies in addr/mask, PostgreSQL's
// pg_range_sockaddr: the families must agree, then every bit the mask sets
// must be equal (the mask need not be contiguous, the address need not be
// the network's first).
func inRange(client, addr net.IP, mask net.IPMask) bool {
	if len(client) != len(addr) || len(mask) != len(addr) {
		return false
	}
	for i := range addr {
		if (client[i]^addr[i])&mask[i] != 0 {
			return false
		}
	}
	return true
}

// clientFamily returns the client's address as 4 bytes for IPv4 and 16 for
// IPv6. A Go listener reports an IPv4 client in IPv4-mapped form, so such an
// address counts as IPv4: that is the family PostgreSQL sees for an IPv4
// client, its IPv6 sockets being IPv6-only.
func clientFamily(ip net.IP) net.IP {
	if v4 := ip.To4(); v4 != nil {
		return v4
	}
	if len(ip) == net.IPv6len {
		return ip
	}
	return nil
}
