package scram

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"io"
	"strconv"
	"sync"
)

const (
	// MechanismSCRAM and MechanismSCRAMPlus are the SASL mechanism names.
	MechanismSCRAM     = "SCRAM-SHA-256"
	MechanismSCRAMPlus = "SCRAM-SHA-256-PLUS"

	rawNonceLen = 18 // SCRAM_RAW_NONCE_LEN
	cbindHeader = "p=tls-server-end-point,,"
)

type exchangeState int

const (
	stateInit     exchangeState = iota // waiting for client-first-message
	stateSaltSent                      // server-first-message sent
	stateDone                          // succeeded
	stateFailed                        // an error was returned; nothing more is accepted
)

// Exchange is one SASL authentication in progress. It is used by one
// connection at a time.
type Exchange struct {
	user   string
	cbind  []byte // tls-server-end-point hash, nil without TLS
	secret scramSecret
	// doomed: the exchange is a mock one and fails at the end whatever the
	// proof; logDetail says why, for the server log.
	doomed    bool
	logDetail string

	state       exchangeState
	started     bool // Start was called (a mechanism is chosen)
	cbindInUse  bool // the client chose SCRAM-SHA-256-PLUS
	cbindFlag   byte // 'n', 'y' or 'p'
	clientBare  string
	clientNonce string
	serverNonce string
	serverFirst string

	// rand is the source of the server nonce; nonce, when set, replaces it
	// (tests use the fixed nonces of RFC 7677).
	rand  io.Reader
	nonce func() (string, error)
}

var (
	mockSecretOnce sync.Once
	mockSecret     [32]byte
)

// mockSalt derives a salt for a role that has no SCRAM verifier from the
// user name and a per-process secret: the same name always gets the same
// salt, so a client probing names cannot tell a mock exchange from a real
// one, and it cannot compute the salt itself.
func mockSalt(user string) []byte {
	mockSecretOnce.Do(func() {
		rand.Read(mockSecret[:]) // crypto/rand.Read never returns an error
	})
	h := sha256.New()
	h.Write([]byte(user))
	h.Write(mockSecret[:])
	return h.Sum(nil)[:saltLen]
}

// NewExchange starts a SCRAM-SHA-256 exchange for user, whose
// pg_authid.rolpassword is stored. For a role that does not exist
// (exists=false), has no password (stored="") or has an md5 or plaintext
// one, the exchange is a mock: it runs to the end with a deterministic fake
// salt and fails there like a wrong password. cbind is the
// tls-server-end-point hash of the server certificate when the connection
// uses TLS, else nil.
func NewExchange(user, stored string, exists bool, cbind []byte) *Exchange {
	e := &Exchange{user: user, cbind: cbind, rand: rand.Reader}
	var ok bool
	if exists && stored != "" {
		e.secret, ok = parseSCRAMSecret(stored)
		if !ok {
			e.logDetail = "User \"" + user + "\" does not have a valid SCRAM secret."
		}
	}
	if !ok {
		salt := mockSalt(user)
		e.secret = scramSecret{
			iterations: DefaultIterations,
			salt:       base64.StdEncoding.EncodeToString(salt),
			rawSalt:    salt,
			storedKey:  make([]byte, keyLen),
			serverKey:  make([]byte, keyLen),
		}
		e.doomed = true
	}
	return e
}

// Mechanisms lists the SASL mechanisms for AuthenticationSASL, the
// channel-binding one first when the connection uses TLS.
func (e *Exchange) Mechanisms() []string {
	if e.cbind != nil {
		return []string{MechanismSCRAMPlus, MechanismSCRAM}
	}
	return []string{MechanismSCRAM}
}

// Done reports whether the exchange succeeded: Continue returned the
// server-final-message without error. The caller then sends
// AuthenticationSASLFinal with it, and AuthenticationOk.
func (e *Exchange) Done() bool { return e.state == stateDone }

// ChannelBound reports whether the exchange used SCRAM-SHA-256-PLUS.
func (e *Exchange) ChannelBound() bool { return e.cbindInUse }

// Start handles SASLInitialResponse: the mechanism the client chose and its
// client-first-message. clientFirst nil means the message carried no
// initial response (length -1); Start then returns an empty challenge and
// the client-first-message comes in the next SASLResponse, to Continue.
// Otherwise it returns the server-first-message for
// AuthenticationSASLContinue.
func (e *Exchange) Start(mechanism string, clientFirst []byte) ([]byte, error) {
	if e.started || e.state != stateInit {
		return nil, e.fail(&AuthError{Code: CodeInternalError, Message: "invalid SCRAM exchange state"})
	}
	e.started = true
	switch {
	case mechanism == MechanismSCRAMPlus && e.cbind != nil:
		e.cbindInUse = true
	case mechanism == MechanismSCRAM:
	default:
		return nil, e.fail(&AuthError{Code: CodeProtocolViolation, Message: "client selected an invalid SASL authentication mechanism"})
	}
	if clientFirst == nil {
		return []byte{}, nil
	}
	return e.first(clientFirst)
}

// Continue handles SASLResponse. After Start it takes the
// client-final-message and returns the server-final-message ("v=...") for
// AuthenticationSASLFinal; a wrong proof or the end of a mock exchange
// return the 28P01 error and no message.
func (e *Exchange) Continue(msg []byte) ([]byte, error) {
	switch {
	case e.started && e.state == stateInit:
		return e.first(msg)
	case e.state == stateSaltSent:
		return e.final(msg)
	}
	return nil, e.fail(&AuthError{Code: CodeInternalError, Message: "invalid SCRAM exchange state"})
}

func (e *Exchange) fail(err *AuthError) error {
	e.state = stateFailed
	return err
}

// checkInput applies PostgreSQL's checks to a message before parsing: it is
// a C string there, so an empty one or one with a NUL byte is malformed.
func checkInput(msg []byte) (string, *AuthError) {
	if len(msg) == 0 {
		return "", malformed("The message is empty.")
	}
	for _, c := range msg {
		if c == 0 {
			return "", malformed("Message length does not match input length.")
		}
	}
	return string(msg), nil
}

func (e *Exchange) first(msg []byte) ([]byte, error) {
	in, aerr := checkInput(msg)
	if aerr == nil {
		aerr = e.readClientFirst(in)
	}
	if aerr != nil {
		return nil, e.fail(aerr)
	}
	nonce, err := e.newNonce()
	if err != nil {
		return nil, e.fail(&AuthError{Code: CodeInternalError, Message: "could not generate random nonce", LogDetail: err.Error()})
	}
	e.serverNonce = nonce
	e.serverFirst = "r=" + e.clientNonce + e.serverNonce + ",s=" + e.secret.salt + ",i=" + strconv.Itoa(e.secret.iterations)
	e.state = stateSaltSent
	return []byte(e.serverFirst), nil
}

func (e *Exchange) newNonce() (string, error) {
	if e.nonce != nil {
		return e.nonce()
	}
	raw := make([]byte, rawNonceLen)
	if _, err := io.ReadFull(e.rand, raw); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(raw), nil
}

func (e *Exchange) final(msg []byte) ([]byte, error) {
	in, aerr := checkInput(msg)
	if aerr != nil {
		return nil, e.fail(aerr)
	}
	withoutProof, finalNonce, proof, aerr := e.readClientFinal(in)
	if aerr != nil {
		return nil, e.fail(aerr)
	}
	if !e.verifyNonce(finalNonce) {
		return nil, e.fail(&AuthError{Code: CodeProtocolViolation, Message: "invalid SCRAM response", Detail: "Nonce does not match."})
	}
	authMessage := []string{e.clientBare, ",", e.serverFirst, ",", withoutProof}
	// The proof is checked even in a mock exchange, so that its timing does
	// not tell whether the role exists.
	clientSignature := hmacSHA256(e.secret.storedKey, authMessage...)
	clientKey := make([]byte, keyLen)
	for i := range clientKey {
		clientKey[i] = proof[i] ^ clientSignature[i]
	}
	got := sha256.Sum256(clientKey)
	if subtle.ConstantTimeCompare(got[:], e.secret.storedKey) != 1 || e.doomed {
		detail := e.logDetail
		if detail == "" && !e.doomed {
			detail = "Password does not match for user \"" + e.user + "\"."
		}
		return nil, e.fail(authFailed(e.user, detail))
	}
	serverSignature := hmacSHA256(e.secret.serverKey, authMessage...)
	e.state = stateDone
	return []byte("v=" + base64.StdEncoding.EncodeToString(serverSignature)), nil
}

// verifyNonce checks that the final nonce is the client nonce followed by
// the server nonce, in constant time for equal lengths.
func (e *Exchange) verifyNonce(final string) bool {
	if len(final) != len(e.clientNonce)+len(e.serverNonce) {
		return false
	}
	c := subtle.ConstantTimeCompare([]byte(final[:len(e.clientNonce)]), []byte(e.clientNonce))
	s := subtle.ConstantTimeCompare([]byte(final[len(e.clientNonce):]), []byte(e.serverNonce))
	return c&s == 1
}
