package session

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"ringpg/backend/auth/hba"
	"ringpg/backend/auth/scram"
	"ringpg/loop/sockio"
	"ringpg/pgerr"
	"ringpg/serverlog"
)

// Client authentication (PostgreSQL's ClientAuthentication): the first
// pg_hba.conf rule that matches the connection decides the method; trust
// lets the client in, reject and a missing rule refuse it (28000), the
// password methods run their exchange (backend/auth/scram) against the
// role's stored verifier. A role that does not exist, has no password or
// whose VALID UNTIL has passed fails exactly as a wrong password does
// (28P01), so a client cannot tell them apart. The whole exchange is
// bounded by authentication_timeout.
//
// Client certificates: a hostssl rule with clientcert=verify-ca or
// verify-full, and every cert rule, requires a certificate verified against
// ssl_ca_file; verify-full and cert then require its CN (or, with
// clientname=DN, its subject) to be the role's name, or with map= (cert
// rules only) to map to it in pg_ident.conf.

// conn describes the session's connection for pg_hba.conf.
func (s *Session) conn() hba.Conn {
	c := hba.Conn{Database: s.database, User: s.user, SSL: s.env.SSL}
	host, _, err := net.SplitHostPort(s.env.Remote)
	ip := net.ParseIP(host)
	if err != nil || ip == nil {
		c.Local = true
	} else {
		c.Addr = ip
	}
	if e := s.env.Engine; e != nil {
		c.IsMember = func(role string) bool { return e.RoleIsMember(s.user, role) }
	}
	if c.Addr != nil && s.env.HBA != nil && needsServerNets(s.env.HBA) {
		nets, err := hba.InterfaceNets()
		if err != nil {
			serverlog.Printf("error enumerating network interfaces: %v", err)
		}
		c.ServerNets = nets
	}
	return c
}

// needsServerNets says whether a rule of f uses samehost or samenet, which
// need the server's interface addresses.
func needsServerNets(f *hba.File) bool {
	for i := range f.Rules {
		if m := f.Rules[i].AddrMatch; m == hba.AddrSameHost || m == hba.AddrSameNet {
			return true
		}
	}
	return false
}

// hostDesc is how PostgreSQL names the client in authentication errors.
func hostDesc(c hba.Conn) string {
	if c.Local {
		return "[local]"
	}
	return c.Addr.String()
}

// authenticate runs the authentication pg_hba.conf asks for. It returns a
// FATAL error when the client may not go on.
func (s *Session) authenticate() error {
	if s.env.HBA == nil {
		return nil // no rules: the protocol tests, which have no catalog either
	}
	c := s.conn()
	rule := s.env.HBA.Match(c)
	if rule == nil {
		return hba.NoEntryError(c)
	}
	clientCert := rule.Options["clientcert"] // verify-full for every cert rule
	if clientCert != "" {
		if !verifiesClients(s.wire.t) {
			return pgerr.Fatal(configFileError, "client certificates can only be checked if a root certificate store is available")
		}
		if peerCertificate(s.wire.t) == nil {
			return pgerr.Fatal(pgerr.InvalidAuthorizationSpec, "connection requires a valid client certificate")
		}
	}
	var err error
	switch rule.Method {
	case hba.MethodTrust, hba.MethodCert:
	case hba.MethodReject:
		enc := "no encryption"
		if c.SSL {
			enc = "SSL encryption"
		}
		return pgerr.Fatal(pgerr.InvalidAuthorizationSpec, "pg_hba.conf rejects connection for host \"%s\", user \"%s\", database \"%s\", %s",
			hostDesc(c), s.user, s.database, enc)
	case hba.MethodMD5, hba.MethodSCRAM, hba.MethodPassword:
		err = s.passwordAuth(rule.Method)
	default:
		return pgerr.Fatal(pgerr.InvalidAuthorizationSpec, "authentication method \"%s\" is not supported", rule.Method)
	}
	if err == nil && clientCert == "verify-full" && !s.certMatches(rule) {
		return certAuthFailed(rule.Method, s.user)
	}
	return err
}

// configFileError is SQLSTATE F0000, which PostgreSQL gives a rule it
// cannot apply.
const configFileError = "F0000"

// certMatches checks the client certificate's name against the role, as
// PostgreSQL's CheckCertAuth does, and logs why it does not match.
func (s *Session) certMatches(rule *hba.Rule) bool {
	cert := peerCertificate(s.wire.t)
	if cert == nil {
		return false
	}
	name, what := cert.Subject.CommonName, "CN"
	if rule.Options["clientname"] == "DN" {
		name, what = cert.Subject.String(), "DN"
	}
	if name == "" {
		serverlog.Printf("certificate authentication failed for user \"%s\": client certificate contains no user name", s.user)
		return false
	}
	if m := rule.Options["map"]; m != "" {
		ok, why := s.env.Ident.CheckMap(m, s.user, name, false)
		if !ok {
			serverlog.Printf("%s", why)
		}
		return ok
	}
	if name == s.user {
		return true
	}
	serverlog.Printf("provided user name (%s) and authenticated user name (%s) do not match", s.user, name)
	if rule.Method != hba.MethodCert {
		serverlog.Printf("certificate validation (clientcert=verify-full) failed for user \"%s\": %s mismatch", s.user, what)
	}
	return false
}

// certAuthFailed is PostgreSQL's answer when the certificate check that
// follows a method fails: the method's own failure message.
func certAuthFailed(method hba.Method, user string) error {
	switch method {
	case hba.MethodCert:
		return pgerr.Fatal(pgerr.InvalidAuthorizationSpec, "certificate authentication failed for user \"%s\"", user)
	case hba.MethodTrust:
		return pgerr.Fatal(pgerr.InvalidAuthorizationSpec, "\"trust\" authentication failed for user \"%s\"", user)
	}
	return authFailed(user)
}

// authFailed is the one answer to every failed password authentication,
// whatever the method and whatever went wrong.
func authFailed(user string) error {
	return pgerr.Fatal(pgerr.InvalidPassword, "password authentication failed for user \"%s\"", user)
}

// passwordAuth runs a password exchange of the given method.
func (s *Session) passwordAuth(method hba.Method) error {
	role, err := s.env.Engine.RoleForLogin(s.user)
	if err != nil {
		return fatal(err)
	}
	stored, exists := "", role != nil
	if role != nil {
		stored = role.Password
		if role.HasValidUntil && role.ValidUntil < micros2000(time.Now()) {
			serverlog.Printf("User \"%s\" has an expired password.", s.user)
			exists = false
		}
	}
	if tt, ok := s.wire.t.(interface{ SetRecvTimeout(time.Duration) }); ok {
		tt.SetRecvTimeout(s.env.Settings.AuthenticationTimeout())
		defer tt.SetRecvTimeout(0)
	}
	// An md5 rule for a role whose password is a SCRAM verifier runs
	// SCRAM, as PostgreSQL does.
	if method == hba.MethodMD5 && strings.HasPrefix(stored, "SCRAM-SHA-256$") {
		method = hba.MethodSCRAM
	}
	switch method {
	case hba.MethodSCRAM:
		err = s.scramAuth(stored, exists)
	case hba.MethodMD5:
		salt := scram.MD5Salt()
		s.be.Send(&pgproto3.AuthenticationMD5Password{Salt: salt})
		var pw string
		if pw, err = s.readPassword(pgproto3.AuthTypeMD5Password); err == nil {
			err = scram.CheckMD5(s.user, stored, exists, salt, pw)
		}
	default:
		s.be.Send(&pgproto3.AuthenticationCleartextPassword{})
		var pw string
		if pw, err = s.readPassword(pgproto3.AuthTypeCleartextPassword); err == nil {
			if pw == "" {
				err = pgerr.Fatal(pgerr.InvalidPassword, "empty password returned by client")
			} else {
				err = scram.CheckPassword(s.user, stored, exists, pw)
			}
		}
	}
	if err == nil {
		return nil
	}
	var ae *scram.AuthError
	if errors.As(err, &ae) {
		if ae.LogDetail != "" {
			serverlog.Printf("%s", ae.LogDetail)
		}
		if ae.Code == scram.CodeInvalidPassword {
			return authFailed(s.user)
		}
		e := pgerr.Fatal(ae.Code, "%s", ae.Message)
		if ae.Detail != "" {
			e = e.WithDetail("%s", ae.Detail)
		}
		return e
	}
	return err
}

// readPassword reads a PasswordMessage after an authentication request
// of type authType.
func (s *Session) readPassword(authType uint32) (string, error) {
	if err := s.be.SetAuthType(authType); err != nil {
		return "", err
	}
	msg, err := s.receiveAuth()
	if err != nil {
		return "", s.authReadError(err)
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return "", pgerr.Fatal(pgerr.ProtocolViolation, "expected password response, got message type %d", msgType(msg))
	}
	return pm.Password, nil
}

// scramAuth runs a SASL exchange: AuthenticationSASL, the client's
// initial response, then continue messages until the exchange is done.
func (s *Session) scramAuth(stored string, exists bool) error {
	ex := scram.NewExchange(s.user, stored, exists, nil)
	s.be.Send(&pgproto3.AuthenticationSASL{AuthMechanisms: ex.Mechanisms()})
	if err := s.be.SetAuthType(pgproto3.AuthTypeSASL); err != nil {
		return err
	}
	msg, err := s.receiveAuth()
	if err != nil {
		return s.authReadError(err)
	}
	init, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return pgerr.Fatal(pgerr.ProtocolViolation, "expected SASL response, got message type %d", msgType(msg))
	}
	out, err := ex.Start(init.AuthMechanism, init.Data)
	for err == nil && !ex.Done() {
		s.be.Send(&pgproto3.AuthenticationSASLContinue{Data: out})
		if err = s.be.SetAuthType(pgproto3.AuthTypeSASLContinue); err != nil {
			return err
		}
		if msg, err = s.receiveAuth(); err != nil {
			return s.authReadError(err)
		}
		resp, ok := msg.(*pgproto3.SASLResponse)
		if !ok {
			return pgerr.Fatal(pgerr.ProtocolViolation, "expected SASL response, got message type %d", msgType(msg))
		}
		out, err = ex.Continue(resp.Data)
	}
	if err != nil {
		return err
	}
	s.be.Send(&pgproto3.AuthenticationSASLFinal{Data: out})
	return nil
}

// receiveAuth sends what is queued (the authentication request) and
// reads the client's answer.
func (s *Session) receiveAuth() (pgproto3.FrontendMessage, error) {
	if err := s.be.Flush(); err != nil {
		return nil, err
	}
	return s.be.Receive()
}

// authReadError is what a failed read during authentication means: the
// client went away (PostgreSQL logs nothing for that) or stalled past
// authentication_timeout.
func (s *Session) authReadError(err error) error {
	if errors.Is(err, sockio.ErrTimeout) {
		return pgerr.Fatal(pgerr.QueryCanceled, "canceling authentication due to timeout")
	}
	return fmt.Errorf("client went away during authentication: %w", err)
}

// micros2000 converts a time to microseconds since 2000-01-01 UTC.
func micros2000(t time.Time) int64 {
	return t.Sub(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).Microseconds()
}
