package session

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"ringpg/loop/startup"
	"ringpg/shm"
)

// TLS for a client that sent an SSLRequest: the postmaster answered 'S' and
// handed the connection over at once, so the backend performs the handshake
// and reads the startup packet inside TLS. crypto/tls wants a net.Conn;
// rawConn makes the session's Transport (io_uring or plain system calls) look
// like one, and tlsTransport puts the Transport interface back on top of the
// resulting *tls.Conn, so the rest of the session does not know.
//
// rawConn keeps the one-system-call round trip of the plain path: what
// crypto/tls writes accumulates in out and goes out with the next wait for
// input (Transport.SendRecv), or at the latest when the session flushes
// (tlsTransport.Send). Everything runs on the session's goroutine; none of
// these types may be shared.

// rawConn is a net.Conn over a Transport, for crypto/tls.
type rawConn struct {
	t       Transport
	pending []byte // bytes the client sent before the hand-off, read first
	out     []byte // TLS records written, not yet sent
}

func (c *rawConn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	if len(c.out) == 0 {
		return c.t.Recv(p)
	}
	n, err := c.t.SendRecv(c.out, p)
	c.out = c.out[:0]
	return n, err
}

func (c *rawConn) Write(b []byte) (int, error) {
	c.out = append(c.out, b...)
	return len(b), nil
}

// flush sends what crypto/tls has written.
func (c *rawConn) flush() error {
	if len(c.out) == 0 {
		return nil
	}
	err := c.t.Send(c.out)
	c.out = c.out[:0]
	return err
}

// Close flushes (a close_notify alert); the socket itself belongs to the
// caller of Serve, which closes the underlying Transport.
func (c *rawConn) Close() error { return c.flush() }

func (c *rawConn) LocalAddr() net.Addr  { return tlsAddr{} }
func (c *rawConn) RemoteAddr() net.Addr { return tlsAddr{} }

// SetDeadline and SetReadDeadline map a read deadline to the Transport's
// receive timeout; writes are never bounded (a send waits for the kernel's
// buffer, as on the plain path).
func (c *rawConn) SetDeadline(t time.Time) error    { return c.SetReadDeadline(t) }
func (c *rawConn) SetWriteDeadline(time.Time) error { return nil }
func (c *rawConn) SetReadDeadline(t time.Time) error {
	tt, ok := c.t.(interface{ SetRecvTimeout(time.Duration) })
	if !ok {
		return nil
	}
	if t.IsZero() {
		tt.SetRecvTimeout(0)
		return nil
	}
	d := time.Until(t)
	if d <= 0 {
		d = time.Nanosecond
	}
	tt.SetRecvTimeout(d)
	return nil
}

type tlsAddr struct{}

func (tlsAddr) Network() string { return "tcp" }
func (tlsAddr) String() string  { return "client" }

// tlsTransport is a Transport over a TLS connection.
type tlsTransport struct {
	raw *rawConn
	tc  *tls.Conn
	// verifying says the server asks for client certificates (ssl_ca_file
	// is set), so one the client sent has been verified.
	verifying bool
}

func (t *tlsTransport) Recv(buf []byte) (int, error) { return t.tc.Read(buf) }

func (t *tlsTransport) Send(b []byte) error {
	if _, err := t.tc.Write(b); err != nil {
		return err
	}
	return t.raw.flush()
}

// SendRecv encrypts out, then waits for input: the records go out in the
// same call as the wait (rawConn.Read).
func (t *tlsTransport) SendRecv(out, in []byte) (int, error) {
	if _, err := t.tc.Write(out); err != nil {
		return 0, err
	}
	return t.tc.Read(in)
}

// SetRecvTimeout bounds each later wait for data, as the plain Transport's.
func (t *tlsTransport) SetRecvTimeout(d time.Duration) {
	if tt, ok := t.raw.t.(interface{ SetRecvTimeout(time.Duration) }); ok {
		tt.SetRecvTimeout(d)
	}
}

// Close sends close_notify; the underlying Transport stays open for its
// owner to close.
func (t *tlsTransport) Close() error { return t.tc.Close() }

// ConnectionState describes the negotiated TLS session.
func (t *tlsTransport) ConnectionState() tls.ConnectionState { return t.tc.ConnectionState() }

// StartTLS performs the TLS handshake on t for a client whose SSLRequest
// was accepted (pending: what it sent after the request, before the
// hand-off), then reads its startup packet inside TLS with the postmaster's
// decoder and size limit. timeout bounds the handshake and the packet
// together (authentication_timeout; 0: no bound) and is cleared on return.
//
// It returns the Transport for the rest of the session, the startup packet
// and any bytes read after it, for Serve, which refuses (inside TLS) a
// packet the postmaster would refuse, and a second SSLRequest. Other
// failures (a failed handshake, an impossible length, a CancelRequest)
// return a nil Transport and an error in PostgreSQL's words for the log,
// one that matches io.EOF when the client left without a word; the caller
// closes the socket.
func StartTLS(t Transport, pending []byte, cfg *tls.Config, timeout time.Duration) (Transport, []byte, []byte, error) {
	raw := &rawConn{t: t, pending: pending}
	if tt, ok := t.(interface{ SetRecvTimeout(time.Duration) }); ok && timeout > 0 {
		tt.SetRecvTimeout(timeout)
		defer tt.SetRecvTimeout(0)
	}
	tc := tls.Server(raw, cfg)
	if err := tc.Handshake(); err != nil {
		raw.flush() // the alert, if crypto/tls wrote one
		if errors.Is(err, io.EOF) {
			err = errors.New("EOF detected")
		}
		return nil, nil, nil, fmt.Errorf("could not accept SSL connection: %v", err)
	}
	sec := &tlsTransport{raw: raw, tc: tc, verifying: cfg.ClientCAs != nil}
	var buf []byte
	chunk := make([]byte, 4096)
	for {
		pkt, n, err := startup.Parse(buf)
		switch {
		case errors.Is(err, startup.ErrIncomplete):
			m, rerr := tc.Read(chunk)
			buf = append(buf, chunk[:m]...)
			switch {
			case m > 0 || rerr == nil:
				continue
			case errors.Is(rerr, io.EOF) && len(buf) == 0:
				// PostgreSQL says nothing about a client that leaves
				// before its startup packet.
				return nil, nil, nil, io.EOF
			}
			return nil, nil, nil, fmt.Errorf("incomplete startup packet: %v", rerr)
		case errors.Is(err, startup.ErrInvalidLength):
			return nil, nil, nil, startup.ErrInvalidLength
		}
		if pkt.Kind == startup.KindCancel {
			// PostgreSQL honours a CancelRequest inside TLS; here cancels
			// are routed by the postmaster, and libpq sends them in the
			// clear.
			return nil, nil, nil, errors.New("CancelRequest inside TLS is not supported")
		}
		return sec, buf[:n:n], buf[n:], nil
	}
}

// tlsLogSuffix is what log_connections adds for a TLS session, as
// PostgreSQL does: " SSL enabled (protocol=TLSv1.3, cipher=..., bits=256)".
// It is empty for a plain session.
func tlsLogSuffix(t Transport) string {
	if _, ok := t.(*tlsTransport); !ok {
		return ""
	}
	st := tlsStatus(t)
	return fmt.Sprintf(" SSL enabled (protocol=%s, cipher=%s, bits=%d)", st.Version, st.Cipher, st.Bits)
}

// client describes the session's client for pg_stat_activity and
// pg_stat_ssl: its address and port (-1 for a Unix socket) and its TLS.
func (s *Session) client() shm.Client {
	c := shm.Client{Port: -1, SSL: tlsStatus(s.wire.t)}
	host, port, err := net.SplitHostPort(s.env.Remote)
	if ip := net.ParseIP(host); err == nil && ip != nil {
		c.Addr = ip.String()
		if n, err := strconv.Atoi(port); err == nil {
			c.Port = int32(n)
		}
	}
	return c
}

// tlsStatus describes a session's TLS for pg_stat_ssl; the zero value for
// a plain session.
func tlsStatus(t Transport) shm.SSLStatus {
	tt, ok := t.(*tlsTransport)
	if !ok {
		return shm.SSLStatus{}
	}
	st := tt.tc.ConnectionState()
	name := cipherName(st.CipherSuite)
	bits := int32(128)
	if strings.Contains(name, "AES256") || strings.Contains(name, "AES_256") || strings.Contains(name, "CHACHA20") {
		bits = 256
	}
	out := shm.SSLStatus{SSL: true, Version: tlsVersionName(st.Version), Cipher: name, Bits: bits}
	if c := peerCertificate(t); c != nil {
		out.ClientDN = onelineName(c.Subject)
		out.ClientSerial = c.SerialNumber.String()
		out.IssuerDN = onelineName(c.Issuer)
	}
	return out
}

// peerCertificate returns the client's certificate, verified against
// ssl_ca_file, or nil when the client sent none, the server did not ask
// for one, or the session is not TLS.
func peerCertificate(t Transport) *x509.Certificate {
	tt, ok := t.(*tlsTransport)
	if !ok || !tt.verifying {
		return nil
	}
	if certs := tt.tc.ConnectionState().PeerCertificates; len(certs) > 0 {
		return certs[0]
	}
	return nil
}

// verifiesClients says whether the session's TLS configuration asked for
// client certificates (ssl_ca_file set).
func verifiesClients(t Transport) bool {
	tt, ok := t.(*tlsTransport)
	return ok && tt.verifying
}

// attrNames are OpenSSL's short names of the usual name attributes.
var attrNames = map[string]string{
	"2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L",
	"2.5.4.8": "ST", "2.5.4.9": "street", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.12": "title",
	"2.5.4.17": "postalCode", "2.5.4.42": "GN", "1.2.840.113549.1.9.1": "emailAddress",
	"0.9.2342.19200300.100.1.1": "UID", "0.9.2342.19200300.100.1.25": "DC",
}

// onelineName spells a distinguished name as PostgreSQL shows it in
// pg_stat_ssl: "/C=FR/O=Example/CN=alice", attributes in certificate order.
func onelineName(n pkix.Name) string {
	var b strings.Builder
	for _, a := range n.Names {
		key := a.Type.String()
		if short, ok := attrNames[key]; ok {
			key = short
		}
		fmt.Fprintf(&b, "/%s=%v", key, a.Value)
	}
	return b.String()
}

// opensslCiphers maps crypto/tls's names of TLS 1.2 suites to OpenSSL's,
// which PostgreSQL reports; TLS 1.3 suites have the same name in both.
var opensslCiphers = map[uint16]string{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:       "ECDHE-ECDSA-AES128-GCM-SHA256",
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:       "ECDHE-ECDSA-AES256-GCM-SHA384",
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:         "ECDHE-RSA-AES128-GCM-SHA256",
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:         "ECDHE-RSA-AES256-GCM-SHA384",
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-ECDSA-CHACHA20-POLY1305",
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:   "ECDHE-RSA-CHACHA20-POLY1305",
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:          "ECDHE-ECDSA-AES128-SHA",
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:          "ECDHE-ECDSA-AES256-SHA",
	tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:            "ECDHE-RSA-AES128-SHA",
	tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:            "ECDHE-RSA-AES256-SHA",
	tls.TLS_RSA_WITH_AES_128_GCM_SHA256:               "AES128-GCM-SHA256",
	tls.TLS_RSA_WITH_AES_256_GCM_SHA384:               "AES256-GCM-SHA384",
	tls.TLS_RSA_WITH_AES_128_CBC_SHA:                  "AES128-SHA",
	tls.TLS_RSA_WITH_AES_256_CBC_SHA:                  "AES256-SHA",
}

// cipherName names a cipher suite as OpenSSL does.
func cipherName(id uint16) string {
	if n, ok := opensslCiphers[id]; ok {
		return n
	}
	return tls.CipherSuiteName(id)
}

// tlsVersionName spells a protocol version as PostgreSQL's settings do.
func tlsVersionName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}
