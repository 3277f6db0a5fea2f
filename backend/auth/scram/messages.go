package scram

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
)

// The parsing below follows RFC 5802's grammar with PostgreSQL's reading of
// it, error for error, since a client may match on the DETAIL:
//
//	client-first-message = gs2-header client-first-message-bare
//	gs2-header           = gs2-cbind-flag "," [ authzid ] ","
//	gs2-cbind-flag       = ("p=" cb-name) / "n" / "y"
//	client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
//	client-final-message = channel-binding "," nonce ["," extensions] "," proof
//
// The username in the message is ignored: PostgreSQL authenticates the user
// of the startup packet, and clients send "n=".

// reader walks a message the way PostgreSQL walks a C string: reading past
// the end yields 0.
type reader struct {
	s string
	i int
}

func (r *reader) peek() byte {
	if r.i < len(r.s) {
		return r.s[r.i]
	}
	return 0
}

// sanitizeChar prints a byte for an error message: printable ASCII quoted,
// anything else in hex (the end of the message is "0x00").
func sanitizeChar(c byte) string {
	if c >= 0x21 && c <= 0x7e {
		return fmt.Sprintf("'%c'", c)
	}
	return fmt.Sprintf("0x%02x", c)
}

// sanitizeStr keeps the first 30 bytes of s, with '?' for anything not
// printable ASCII.
func sanitizeStr(s string) string {
	if len(s) > 30 {
		s = s[:30]
	}
	b := []byte(s)
	for i, c := range b {
		if c < 0x21 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}

// value reads up to the next comma, which it consumes.
func (r *reader) value() string {
	start := r.i
	for r.i < len(r.s) && r.s[r.i] != ',' {
		r.i++
	}
	v := r.s[start:r.i]
	if r.i < len(r.s) {
		r.i++
	}
	return v
}

// attr reads "<attr>=<value>".
func (r *reader) attr(attr byte) (string, *AuthError) {
	if c := r.peek(); c != attr {
		return "", malformed("Expected attribute \"%c\" but found \"%s\".", attr, sanitizeChar(c))
	}
	r.i++
	if r.peek() != '=' {
		return "", malformed("Expected character \"=\" for attribute \"%c\".", attr)
	}
	r.i++
	return r.value(), nil
}

// anyAttr reads an attribute whatever its name.
func (r *reader) anyAttr() (byte, string, *AuthError) {
	c := r.peek()
	if c == 0 {
		return 0, "", malformed("Attribute expected, but found end of string.")
	}
	if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
		return 0, "", malformed("Attribute expected, but found invalid character \"%s\".", sanitizeChar(c))
	}
	r.i++
	if r.peek() != '=' {
		return 0, "", malformed("Expected character \"=\" for attribute \"%c\".", c)
	}
	r.i++
	return c, r.value(), nil
}

// isPrintable: printable = %x21-2B / %x2D-7E (printable ASCII but ",").
func isPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7e || c == ',' {
			return false
		}
	}
	return true
}

const noCbindData = "The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data."

func (e *Exchange) readClientFirst(in string) *AuthError {
	r := &reader{s: in}
	e.cbindFlag = r.peek()
	switch e.cbindFlag {
	case 'n', 'y':
		if e.cbindInUse {
			return malformed(noCbindData)
		}
		if e.cbindFlag == 'y' && e.cbind != nil {
			// The client can bind but believes the server cannot: with TLS
			// this server can, so someone removed PLUS from the list.
			return &AuthError{
				Code:    CodeInvalidAuthorization,
				Message: "SCRAM channel binding negotiation error",
				Detail:  "The client supports SCRAM channel binding but thinks the server does not.  However, this server does support channel binding.",
			}
		}
		r.i++
		if c := r.peek(); c != ',' {
			return malformed("Comma expected, but found character \"%s\".", sanitizeChar(c))
		}
		r.i++
	case 'p':
		if !e.cbindInUse {
			return malformed("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.")
		}
		typ, err := r.attr('p')
		if err != nil {
			return err
		}
		if typ != "tls-server-end-point" {
			return &AuthError{Code: CodeProtocolViolation, Message: fmt.Sprintf("unsupported SCRAM channel-binding type \"%s\"", sanitizeStr(typ))}
		}
	default:
		return malformed("Unexpected channel-binding flag \"%s\".", sanitizeChar(e.cbindFlag))
	}
	if r.peek() == 'a' {
		return &AuthError{Code: CodeFeatureNotSupported, Message: "client uses authorization identity, but it is not supported"}
	}
	if c := r.peek(); c != ',' {
		return malformed("Unexpected attribute \"%s\" in client-first-message.", sanitizeChar(c))
	}
	r.i++
	e.clientBare = in[r.i:]
	if r.peek() == 'm' {
		return &AuthError{Code: CodeFeatureNotSupported, Message: "client requires an unsupported SCRAM extension"}
	}
	if _, err := r.attr('n'); err != nil {
		return err
	}
	nonce, err := r.attr('r')
	if err != nil {
		return err
	}
	if !isPrintable(nonce) {
		return &AuthError{Code: CodeProtocolViolation, Message: "non-printable characters in SCRAM nonce"}
	}
	e.clientNonce = nonce
	// Optional extensions: none is supported, each must only be well formed.
	for r.i < len(r.s) {
		if _, _, err := r.anyAttr(); err != nil {
			return err
		}
	}
	return nil
}

// readClientFinal parses the client-final-message and returns the part the
// proof covers, the nonce and the 32-byte proof.
func (e *Exchange) readClientFinal(in string) (withoutProof, nonce string, proof []byte, aerr *AuthError) {
	r := &reader{s: in}
	cb, aerr := r.attr('c')
	if aerr != nil {
		return "", "", nil, aerr
	}
	if e.cbindInUse {
		want := base64.StdEncoding.EncodeToString(append([]byte(cbindHeader), e.cbind...))
		if subtle.ConstantTimeCompare([]byte(cb), []byte(want)) != 1 {
			return "", "", nil, &AuthError{Code: CodeInvalidAuthorization, Message: "SCRAM channel binding check failed"}
		}
	} else if !(cb == "biws" && e.cbindFlag == 'n') && !(cb == "eSws" && e.cbindFlag == 'y') {
		// "biws" is base64 of "n,,", "eSws" of "y,,": the header repeated.
		return "", "", nil, &AuthError{Code: CodeProtocolViolation, Message: "unexpected SCRAM channel-binding attribute in client-final-message"}
	}
	if nonce, aerr = r.attr('r'); aerr != nil {
		return "", "", nil, aerr
	}
	// Skip extensions up to the proof, which must come last.
	var proofAt int
	var value string
	for {
		proofAt = r.i - 1 // the comma before the attribute
		var name byte
		if name, value, aerr = r.anyAttr(); aerr != nil {
			return "", "", nil, aerr
		}
		if name == 'p' {
			break
		}
	}
	proof, ok := decodeBase64(value)
	if !ok || len(proof) != keyLen {
		return "", "", nil, malformed("Malformed proof in client-final-message.")
	}
	if r.i < len(r.s) {
		return "", "", nil, malformed("Garbage found at the end of client-final-message.")
	}
	return in[:proofAt], nonce, proof, nil
}
