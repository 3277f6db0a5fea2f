package session

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"ringpg/backend/auth/hba"
	"ringpg/backend/sql/engine"
	"ringpg/loop/sockio"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"ringpg/loop/startup"
	"ringpg/pgerr"
	"ringpg/serverlog"
	"ringpg/settings"
	"ringpg/shm"
)

// MaxMessageLen bounds one frontend message. A length word beyond it is a
// protocol violation, not an allocation.
const MaxMessageLen = 64 << 20

// Env is what the backend gives a session.
type Env struct {
	Proc     *shm.Proc
	Counters *shm.Counters
	Settings *settings.Set // the session's values, fresh from the postmaster's
	Pid      int32
	Remote   string
	LogConns bool
	// ClientFd is where the session publishes its client descriptor for the
	// signal goroutine; -1 when there is none.
	ClientFd *atomic.Int32
	// Engine runs SQL; nil in tests of the protocol alone, which then
	// get the small built-in command reader.
	Engine *engine.Engine
	// HBA is pg_hba.conf as last loaded; nil lets every client in (the
	// protocol tests).
	HBA *hba.File
	// Ident is pg_ident.conf as last loaded, for the map= option of cert
	// rules; nil maps nobody.
	Ident *hba.IdentFile
	// Interrupt reports a pending query cancel (57014), and
	// ClearInterrupt forgets one that arrived between statements.
	Interrupt      func() error
	ClearInterrupt func()
	// Terminating reports that the backend was told to end (SIGTERM):
	// the session says so to its client and ends.
	Terminating func() bool
	// Received, if set, is called after each message the session reads
	// from its client (the backend follows its client's CPU from there).
	Received func()
	// SSL says the client speaks TLS (the Transport is StartTLS's):
	// pg_hba.conf's hostssl rules match it, hostnossl rules do not.
	SSL bool
}

// Session is one client session.
type Session struct {
	env      Env
	wire     *wire
	be       *pgproto3.Backend
	user     string
	database string
	txStatus byte

	stmts      map[string]*prepared // the session's prepared statements; "" is the unnamed one
	portals    map[string]*portal
	skipToSync bool // an extended-protocol message failed: ignore all up to Sync

	sql       *engine.Session     // the SQL engine's session; nil without an engine
	fatalSent bool                // a FATAL error went out: the session is ending
	times     engine.SessionTimes // what the session spent (pg_stat_database)
	// The clock is read when the session turns active (its first message
	// after ReadyForQuery) and idle again (ReadyForQuery), not per
	// message: a pipelined Bind, Execute, Sync is one active stretch.
	active   bool
	lastTurn time.Time // when the session last turned active or idle
	// Reused row-encoding buffers.
	rowBuf [][]byte
	valBuf []byte
	msgs   reusedMsgs
	offBuf []int
	// unflushed counts result bytes queued since the last send (stream.go).
	unflushed int
}

// ErrTerminated means the client ended the session (Terminate or EOF).
var ErrTerminated = errors.New("session terminated by client")

// errClientGone is ErrTerminated for a connection closed without
// Terminate (counted as an abandoned session).
var errClientGone = fmt.Errorf("%w: connection closed", ErrTerminated)

// Serve runs a session on t, whose client sent packet (its startup packet)
// and then pending. It returns when the session is over; the caller closes t.
func Serve(t Transport, packet, pending []byte, env Env) error {
	w := &wire{t: t, pending: pending}
	s := &Session{env: env, wire: w, be: pgproto3.NewBackend(w, w), txStatus: 'I',
		stmts: map[string]*prepared{}, portals: map[string]*portal{}}
	s.be.SetMaxBodyLen(MaxMessageLen)
	if err := s.start(packet); err != nil {
		s.sendFatal(err)
		return err
	}
	began := time.Now()
	s.lastTurn = began
	if s.sql != nil {
		s.sql.CountConnect()
	}
	err := s.loop()
	if s.sql != nil {
		s.sql.Close()
		now := time.Now()
		if s.active {
			s.times.Active += now.Sub(s.lastTurn)
		}
		s.times.Total = now.Sub(began)
		s.sql.CountDisconnect(sessionEnd(err), s.times)
	}
	if errors.Is(err, ErrTerminated) {
		return nil
	}
	return err
}

// start performs the startup exchange: protocol negotiation, the role and
// database checks, settings from the packet, and the greeting.
func (s *Session) start(packet []byte) error {
	pkt, _, err := startup.Parse(packet)
	if err != nil {
		return err
	}
	if pkt.Kind != startup.KindStartup {
		// Only a TLS session gets here with another kind (the postmaster
		// routes the others): PostgreSQL reads a second SSLRequest or a
		// GSSENCRequest inside TLS as a startup packet of an unknown
		// protocol version.
		code := uint32(startup.CodeSSL)
		if pkt.Kind == startup.KindGSSENC {
			code = startup.CodeGSSENC
		}
		return pgerr.Fatal(pgerr.FeatureNotSupported,
			"unsupported frontend protocol %d.%d: server supports %d.0 to %d.%d",
			code>>16, code&0xffff, startup.ProtocolMajor, startup.ProtocolMajor, startup.ProtocolMinor)
	}
	s.user = pkt.Get("user")
	s.database = pkt.Get("database")
	if s.database == "" {
		s.database = s.user
	}
	var unknownOpts []string
	for _, kv := range pkt.Params {
		switch {
		case kv.Name == "user" || kv.Name == "database":
		case strings.HasPrefix(kv.Name, "_pq_."):
			unknownOpts = append(unknownOpts, kv.Name)
		case kv.Name == "options":
			if err := s.applyOptions(kv.Value); err != nil {
				return err
			}
		case kv.Name == "replication":
			return pgerr.Fatal(pgerr.FeatureNotSupported, "replication connections are not supported")
		default:
			if err := s.env.Settings.Apply(kv.Name, kv.Value, settings.ContextSuperuserBackend, settings.SourceClient); err != nil {
				return fatal(err)
			}
		}
	}
	if pkt.Minor > startup.ProtocolMinor || len(unknownOpts) > 0 {
		s.be.Send(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: startup.ProtocolMinor, UnrecognizedOptions: unknownOpts})
	}
	if s.env.Engine != nil {
		if err := s.authenticate(); err != nil {
			return err
		}
		db, err := s.env.Engine.LookupDatabase(s.database, s.user)
		if err != nil {
			return fatal(err)
		}
		if s.sql, err = s.env.Engine.NewSession(db, s.database, s.user, s.env.Settings, s.env.Interrupt); err != nil {
			return fatal(err)
		}
		s.sql.SetProtocolStatements(s.dropStatement)
		s.sql.SetProtocolPortals(s.hasPortal)
	} else if err := checkLogin(s.user, s.database); err != nil {
		return err
	}
	key := newCancelKey()
	s.env.Proc.SetCancelKey(key)
	s.env.Proc.SessionStarted(time.Now().UnixNano(), s.database, s.user)
	s.env.Proc.SetClient(s.client())
	s.env.Counters.SessionsStarted.Add(1)
	if s.env.LogConns {
		serverlog.Printf("connection authorized: user=%s database=%s%s", s.user, s.database, tlsLogSuffix(s.wire.t))
	}
	s.be.Send(&pgproto3.AuthenticationOk{})
	for _, ps := range s.env.Settings.ReportAll() {
		s.be.Send(&pgproto3.ParameterStatus{Name: ps.Name, Value: ps.Value})
	}
	s.be.Send(&pgproto3.BackendKeyData{ProcessID: uint32(s.env.Pid), SecretKey: binary.BigEndian.AppendUint32(nil, key)})
	return s.readyForQuery()
}

// applyOptions applies the startup packet's "options": command-line style
// "-c name=value" and "--name=value" switches, separated by spaces
// (a backslash escapes the next character).
func (s *Session) applyOptions(opts string) error {
	args := splitOptions(opts)
	for i := 0; i < len(args); i++ {
		a := args[i]
		var nv string
		switch {
		case a == "-c" && i+1 < len(args):
			i++
			nv = args[i]
		case strings.HasPrefix(a, "-c"):
			nv = a[2:]
		case strings.HasPrefix(a, "--"):
			nv = a[2:]
		default:
			return pgerr.Fatal(pgerr.ProtocolViolation, "invalid command-line argument for server process: %s", a).
				WithHint("Try \"postgres --help\" for more information.")
		}
		name, value, ok := strings.Cut(nv, "=")
		if !ok {
			if strings.HasPrefix(a, "--") {
				return pgerr.Fatal(pgerr.SyntaxError, "--%s requires a value", nv)
			}
			return pgerr.Fatal(pgerr.SyntaxError, "-c %s requires a value", nv)
		}
		if err := s.env.Settings.Apply(strings.ReplaceAll(name, "-", "_"), value, settings.ContextSuperuserBackend, settings.SourceClient); err != nil {
			return fatal(err)
		}
	}
	return nil
}

func splitOptions(s string) []string {
	var out []string
	var cur strings.Builder
	inWord, esc := false, false
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc, inWord = false, true
		case r == '\\':
			esc = true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

// checkLogin applies what the cluster knows of roles and databases. Until
// the catalog lands the cluster has its bootstrap superuser "postgres" and
// the databases initdb creates.
func checkLogin(user, database string) error {
	if user != "postgres" {
		return pgerr.Fatal(pgerr.InvalidAuthorizationSpec, "role %q does not exist", user)
	}
	switch database {
	case "postgres", "template1":
		return nil
	case "template0":
		return pgerr.Fatal(pgerr.ObjectNotInPrerequisiteState, "database %q is not currently accepting connections", database)
	}
	return pgerr.Fatal(pgerr.InvalidCatalogName, "database %q does not exist", database)
}

func newCancelKey() uint32 {
	var b [4]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic(fmt.Sprintf("crypto/rand: %v", err)) // the kernel's RNG failing is not recoverable
		}
		if k := binary.BigEndian.Uint32(b[:]); k != 0 {
			return k
		}
	}
}

// fatal turns an error into a FATAL one (startup errors end the session).
func fatal(err error) *pgerr.Error {
	e := *pgerr.From(err)
	e.Severity = pgerr.SeverityFatal
	return &e
}

// sendFatal tells the client why its session ends, if it can still hear.
func (s *Session) sendFatal(err error) {
	e := fatal(err)
	s.be.Send(errorResponse(e))
	if ferr := s.be.Flush(); ferr == nil {
		s.wire.flush()
	}
	serverlog.Logf(serverlog.Fatal, "%s", e.Message)
}

func errorResponse(e *pgerr.Error) *pgproto3.ErrorResponse {
	sev := e.SeverityOrDefault()
	return &pgproto3.ErrorResponse{
		Severity: sev, SeverityUnlocalized: sev, Code: e.Code, Message: e.Message,
		Detail: e.Detail, Hint: e.Hint, Position: int32(e.Position), Where: e.Where,
		SchemaName: e.Schema, TableName: e.Table, ColumnName: e.Column, ConstraintName: e.Constraint,
	}
}

func (s *Session) readyForQuery() error {
	if s.sql != nil {
		s.txStatus = s.sql.TxStatus()
	}
	s.sendReports()
	if s.txStatus == 'I' {
		s.sendNotifications()
	}
	s.msgs.ready.TxStatus = s.txStatus
	s.be.Send(&s.msgs.ready)
	s.unflushed = 0 // what is queued goes out with the wait for the next message
	if s.active {
		now := time.Now()
		s.times.Active += now.Sub(s.lastTurn)
		s.active, s.lastTurn = false, now
	}
	return s.be.Flush()
}

// loop reads and answers messages until the session ends.
func (s *Session) loop() error {
	for {
		switch s.txStatus {
		case 'T':
			s.env.Proc.SetState(shm.ProcIdleInTransaction)
		case 'E':
			s.env.Proc.SetState(shm.ProcIdleInTransactionAborted)
		default:
			s.env.Proc.SetState(shm.ProcIdle)
		}
		msg, idle, err := s.receive()
		if !s.active {
			now := time.Now()
			if s.txStatus == 'T' || s.txStatus == 'E' {
				s.times.IdleInXact += now.Sub(s.lastTurn)
			}
			s.active, s.lastTurn = true, now
		}
		if s.terminating() {
			return s.endTerminated()
		}
		if err != nil {
			if idle != nil && errors.Is(err, sockio.ErrTimeout) {
				s.sendFatal(idle)
				return idle
			}
			return s.receiveError(err)
		}
		s.env.Proc.SetState(shm.ProcActive)
		if s.env.Received != nil {
			s.env.Received()
		}
		err = s.handle(msg)
		if err != nil {
			return err
		}
		if s.terminating() {
			return s.endTerminated()
		}
	}
}

// notifyPoll is how often a session that listens looks for notifications
// while it waits for its client outside a transaction block.
const notifyPoll = 10 * time.Millisecond

// receive waits for the client's next message, for at most
// idle_in_transaction_session_timeout inside a transaction and
// idle_session_timeout outside one, and returns with it the FATAL error
// the expiry of that wait means (nil when unbounded). A session that
// listens (LISTEN) and is outside a transaction block wakes every
// notifyPoll meanwhile to send the notifications committed since, as
// PostgreSQL sends them to an idle session.
func (s *Session) receive() (pgproto3.FrontendMessage, *pgerr.Error, error) {
	tt, ok := s.wire.t.(interface{ SetRecvTimeout(time.Duration) })
	if !ok {
		msg, err := s.be.Receive()
		return msg, nil, err
	}
	idle, limit := s.idleTimeout()
	var deadline time.Time
	if limit > 0 {
		deadline = time.Now().Add(limit)
	}
	for {
		d := limit
		poll := s.txStatus == 'I' && s.sql != nil && s.sql.Listening()
		if poll {
			d = notifyPoll
			if limit > 0 {
				d = max(min(d, time.Until(deadline)), time.Microsecond)
			}
		}
		tt.SetRecvTimeout(d)
		msg, err := s.be.Receive()
		if poll && errors.Is(err, sockio.ErrTimeout) && (limit == 0 || time.Now().Before(deadline)) {
			s.sendNotifications()
			if err := s.be.Flush(); err != nil {
				return nil, idle, err
			}
			continue
		}
		return msg, idle, err
	}
}

// idleTimeout returns the bound on the wait for the client's next message
// and the FATAL error its expiry means.
func (s *Session) idleTimeout() (*pgerr.Error, time.Duration) {
	if s.txStatus == 'T' || s.txStatus == 'E' {
		if d := s.env.Settings.IdleInTransactionSessionTimeout(); d > 0 {
			return pgerr.Fatal("25P03", "terminating connection due to idle-in-transaction timeout"), d
		}
	} else if d := s.env.Settings.IdleSessionTimeout(); d > 0 {
		return pgerr.Fatal("57P05", "terminating connection due to idle-session timeout"), d
	}
	return nil, 0
}

// sendNotifications queues a NotificationResponse for every notification
// committed for the session's channels since it last looked.
func (s *Session) sendNotifications() {
	if s.sql == nil {
		return
	}
	s.sql.Notifications(func(pid int32, channel, payload string) {
		s.be.Send(&pgproto3.NotificationResponse{PID: uint32(pid), Channel: channel, Payload: payload})
	})
}

func (s *Session) terminating() bool {
	return s.env.Terminating != nil && s.env.Terminating()
}

// endTerminated ends a session the backend was told to end: its
// transaction rolls back and the client hears why.
func (s *Session) endTerminated() error {
	if s.sql != nil {
		s.sql.Close()
	}
	e := pgerr.Fatal(pgerr.AdminShutdown, "terminating connection due to administrator command")
	if !s.fatalSent {
		s.sendFatal(e)
	} else if ferr := s.be.Flush(); ferr == nil {
		s.wire.flush()
	}
	return e
}

// handle answers one message. A panic while doing so (a bug, never a
// client's input) becomes XX000 for the client: the transaction is rolled
// back and every buffer pin and lock the process still holds is released,
// as PostgreSQL's error recovery does, and the session goes on.
func (s *Session) handle(msg pgproto3.FrontendMessage) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		serverlog.Errorf("internal error: %v\n%s", r, debug.Stack())
		if s.sql != nil {
			s.sql.AbortAfterPanic()
		}
		s.sendError(pgerr.New(pgerr.InternalError, "internal error: %v", r))
		s.skipToSync = true
		if _, ok := msg.(*pgproto3.Query); ok {
			s.skipToSync = false
			err = s.readyForQuery()
		}
	}()
	switch m := msg.(type) {
	case *pgproto3.Query:
		s.simpleQuery(m.String)
		err = s.readyForQuery()
	case *pgproto3.Terminate:
		return ErrTerminated
	case *pgproto3.Sync:
		s.skipToSync = false
		if s.sql != nil {
			if err := s.sql.EndOfMessage(); err != nil {
				s.sendError(pgerr.From(err))
			}
		}
		delete(s.portals, "") // the implicit transaction ends
		err = s.readyForQuery()
	case *pgproto3.Flush:
		err = s.be.Flush()
		if err == nil {
			err = s.wire.flush()
		}
	case *pgproto3.Parse, *pgproto3.Bind, *pgproto3.Describe, *pgproto3.Execute, *pgproto3.Close:
		s.extended(m)
	case *pgproto3.FunctionCall:
		s.sendError(pgerr.New(pgerr.FeatureNotSupported, "fastpath function calls are not supported"))
		err = s.readyForQuery()
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		// Ignored outside COPY, as PostgreSQL does.
	default:
		return pgerr.Fatal(pgerr.ProtocolViolation, "invalid frontend message type %d", msgType(msg))
	}
	return err
}

// receiveError classifies a failed Receive: the client went away, or sent
// something that is not protocol 3.0.
func (s *Session) receiveError(err error) error {
	var tooBig *pgproto3.ExceededMaxBodyLenErr
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errClientGone
	case errors.As(err, &tooBig):
		e := pgerr.Fatal(pgerr.ProtocolViolation, "invalid message length")
		s.sendFatal(e)
		return e
	case strings.Contains(err.Error(), "unknown message type"):
		msg := err.Error()
		e := pgerr.Fatal(pgerr.ProtocolViolation, "invalid frontend message type %d", msg[len(msg)-1])
		s.sendFatal(e)
		return e
	}
	var perr *pgerr.Error
	if errors.As(err, &perr) {
		return err
	}
	// Anything else from the transport: the connection is unusable.
	return fmt.Errorf("reading from client: %w", err)
}

// sessionEnd classifies how a session's loop ended, as PostgreSQL's
// session counters do.
func sessionEnd(err error) engine.SessionEnd {
	var perr *pgerr.Error
	switch {
	case errors.Is(err, errClientGone):
		return engine.SessionAbandoned
	case err == nil || errors.Is(err, ErrTerminated):
		return engine.SessionNormal
	case errors.As(err, &perr) && perr.Code == pgerr.AdminShutdown:
		return engine.SessionKilled
	case errors.As(err, &perr):
		return engine.SessionFatal
	}
	return engine.SessionAbandoned // the connection broke
}

// msgType returns a decoded message's type byte.
func msgType(m pgproto3.FrontendMessage) byte {
	b, err := m.Encode(nil)
	if err != nil || len(b) == 0 {
		return 0
	}
	return b[0]
}

func (s *Session) sendError(e *pgerr.Error) {
	if e.Severity == pgerr.SeverityFatal {
		s.fatalSent = true
	}
	if e.Code == pgerr.InternalError {
		serverlog.Errorf("%s", e.Message)
	}
	s.be.Send(errorResponse(e))
}

// sendReports sends ParameterStatus for every reported setting that changed
// since the last report.
func (s *Session) sendReports() {
	for _, ps := range s.env.Settings.TakeReports() {
		s.be.Send(&pgproto3.ParameterStatus{Name: ps.Name, Value: ps.Value})
	}
}
