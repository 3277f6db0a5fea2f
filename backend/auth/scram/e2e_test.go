package scram

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// testServer is a tiny PostgreSQL front door that authenticates one role
// with this package, the way the session startup will.
type testServer struct {
	method string // "scram-sha-256", "md5" or "password"
	roles  map[string]string
	tls    *tls.Config // nil: refuse SSLRequest
	cbind  []byte
	ln     net.Listener
	bound  chan bool // per connection: whether SCRAM used channel binding
}

func startServer(t *testing.T, s *testServer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.ln = ln
	s.bound = make(chan bool, 16)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return ln.Addr().String()
}

func (s *testServer) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	be := pgproto3.NewBackend(conn, conn)
	var cbind []byte
	var user string
	for user == "" {
		msg, err := be.ReceiveStartupMessage()
		if err != nil {
			return
		}
		switch m := msg.(type) {
		case *pgproto3.SSLRequest:
			if s.tls == nil {
				conn.Write([]byte("N"))
				continue
			}
			conn.Write([]byte("S"))
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, cbind = tc, s.cbind
			be = pgproto3.NewBackend(conn, conn)
		case *pgproto3.GSSEncRequest:
			conn.Write([]byte("N"))
		case *pgproto3.StartupMessage:
			user = m.Parameters["user"]
		default:
			return
		}
	}
	stored, exists := s.roles[user]
	err := s.authenticate(be, user, stored, exists, cbind)
	if err != nil {
		var ae *AuthError
		if !errors.As(err, &ae) {
			ae = &AuthError{Code: CodeProtocolViolation, Message: err.Error()}
		}
		be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", SeverityUnlocalized: "FATAL", Code: ae.Code, Message: ae.Message, Detail: ae.Detail})
		be.Flush()
		return
	}
	be.Send(&pgproto3.AuthenticationOk{})
	be.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
	be.Flush()
	be.Receive() // Terminate
}

func (s *testServer) authenticate(be *pgproto3.Backend, user, stored string, exists bool, cbind []byte) error {
	switch s.method {
	case "scram-sha-256":
		e := NewExchange(user, stored, exists, cbind)
		be.Send(&pgproto3.AuthenticationSASL{AuthMechanisms: e.Mechanisms()})
		if err := be.Flush(); err != nil {
			return err
		}
		if err := be.SetAuthType(pgproto3.AuthTypeSASL); err != nil {
			return err
		}
		msg, err := be.Receive()
		if err != nil {
			return err
		}
		init, ok := msg.(*pgproto3.SASLInitialResponse)
		if !ok {
			return fmt.Errorf("expected SASLInitialResponse, got %T", msg)
		}
		out, err := e.Start(init.AuthMechanism, init.Data)
		if err != nil {
			return err
		}
		be.Send(&pgproto3.AuthenticationSASLContinue{Data: out})
		if err := be.Flush(); err != nil {
			return err
		}
		if err := be.SetAuthType(pgproto3.AuthTypeSASLContinue); err != nil {
			return err
		}
		msg, err = be.Receive()
		if err != nil {
			return err
		}
		resp, ok := msg.(*pgproto3.SASLResponse)
		if !ok {
			return fmt.Errorf("expected SASLResponse, got %T", msg)
		}
		out, err = e.Continue(resp.Data)
		if err != nil {
			return err
		}
		if !e.Done() {
			return errors.New("exchange not done")
		}
		s.bound <- e.ChannelBound()
		be.Send(&pgproto3.AuthenticationSASLFinal{Data: out})
		return nil
	case "md5":
		salt := MD5Salt()
		be.Send(&pgproto3.AuthenticationMD5Password{Salt: salt})
		if err := be.Flush(); err != nil {
			return err
		}
		if err := be.SetAuthType(pgproto3.AuthTypeMD5Password); err != nil {
			return err
		}
		msg, err := be.Receive()
		if err != nil {
			return err
		}
		pw, ok := msg.(*pgproto3.PasswordMessage)
		if !ok {
			return fmt.Errorf("expected PasswordMessage, got %T", msg)
		}
		return CheckMD5(user, stored, exists, salt, pw.Password)
	default:
		be.Send(&pgproto3.AuthenticationCleartextPassword{})
		if err := be.Flush(); err != nil {
			return err
		}
		if err := be.SetAuthType(pgproto3.AuthTypeCleartextPassword); err != nil {
			return err
		}
		msg, err := be.Receive()
		if err != nil {
			return err
		}
		pw, ok := msg.(*pgproto3.PasswordMessage)
		if !ok {
			return fmt.Errorf("expected PasswordMessage, got %T", msg)
		}
		return CheckPassword(user, stored, exists, pw.Password)
	}
}

func connect(t *testing.T, addr, user, password, sslmode string) error {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, fmt.Sprintf("host=%s port=%s user=%s password=%s dbname=x sslmode=%s", host, port, user, password, sslmode))
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

func wantSQLState(t *testing.T, err error, code, message string) {
	t.Helper()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a server error %s", err, code)
	}
	if pe.Code != code || pe.Message != message {
		t.Fatalf("got %s %q, want %s %q", pe.Code, pe.Message, code, message)
	}
}

// TestPgxClient authenticates pgx's real client against every method and
// verifier kind: the right password succeeds; a wrong one and an unknown
// role get the same 28P01.
func TestPgxClient(t *testing.T) {
	scramV, err := NewSCRAMVerifier("pencil", 0)
	if err != nil {
		t.Fatal(err)
	}
	md5V := MD5Verifier("pencil", "u")
	for _, c := range []struct {
		method, stored string
		ok             bool // whether the right password is accepted
	}{
		{"scram-sha-256", scramV, true},
		{"scram-sha-256", md5V, false}, // SCRAM cannot use an md5 verifier: mock exchange
		{"md5", md5V, true},
		{"md5", scramV, false},
		{"password", scramV, true},
		{"password", md5V, true},
		{"password", "pencil", true},
	} {
		t.Run(c.method+"/"+c.stored[:3], func(t *testing.T) {
			addr := startServer(t, &testServer{method: c.method, roles: map[string]string{"u": c.stored}})
			fail := `password authentication failed for user "u"`
			err := connect(t, addr, "u", "pencil", "disable")
			if c.ok && err != nil {
				t.Fatalf("right password: %v", err)
			}
			if !c.ok {
				wantSQLState(t, err, "28P01", fail)
			}
			wantSQLState(t, connect(t, addr, "u", "pencil2", "disable"), "28P01", fail)
			wantSQLState(t, connect(t, addr, "nobody", "pencil", "disable"), "28P01", `password authentication failed for user "nobody"`)
		})
	}
}

// TestPgxChannelBinding: over TLS pgx picks SCRAM-SHA-256-PLUS and binds to
// the server certificate; the exchange checks the binding.
func TestPgxChannelBinding(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	// tls-server-end-point: the certificate's hash with its signature's
	// hash function, SHA-256 for ECDSA-with-SHA256.
	hash := sha256.Sum256(der)
	scramV, err := NewSCRAMVerifier("pencil", 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := &testServer{
		method: "scram-sha-256",
		roles:  map[string]string{"u": scramV},
		tls:    &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		cbind:  hash[:],
	}
	addr := startServer(t, srv)
	if err := connect(t, addr, "u", "pencil", "require"); err != nil {
		t.Fatal(err)
	}
	if !<-srv.bound {
		t.Fatal("pgx did not use SCRAM-SHA-256-PLUS over TLS")
	}
	wantSQLState(t, connect(t, addr, "u", "pencil2", "require"), "28P01", `password authentication failed for user "u"`)

	// A server that hashes another certificate: the binding check fails.
	other := sha256.Sum256([]byte("another certificate"))
	srv.cbind = other[:]
	wantSQLState(t, connect(t, addr, "u", "pencil", "require"), "28000", "SCRAM channel binding check failed")
}
