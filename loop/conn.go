package loop

import (
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/panjf2000/gnet/v2"
	"golang.org/x/sys/unix"

	"ringpg/backend/tlsconf"
	"ringpg/loop/handoff"
	"ringpg/loop/startup"
	"ringpg/pgerr"
	"ringpg/serverlog"
	"ringpg/settings"
)

// client is the event loop's record of a connection that has not been handed
// to a backend yet. Owned by the loop goroutine.
type client struct {
	opened  time.Time
	ssl     bool   // an SSLRequest was answered
	gss     bool   // a GSSENCRequest was answered
	tls     bool   // the SSLRequest was answered 'S': hand off before any startup packet
	packet  []byte // the startup packet, once complete
	pending bool   // counted in pm.sessions and queued in pm.pending
}

// handler is the gnet event handler. gnet calls OnOpen, OnTraffic and
// OnClose on the event loop goroutine but OnTick on a ticker goroutine of
// its own, so mu guards the connection table and every client in it. Lock
// order: handler.mu before Postmaster.mu, never the reverse.
type handler struct {
	gnet.BuiltinEventEngine
	pm    *Postmaster
	mu    sync.Mutex
	conns map[gnet.Conn]*client // guarded by mu

	// Whether an SSLRequest is answered 'S', decided from the settings
	// blob sslBlob (the postmaster's, at start and after each reload).
	sslBlob []byte // guarded by mu
	sslOn   bool   // guarded by mu
}

func (h *handler) OnBoot(eng gnet.Engine) gnet.Action {
	h.pm.eng = eng
	h.mu.Lock()
	h.sslEnabledLocked() // load the certificate now rather than for the first client
	h.mu.Unlock()
	close(h.pm.booted)
	if !h.pm.cfg.Startup { // else once the startup process has succeeded
		serverlog.Printf("database system is ready to accept connections")
		h.pm.pidFile.setStatus("ready")
	}
	return gnet.None
}

func (h *handler) OnOpen(c gnet.Conn) ([]byte, gnet.Action) {
	cl := &client{opened: time.Now()}
	h.mu.Lock()
	h.conns[c] = cl
	h.mu.Unlock()
	return nil, gnet.None
}

func (h *handler) OnClose(c gnet.Conn, _ error) gnet.Action {
	h.mu.Lock()
	defer h.mu.Unlock()
	cl, ok := h.conns[c]
	if !ok {
		return gnet.None
	}
	delete(h.conns, c)
	if cl.pending {
		h.pm.dropPending(c)
	}
	return gnet.None
}

// OnTick closes connections that have not completed their startup within
// authentication_timeout.
func (h *handler) OnTick() (time.Duration, gnet.Action) {
	limit := h.pm.cfg.AuthTimeout
	if limit <= 0 {
		limit = time.Minute
	}
	now := time.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	for c, cl := range h.conns {
		if now.Sub(cl.opened) > limit {
			delete(h.conns, c)
			if cl.pending {
				h.pm.dropPending(c)
				cl.pending = false
			}
			c.Close()
		}
	}
	return time.Second, gnet.None
}

func (h *handler) OnTraffic(c gnet.Conn) gnet.Action {
	h.mu.Lock()
	defer h.mu.Unlock()
	cl, ok := h.conns[c]
	if !ok {
		return gnet.Close
	}
	for cl.packet == nil && !cl.tls {
		buf, _ := c.Peek(-1)
		pkt, n, err := startup.Parse(buf)
		switch {
		case errors.Is(err, startup.ErrIncomplete):
			return gnet.None
		case errors.Is(err, startup.ErrInvalidLength):
			serverlog.Printf("invalid length of startup packet")
			return gnet.Close
		case err != nil:
			return h.refuse(c, pgerr.From(err))
		}
		raw := append([]byte(nil), buf[:n]...)
		c.Discard(n)
		switch pkt.Kind {
		case startup.KindSSL, startup.KindGSSENC:
			if cl.ssl || cl.gss {
				serverlog.Printf("unsupported frontend protocol: encryption requested twice")
				return gnet.Close
			}
			cl.ssl = pkt.Kind == startup.KindSSL
			cl.gss = pkt.Kind == startup.KindGSSENC
			if len(buf) > n {
				// Bytes the client sent before hearing the answer would
				// be taken as the first bytes of the encrypted (or
				// plain) stream: a man in the middle may have injected
				// them (CVE-2021-23214).
				return h.refuse(c, unencryptedAfterRequest(pkt.Kind))
			}
			if cl.ssl && h.sslEnabledLocked() {
				return h.acceptTLS(c, cl)
			}
			c.Write([]byte{'N'}) // no GSSAPI encryption; TLS only with ssl = on
		case startup.KindCancel:
			h.pm.cancel(pkt.CancelPID, pkt.CancelKey)
			return gnet.Close
		case startup.KindStartup:
			cl.packet = raw
			if perr := h.pm.admissible(); perr != nil {
				return h.refuse(c, perr)
			}
		}
	}
	return h.dispatch(c, cl)
}

// dispatch hands a client with a complete startup packet to an idle backend,
// or queues it until one is ready.
func (h *handler) dispatch(c gnet.Conn, cl *client) gnet.Action {
	if !cl.pending {
		if perr := h.pm.admitSession(c); perr != nil {
			return h.refuse(c, perr)
		}
		cl.pending = true
	}
	for {
		b := h.pm.takeIdle()
		if b == nil {
			h.pm.requestSpawn()
			return gnet.None
		}
		rest, _ := c.Next(-1)
		sess := handoff.Session{Packet: cl.packet, Pending: append([]byte(nil), rest...), Remote: c.RemoteAddr().String(), SSL: cl.tls}
		fd, err := c.Dup()
		if err != nil {
			h.pm.handoffFailed(b, false)
			return h.refuse(c, pgerr.Fatal(pgerr.InternalError, "could not duplicate socket: %v", err))
		}
		err = h.pm.send(b, func(ctl int) error { return handoff.SendSession(ctl, fd, sess) })
		unix.Close(fd)
		if err != nil {
			serverlog.Warnf("could not hand connection to backend %d: %v", b.pid, err)
			h.pm.handoffFailed(b, true)
			continue
		}
		delete(h.conns, c)
		h.pm.handedOff(c)
		h.pm.requestSpawn()
		return gnet.Close // closes the loop's copy only: the backend has its own
	}
}

// acceptTLS answers an SSLRequest 'S' and hands the connection to a
// backend at once: the handshake and the startup packet are the backend's
// (its authentication_timeout covers them), so that the postmaster's loop
// never spends CPU on cryptography. The server's state and max_connections
// are checked first, because after 'S' the only way to tell the client is
// inside TLS; before it, libpq reads an ErrorResponse in place of the
// answer and reports it. Caller holds h.mu.
func (h *handler) acceptTLS(c gnet.Conn, cl *client) gnet.Action {
	if perr := h.pm.admissible(); perr != nil {
		return h.refuse(c, perr)
	}
	if perr := h.pm.admitSession(c); perr != nil {
		return h.refuse(c, perr)
	}
	cl.pending = true
	// One byte on a new connection: gnet writes it at once (its outbound
	// buffer is empty), before dispatch lets the loop's copy go.
	if _, err := c.Write([]byte{'S'}); err != nil {
		return gnet.Close // OnClose drops the pending entry
	}
	cl.tls = true
	return h.dispatch(c, cl)
}

// sslEnabledLocked says whether an SSLRequest is answered 'S': ssl is on in
// the postmaster's current settings and the certificate and key load. It
// decodes the settings only when the blob has changed (at start and after
// a reload); a configuration that does not load is logged once and TLS is
// refused ('N') until it does, which is what backends would find too.
// Caller holds h.mu.
func (h *handler) sslEnabledLocked() bool {
	h.pm.mu.Lock()
	blob := h.pm.settings
	h.pm.mu.Unlock()
	if len(blob) == len(h.sslBlob) && (len(blob) == 0 || &blob[0] == &h.sslBlob[0]) {
		return h.sslOn
	}
	h.sslBlob, h.sslOn = blob, false
	set, err := settings.Decode(blob)
	if err != nil || !set.Bool("ssl") {
		return false
	}
	if _, err := tlsconf.Load(set, set.DataDirectory()); err != nil {
		serverlog.Printf("%v", err)
		serverlog.Printf("SSL connections are refused until a reload finds a configuration that loads")
		return false
	}
	h.sslOn = true
	return true
}

// unencryptedAfterRequest is PostgreSQL's error for bytes that arrived
// behind an SSLRequest or GSSENCRequest, before its answer.
func unencryptedAfterRequest(k startup.Kind) *pgerr.Error {
	what := "SSL request"
	if k == startup.KindGSSENC {
		what = "GSSAPI encryption request"
	}
	e := pgerr.Fatal(pgerr.ProtocolViolation, "received unencrypted data after %s", what).
		WithDetail("This could be either a client-software bug or evidence of an attempted man-in-the-middle attack.")
	serverlog.Printf("%s", e.Message)
	return e
}

// refuse sends a FATAL error and closes the connection.
func (h *handler) refuse(c gnet.Conn, e *pgerr.Error) gnet.Action {
	if cl, ok := h.conns[c]; ok && cl.pending {
		h.pm.dropPending(c)
		cl.pending = false
	}
	msg := &pgproto3.ErrorResponse{Severity: pgerr.SeverityFatal, SeverityUnlocalized: pgerr.SeverityFatal,
		Code: e.Code, Message: e.Message, Detail: e.Detail, Hint: e.Hint}
	if b, err := msg.Encode(nil); err == nil {
		c.Write(b)
	}
	return gnet.Close
}

// admissible says whether the server takes new sessions now.
func (pm *Postmaster) admissible() *pgerr.Error {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	switch pm.state {
	case pmRunning:
		return nil
	case pmStarting:
		return pgerr.Fatal(pgerr.CannotConnectNow, "the database system is starting up")
	case pmResetting:
		return pgerr.Fatal(pgerr.CannotConnectNow, "the database system is in recovery mode")
	}
	return pgerr.Fatal(pgerr.CannotConnectNow, "the database system is shutting down")
}

// admitSession counts a new session against max_connections and queues c as
// pending until a backend takes it.
func (pm *Postmaster) admitSession(c gnet.Conn) *pgerr.Error {
	pm.mu.Lock()
	defer pm.mu.Unlock()
	if pm.sessions >= pm.cfg.MaxConnections {
		return pgerr.Fatal(pgerr.TooManyConnections, "sorry, too many clients already")
	}
	pm.sessions++
	pm.pending = append(pm.pending, c)
	return nil
}

// handedOff removes c from the pending queue: a backend owns it now, and the
// session is counted until the backend says Ready again. If more clients
// wait and more backends are idle, the next client is woken.
func (pm *Postmaster) handedOff(c gnet.Conn) {
	pm.mu.Lock()
	pm.removePendingLocked(c)
	var next gnet.Conn
	if len(pm.pending) > 0 && len(pm.idle) > 0 {
		next = pm.pending[0]
	}
	pm.mu.Unlock()
	if next != nil {
		next.Wake(nil)
	}
}

// dropPending forgets a client that left or was refused while pending.
func (pm *Postmaster) dropPending(c gnet.Conn) {
	pm.mu.Lock()
	if pm.removePendingLocked(c) {
		pm.sessions--
	}
	done := pm.state == pmSmartShutdown && pm.sessions == 0
	pm.mu.Unlock()
	if done {
		pm.stopEngine()
	}
}

// removePendingLocked drops c from pm.pending. Caller holds pm.mu.
func (pm *Postmaster) removePendingLocked(c gnet.Conn) bool {
	for i, x := range pm.pending {
		if x == c {
			pm.pending = append(pm.pending[:i], pm.pending[i+1:]...)
			return true
		}
	}
	return false
}

// handoffFailed undoes takeIdle for a backend that could not take a client;
// a backend whose control socket failed is told to go.
func (pm *Postmaster) handoffFailed(b *backend, broken bool) {
	pm.mu.Lock()
	b.inSession = false
	if broken {
		b.retiring = true
	} else {
		pm.idle = append(pm.idle, b)
	}
	pm.mu.Unlock()
	if broken {
		unix.Kill(b.pid, unix.SIGTERM)
	}
}

// cancel routes a CancelRequest: the backend whose slot shows pid and key
// gets SIGINT. A wrong key is logged and otherwise ignored, as PostgreSQL does.
func (pm *Postmaster) cancel(pid int32, key uint32) {
	seg := pm.currentSeg()
	p := seg.FindProc(pid)
	if p == nil || key == 0 || p.CancelKey() != key {
		serverlog.Printf("wrong key in cancel request for process %d", pid)
		return
	}
	unix.Kill(int(pid), unix.SIGINT)
}

// gnetLogger sends gnet's own messages to the server log.
type gnetLogger struct{}

func (gnetLogger) Debugf(format string, args ...any) {
	serverlog.Logf(serverlog.Debug2, format, args...)
}
func (gnetLogger) Infof(format string, args ...any) {
	serverlog.Logf(serverlog.Debug1, format, args...)
}
func (gnetLogger) Warnf(format string, args ...any)  { serverlog.Warnf(format, args...) }
func (gnetLogger) Errorf(format string, args ...any) { serverlog.Errorf(format, args...) }
func (gnetLogger) Fatalf(format string, args ...any) { serverlog.Fatalf(format, args...) }
