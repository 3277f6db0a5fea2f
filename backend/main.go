package backend

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"ringpg/backend/sql/engine"
	"ringpg/backend/sql/funcs"
	"ringpg/loop/uring"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgproto3"
	"golang.org/x/sys/unix"

	"ringpg/backend/access/xlog"
	"ringpg/backend/auth/hba"
	"ringpg/backend/session"
	"ringpg/backend/storage"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/smgr"
	"ringpg/backend/tlsconf"
	"ringpg/loop/handoff"
	"ringpg/loop/sockio"
	"ringpg/pgerr"
	"ringpg/serverlog"
	"ringpg/settings"
	"ringpg/shm"
)

// process is the backend's state across sessions.
type process struct {
	seg      *shm.Segment
	proc     *shm.Proc
	slot     int
	pid      int32
	ctl      int
	pool     *bufmgr.Pool   // the shared buffer pool, attached once
	files    *smgr.Manager  // this process's relation files
	wal      *xlog.Log      // this process's handle on the WAL
	hba      *hba.File      // pg_hba.conf as last loaded (at start and on each reload)
	ident    *hba.IdentFile // pg_ident.conf, loaded with pg_hba.conf
	engine   *engine.Engine // the SQL engine, kept across sessions
	config   []byte         // the postmaster's encoded settings
	clientFd atomic.Int32   // the session's client socket, -1 between sessions
	inSess   atomic.Bool
	inTLS    atomic.Bool // the session runs over TLS: die writes no plaintext
	// cancelReq is set by SIGINT and taken by the session's interrupt
	// check.
	cancelReq atomic.Bool
	// terminate is set by SIGTERM during a session: the session ends at
	// its next interrupt check or message, then the process exits.
	terminate atomic.Bool
	served    int
	// From the last session's settings: when to retire.
	retireAfter int64 // backend_max_sessions
	memLimit    int64 // backend_memory_limit, bytes
}

// Main runs a backend process; it returns the process exit code.
func Main() int {
	// The session's goroutine is not locked to its thread, and the
	// process runs one Go processor: a yield (the preemption of a long
	// raw wait) then continues on the same thread instead of handing the
	// processor to another thread and back, and no idle processor makes
	// the runtime wake spinning threads. Its rings are set up for that
	// (uring.UnlockedFlags). See ARCHITECTURE.md, "Synchronisation".
	uring.UseUnlockedRings()
	runtime.GOMAXPROCS(1)
	// Take over the signals before anything else: until Notify, SIGQUIT
	// and SIGTERM would kill the process without a word to its client.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, unix.SIGTERM, unix.SIGQUIT, unix.SIGINT, unix.SIGHUP)
	p, err := attach()
	if err != nil {
		serverlog.Fatalf("backend start: %v", err)
		return 1
	}
	go watchPostmaster()
	go p.signals(sigs)
	return p.serve()
}

func attach() (*process, error) {
	slot, err := strconv.Atoi(os.Getenv(handoff.EnvSlot))
	if err != nil {
		return nil, fmt.Errorf("%s not set: %w", handoff.EnvSlot, err)
	}
	seg, err := shm.Attach(handoff.FdSegment)
	if err != nil {
		return nil, err
	}
	if slot < 0 || slot >= seg.MaxProcs() {
		return nil, fmt.Errorf("proc slot %d out of range", slot)
	}
	p := &process{seg: seg, slot: slot, pid: int32(os.Getpid()), ctl: handoff.FdControl}
	p.clientFd.Store(-1)
	p.proc = seg.Proc(slot)
	p.proc.Claim(p.pid, shm.KindBackend)
	rec, err := handoff.Receive(p.ctl)
	if err != nil {
		return nil, fmt.Errorf("reading settings from postmaster: %w", err)
	}
	if rec.Config == nil {
		return nil, errors.New("first control record is not the settings")
	}
	p.config = rec.Config
	st, err := newSessionSettings(p.config)
	if err != nil {
		return nil, err
	}
	method, _ := st.Show("io_method")
	io, err := smgr.NewIO(method)
	var fb *smgr.FallbackError
	if err != nil && !errors.As(err, &fb) {
		return nil, fmt.Errorf("file I/O: %w", err)
	}
	lg, err := xlog.Attach(seg, slot, xlog.Config(st, st.DataDirectory(), io))
	if err != nil {
		return nil, fmt.Errorf("attaching the WAL: %w", err)
	}
	pool, files, err := storage.OpenIO(seg, int(st.SharedBuffers()), uint32(slot), st.DataDirectory(), io, lg.Hooks(storage.Hooks()))
	if err != nil {
		return nil, fmt.Errorf("attaching the buffer pool: %w", err)
	}
	p.pool, p.files, p.wal = pool, files, lg
	p.loadHBA(st.DataDirectory())
	funcs.Load() // build the function registry before the first client, not during its first query
	if p.engine, err = engine.New(pool, seg, st.DataDirectory(), slot, p.pid, lg); err != nil {
		return nil, fmt.Errorf("starting the SQL engine: %w", err)
	}
	return p, nil
}

// serve takes sessions until it is time to go. Ready is said once per
// stay in the pool: a settings record that arrives meanwhile (a reload)
// replaces the blob the next session starts from, without a second Ready.
func (p *process) serve() int {
	needReady := true
	for {
		if needReady {
			if p.served > 0 && p.shouldRetire() {
				handoff.SendNote(p.ctl, handoff.NoteRetire)
				return 0
			}
			p.proc.SetState(shm.ProcIdleInPool)
			if err := handoff.SendNote(p.ctl, handoff.NoteReady); err != nil {
				return 1 // the postmaster is gone
			}
			needReady = false
		}
		rec, err := handoff.Receive(p.ctl)
		switch {
		case errors.Is(err, handoff.ErrClosed):
			return 0
		case err != nil:
			serverlog.Errorf("control socket: %v", err)
			return 1
		case rec.Config != nil:
			p.config = rec.Config
			if st, err := newSessionSettings(p.config); err == nil {
				p.loadHBA(st.DataDirectory())
			}
			continue
		case rec.Session == nil:
			continue
		}
		st, err := newSessionSettings(p.config)
		if err != nil {
			serverlog.Fatalf("backend settings: %v", err)
			unix.Close(rec.Client)
			return 1
		}
		lvl, _ := st.Show("log_min_messages")
		serverlog.SetMinLevel(lvl)
		p.served++
		p.runSession(rec, st)
		if p.terminate.Load() {
			p.engine.Close()
			p.proc.SetState(shm.ProcExiting)
			return 1
		}
		p.retireAfter = st.BackendMaxSessions()
		p.memLimit = st.BackendMemoryLimitBytes()
		needReady = true
	}
}

// shouldRetire says whether this process has served enough sessions or grown
// too large to be trusted with another.
func (p *process) shouldRetire() bool {
	if max := p.retireAfter; max > 0 && int64(p.served) >= max {
		return true
	}
	if limit := p.memLimit; limit > 0 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if int64(ms.HeapInuse) > limit {
			return true
		}
	}
	return false
}

func (p *process) runSession(rec handoff.Record, st *settings.Set) {
	fd := rec.Client
	method, _ := st.Show("io_method")
	t, err := sockio.New(fd, method)
	if err != nil && t == nil {
		serverlog.Errorf("client socket: %v", err)
		unix.Close(fd)
		return
	}
	p.clientFd.Store(int32(fd))
	p.inSess.Store(true)
	p.inTLS.Store(rec.Session.SSL)
	debug.SetGCPercent(st.BackendGOGC())
	var sess session.Transport = t
	packet, pending := rec.Session.Packet, rec.Session.Pending
	if rec.Session.SSL {
		if sess, packet, pending, err = startTLS(t, pending, st); err != nil {
			if errors.Is(err, io.EOF) {
				serverlog.Logf(serverlog.Debug1, "session ended: %v", err)
			} else {
				serverlog.Printf("%v", err)
			}
			p.endSession(t)
			return
		}
	}
	cc := &clientCheck{st: st, fd: &p.clientFd}
	var received func()
	if st.BackendCPUAffinity() == settings.CPUAffinityClient {
		if f := newCPUFollower(p.seg, p.proc, fd); f != nil {
			received = f.received
			defer f.end()
		}
	}
	err = session.Serve(sess, packet, pending, session.Env{
		Proc:     p.proc,
		Counters: p.seg.Counters(),
		Settings: st,
		Pid:      p.pid,
		Remote:   rec.Session.Remote,
		LogConns: st.Bool("log_connections"),
		ClientFd: &p.clientFd,
		Engine:   p.engine,
		HBA:      p.hba,
		Ident:    p.ident,
		Interrupt: func() error {
			if p.terminate.Load() {
				return errTerminate
			}
			if p.cancelReq.Swap(false) {
				return pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
			}
			if cc.lost() {
				return errClientLost
			}
			return nil
		},
		ClearInterrupt: func() { p.cancelReq.Store(false) },
		Terminating:    p.terminate.Load,
		Received:       received,
		SSL:            rec.Session.SSL,
	})
	if sess != session.Transport(t) {
		sess.Close() // close_notify; t is closed below
	}
	p.endSession(t)
	if err != nil && !errors.Is(err, io.EOF) {
		serverlog.Logf(serverlog.Debug1, "session ended: %v", err)
	}
}

// endSession closes the client socket and forgets the session's traces.
func (p *process) endSession(t sockio.Conn) {
	p.inSess.Store(false)
	p.clientFd.Store(-1)
	t.Close()
	p.proc.SetCancelKey(0)
}

// startTLS performs the TLS handshake for a client whose SSLRequest the
// postmaster accepted, and reads its startup packet inside TLS. The
// postmaster's authentication_timeout stopped at the hand-off, so the
// handshake and the packet are bounded here by the same setting.
func startTLS(t sockio.Conn, pending []byte, st *settings.Set) (session.Transport, []byte, []byte, error) {
	cfg, err := tlsconf.Cached(st, st.DataDirectory())
	if err != nil {
		// The postmaster checked the files at start; they changed since.
		return nil, nil, nil, fmt.Errorf("could not accept SSL connection: %v", err)
	}
	return session.StartTLS(t, pending, cfg, st.AuthenticationTimeout())
}

// watchPostmaster exits the process when the postmaster dies: the death
// pipe's write end lives only in the postmaster, so its read end reports EOF.
func watchPostmaster() {
	f := os.NewFile(handoff.FdDeath, "postmaster-death")
	buf := make([]byte, 1)
	for {
		if _, err := f.Read(buf); err != nil {
			os.Exit(1)
		}
	}
}

// signals applies PostgreSQL's meanings to signals sent to a backend.
func (p *process) signals(ch <-chan os.Signal) {
	for sig := range ch {
		switch sig {
		case unix.SIGTERM:
			if !p.inSess.Load() {
				p.die(pgerr.Fatal(pgerr.AdminShutdown, "terminating connection due to administrator command"), 1)
			}
			// A session ends cleanly, so that its transaction is rolled
			// back and its locks released: a running statement sees the
			// flag at its next interrupt check; a session waiting for
			// its client is woken by shutting the socket's read side.
			p.terminate.Store(true)
			if st := p.proc.State(); st == shm.ProcIdle || st == shm.ProcIdleInTransaction || st == shm.ProcIdleInTransactionAborted {
				if fd := p.clientFd.Load(); fd >= 0 {
					unix.Shutdown(int(fd), unix.SHUT_RD)
				}
			}
		case unix.SIGQUIT:
			if p.seg.Counters().QuitReason.Load() == handoff.QuitForCrash {
				p.die(pgerr.Fatal(pgerr.CrashShutdown, "terminating connection because of crash of another server process").
					WithDetail("The postmaster has commanded this server process to roll back the current transaction and exit, because another server process exited abnormally and possibly corrupted shared memory.").
					WithHint("In a moment you should be able to reconnect to the database and repeat your command."), 2)
			}
			p.die(pgerr.Fatal(pgerr.AdminShutdown, "terminating connection due to immediate shutdown command"), 2)
		case unix.SIGINT:
			// Query cancel: the running statement sees it at its next
			// interrupt check (the executor checks every few hundred
			// rows and while waiting for another transaction).
			p.cancelReq.Store(true)
		case unix.SIGHUP:
			// Settings are re-sent by the postmaster between sessions.
		}
	}
}

// errTerminate is what a session hears when SIGTERM asks it to end.
var errTerminate = pgerr.Fatal(pgerr.AdminShutdown, "terminating connection due to administrator command")

// die tells the current client (if any) why, and exits.
func (p *process) die(e *pgerr.Error, code int) {
	if fd := p.clientFd.Load(); fd >= 0 && p.inSess.Load() {
		msg := &pgproto3.ErrorResponse{Severity: e.Severity, SeverityUnlocalized: e.Severity,
			Code: e.Code, Message: e.Message, Detail: e.Detail, Hint: e.Hint}
		// Over TLS the message would have to be a TLS record, which only
		// the session's goroutine may write (it owns the TLS state): the
		// client then sees the connection end without it.
		if b, err := msg.Encode(nil); err == nil && !p.inTLS.Load() {
			unix.Write(int(fd), b)
		}
		// FIN after the message, so the client reads it before the end.
		unix.Shutdown(int(fd), unix.SHUT_WR)
		serverlog.Fatalf("%s", e.Message)
	}
	p.proc.SetState(shm.ProcExiting)
	os.Exit(code)
}

// loadHBA (re)reads pg_hba.conf, at start and on each reload (SIGHUP). A
// file that does not load leaves the rules as they were, and says why in
// the log, as PostgreSQL does; a backend that never loaded one refuses
// everyone ("no pg_hba.conf entry"). A data directory made before the
// file existed gets the default rules.
func (p *process) loadHBA(dataDir string) {
	p.loadIdent(dataDir)
	path := filepath.Join(dataDir, "pg_hba.conf")
	var f *hba.File
	var err error
	if _, serr := os.Stat(path); errors.Is(serr, os.ErrNotExist) {
		f, err = hba.Parse(strings.NewReader(hba.DefaultFile()), path)
	} else {
		f, err = hba.Load(path)
	}
	if err != nil {
		var le *hba.LoadError
		if errors.As(err, &le) {
			for _, l := range le.LogLines(p.hba != nil) {
				serverlog.Printf("%s", l)
			}
		} else {
			serverlog.Errorf("could not load %s: %v", path, err)
		}
		if p.hba == nil {
			p.hba = &hba.File{Path: path}
		}
		return
	}
	p.hba = f
}

// loadIdent reads pg_ident.conf; a file that does not load keeps the maps
// there were (none at start) and says why, as for pg_hba.conf.
func (p *process) loadIdent(dataDir string) {
	path := filepath.Join(dataDir, "pg_ident.conf")
	f, err := hba.LoadIdent(path)
	if err != nil {
		var le *hba.LoadError
		if errors.As(err, &le) {
			for _, pe := range le.Errors {
				serverlog.Printf("%s", pe.Error())
			}
		}
		serverlog.Printf("pg_ident.conf was not reloaded")
		return
	}
	p.ident = f
}
