// Package startup decodes the first packet a client sends: a StartupMessage,
// an SSLRequest, a GSSENCRequest or a CancelRequest. The postmaster parses it
// to decide where the connection goes; the backend that receives the
// connection parses the same bytes again to learn its session's parameters.
//
// Decoding is pure: no I/O, no state, safe from any goroutine. Every length
// is checked before it is trusted; a malformed packet is an error, never a
// panic.
package startup

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"ringpg/pgerr"
)

// MaxPacketLen bounds a startup packet, as PostgreSQL's postmaster does.
const MaxPacketLen = 10000

// Request codes carried in place of a protocol version.
const (
	CodeCancel = 80877102
	CodeSSL    = 80877103
	CodeGSSENC = 80877104
)

// ProtocolMajor and ProtocolMinor are the newest protocol this server speaks.
const (
	ProtocolMajor = 3
	ProtocolMinor = 0
)

// Kind is what a startup packet asks for.
type Kind int

// Packet kinds.
const (
	KindStartup Kind = iota + 1
	KindSSL
	KindGSSENC
	KindCancel
)

// Param is one name/value pair of a StartupMessage, in the client's order.
type Param struct{ Name, Value string }

// Packet is a decoded startup packet.
type Packet struct {
	Kind         Kind
	Major, Minor uint16  // KindStartup: the protocol version asked for
	Params       []Param // KindStartup
	CancelPID    int32   // KindCancel
	CancelKey    uint32  // KindCancel
}

// Get returns the value of parameter name, or "" when absent.
func (p *Packet) Get(name string) string {
	for _, kv := range p.Params {
		if kv.Name == name {
			return kv.Value
		}
	}
	return ""
}

// ErrIncomplete means more bytes are needed before the packet can be decoded.
var ErrIncomplete = errors.New("incomplete startup packet")

// ErrInvalidLength means the length word is impossible. PostgreSQL logs
// "invalid length of startup packet" and closes without answering.
var ErrInvalidLength = errors.New("invalid length of startup packet")

// Parse decodes the packet at the start of buf and returns it with the
// number of bytes it took. It returns ErrIncomplete when buf holds only part
// of a packet, ErrInvalidLength for an impossible length, and a *pgerr.Error
// (FATAL, to be sent to the client) for a packet PostgreSQL would refuse.
func Parse(buf []byte) (Packet, int, error) {
	if len(buf) < 4 {
		return Packet{}, 0, ErrIncomplete
	}
	n := binary.BigEndian.Uint32(buf)
	if n < 8 || n > MaxPacketLen {
		return Packet{}, 0, ErrInvalidLength
	}
	if len(buf) < int(n) {
		return Packet{}, 0, ErrIncomplete
	}
	body := buf[4:n]
	code := binary.BigEndian.Uint32(body)
	pkt, err := parseBody(code, body[4:])
	return pkt, int(n), err
}

func parseBody(code uint32, rest []byte) (Packet, error) {
	switch code {
	case CodeSSL:
		return Packet{Kind: KindSSL}, nil
	case CodeGSSENC:
		return Packet{Kind: KindGSSENC}, nil
	case CodeCancel:
		if len(rest) != 8 {
			return Packet{}, ErrInvalidLength
		}
		return Packet{
			Kind:      KindCancel,
			CancelPID: int32(binary.BigEndian.Uint32(rest)),
			CancelKey: binary.BigEndian.Uint32(rest[4:]),
		}, nil
	}
	p := Packet{Kind: KindStartup, Major: uint16(code >> 16), Minor: uint16(code)}
	if p.Major != ProtocolMajor {
		return p, pgerr.Fatal(pgerr.FeatureNotSupported,
			"unsupported frontend protocol %d.%d: server supports %d.0 to %d.%d",
			p.Major, p.Minor, ProtocolMajor, ProtocolMajor, ProtocolMinor)
	}
	params, err := parseParams(rest)
	if err != nil {
		return p, err
	}
	p.Params = params
	if p.Get("user") == "" {
		return p, pgerr.Fatal(pgerr.InvalidAuthorizationSpec,
			"no PostgreSQL user name specified in startup packet")
	}
	return p, nil
}

// parseParams decodes NUL-terminated name/value pairs ended by one more NUL.
func parseParams(b []byte) ([]Param, error) {
	layout := func() error {
		return pgerr.Fatal(pgerr.ProtocolViolation,
			"invalid startup packet layout: expected terminator as last byte")
	}
	var params []Param
	for {
		if len(b) == 0 {
			return nil, layout()
		}
		if b[0] == 0 {
			if len(b) != 1 {
				return nil, layout()
			}
			return params, nil
		}
		name, rest, ok := cutNul(b)
		if !ok {
			return nil, layout()
		}
		value, rest, ok := cutNul(rest)
		if !ok {
			return nil, layout()
		}
		params = append(params, Param{Name: name, Value: value})
		b = rest
	}
}

func cutNul(b []byte) (string, []byte, bool) {
	i := bytes.IndexByte(b, 0)
	if i < 0 {
		return "", nil, false
	}
	return string(b[:i]), b[i+1:], true
}

// Encode builds a StartupMessage for the given parameters; tests and tools
// use it to speak to the server.
func Encode(major, minor uint16, params []Param) []byte {
	b := make([]byte, 8, 64)
	binary.BigEndian.PutUint32(b[4:], uint32(major)<<16|uint32(minor))
	for _, kv := range params {
		b = append(b, kv.Name...)
		b = append(b, 0)
		b = append(b, kv.Value...)
		b = append(b, 0)
	}
	b = append(b, 0)
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

// String describes a packet for logs.
func (p Packet) String() string {
	switch p.Kind {
	case KindSSL:
		return "SSLRequest"
	case KindGSSENC:
		return "GSSENCRequest"
	case KindCancel:
		return fmt.Sprintf("CancelRequest(pid %d)", p.CancelPID)
	}
	return fmt.Sprintf("StartupMessage %d.%d %v", p.Major, p.Minor, p.Params)
}
