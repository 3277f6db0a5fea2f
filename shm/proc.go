package shm

import (
	"sync/atomic"
	"unsafe"
)

// ProcState is what a proc slot's owner is doing, as pg_stat_activity shows.
type ProcState uint32

// Proc states. A slot is Free until a process claims it.
const (
	ProcFree ProcState = iota
	ProcStarting
	ProcIdleInPool // a warm backend with no session
	ProcIdle       // a session waiting for its client's next message
	ProcActive     // running a statement
	ProcIdleInTransaction
	ProcIdleInTransactionAborted
	ProcExiting
)

var procStateNames = [...]string{"free", "starting", "pooled", "idle", "active",
	"idle in transaction", "idle in transaction (aborted)", "exiting"}

func (s ProcState) String() string {
	if int(s) < len(procStateNames) {
		return procStateNames[s]
	}
	return "unknown"
}

// ProcKind says what sort of process owns a slot.
type ProcKind uint32

// Process kinds.
const (
	KindBackend ProcKind = iota + 1
	KindAuxiliary
)

// QueryTextSize bounds the statement text kept per slot (PostgreSQL's
// track_activity_query_size default).
const QueryTextSize = 1024

const nameSize = 64

// Proc is one slot of the proc array: the shared face of one process. The
// postmaster assigns slot numbers; a process only ever writes its own slot,
// except that the postmaster clears a slot after its owner has exited.
type Proc struct {
	pid       atomic.Int32  // owner's pid; 0 when free. Set by the owner at attach, cleared by the postmaster after exit
	cancelKey atomic.Uint32 // secret key of the current session; written only by the owner
	state     atomic.Uint32 // ProcState; written only by the owner (and the postmaster on clear)
	kind      atomic.Uint32 // ProcKind; written by the owner at attach
	sessions  atomic.Uint64 // sessions served; written only by the owner
	since     atomic.Int64  // unix nanoseconds when the session (or statement) started; owner only
	waitPid   atomic.Int32  // pid of the process whose transaction this one waits for (a row lock, a unique check); 0 when not waiting; owner only
	waitXid   atomic.Uint64 // the transaction waited for; owner only, written before waitPid
	waitSince atomic.Int64  // unix nanoseconds when the wait began; owner only, written before waitPid

	// change is a sequence counter guarding the text fields below: the
	// owner makes it odd, writes, and makes it even again; a reader copies
	// the fields and retries while it was odd or moved (a seqlock, as
	// PostgreSQL's st_changecount).
	change   atomic.Uint32
	queryLen uint32              // guarded by change
	database [nameSize]byte      // guarded by change
	user     [nameSize]byte      // guarded by change
	query    [QueryTextSize]byte // guarded by change

	// The session's client, as pg_stat_activity and pg_stat_ssl show it;
	// cleared by SessionStarted, set by SetClient. Texts are cut at
	// nameSize-1 bytes, as PostgreSQL cuts them at NAMEDATALEN-1.
	clientPort  int32          // guarded by change; -1 for a Unix socket, 0 when unknown
	sslFlags    uint32         // guarded by change; bit 0: TLS in use
	sslBits     int32          // guarded by change
	clientCPU   atomic.Int32   // 1 + the CPU the session's client sends from, 0 when unknown, | procPinned when the owner pinned itself there (backend_cpu_affinity = client); owner only, and Clear
	clientAddr  [nameSize]byte // guarded by change; "" for a Unix socket
	sslVersion  [nameSize]byte // guarded by change
	sslCipher   [nameSize]byte // guarded by change
	sslClientDN [nameSize]byte // guarded by change
	sslSerial   [nameSize]byte // guarded by change; decimal
	sslIssuerDN [nameSize]byte // guarded by change
}

// SSLStatus is what pg_stat_ssl shows of a session's TLS. With SSL false
// the other fields are empty; the certificate fields are empty when the
// client sent no certificate.
type SSLStatus struct {
	SSL          bool
	Version      string // TLSv1.2, TLSv1.3
	Cipher       string
	Bits         int32
	ClientDN     string // the client certificate's subject, "/CN=..." as OpenSSL's oneline form
	ClientSerial string // its serial number in decimal
	IssuerDN     string // its issuer, in the same form
}

// Client is what a slot shows of its session's client.
type Client struct {
	Addr string // the client's IP address; "" for a Unix socket
	Port int32  // its TCP port; -1 for a Unix socket
	SSL  SSLStatus
}

// Proc returns slot i of the proc array.
func (s *Segment) Proc(i int) *Proc {
	if i < 0 || i >= int(s.hdr.MaxProcs) {
		panic("shm: proc slot out of range") // a caller bug, never client input
	}
	return (*Proc)(s.at(s.layout.procOff + uintptr(i)*unsafe.Sizeof(Proc{})))
}

// FindProc returns the slot owned by pid, or nil.
func (s *Segment) FindProc(pid int32) *Proc {
	for i := 0; i < int(s.hdr.MaxProcs); i++ {
		if p := s.Proc(i); p.pid.Load() == pid {
			return p
		}
	}
	return nil
}

// Claim marks the slot as owned by pid. The caller is the new owner.
func (p *Proc) Claim(pid int32, kind ProcKind) {
	p.kind.Store(uint32(kind))
	p.state.Store(uint32(ProcStarting))
	p.pid.Store(pid)
}

// Clear frees the slot after its owner has exited. Called by the postmaster.
func (p *Proc) Clear() {
	p.cancelKey.Store(0)
	p.waitPid.Store(0)
	p.clientCPU.Store(0)
	p.state.Store(uint32(ProcFree))
	p.pid.Store(0)
}

// procPinned is the bit of clientCPU saying the owner is pinned to that CPU.
const procPinned = 1 << 30

// ClientCPU returns the CPU the session's client was last seen sending
// from (-1 when unknown) and whether the owner is pinned to it.
func (p *Proc) ClientCPU() (cpu int, pinned bool) {
	v := p.clientCPU.Load()
	return int(v&^procPinned) - 1, v&procPinned != 0
}

// SetClientCPU records the client's CPU (-1: unknown) and whether the
// owner pinned itself to it.
func (p *Proc) SetClientCPU(cpu int, pinned bool) {
	v := int32(cpu + 1)
	if pinned {
		v |= procPinned
	}
	p.clientCPU.Store(v)
}

// Pid returns the owner's pid, 0 when free.
func (p *Proc) Pid() int32 { return p.pid.Load() }

// Kind returns what sort of process owns the slot.
func (p *Proc) Kind() ProcKind { return ProcKind(p.kind.Load()) }

// State returns what the owner is doing.
func (p *Proc) State() ProcState { return ProcState(p.state.Load()) }

// SetState records what the owner is doing. Owner only.
func (p *Proc) SetState(st ProcState) { p.state.Store(uint32(st)) }

// CancelKey returns the current session's secret key.
func (p *Proc) CancelKey() uint32 { return p.cancelKey.Load() }

// SetCancelKey publishes a new session's secret key. Owner only.
func (p *Proc) SetCancelKey(k uint32) { p.cancelKey.Store(k) }

// Sessions returns how many sessions the owner has served.
func (p *Proc) Sessions() uint64 { return p.sessions.Load() }

// SessionStarted counts a session and records its start. Owner only.
func (p *Proc) SessionStarted(nanos int64, database, user string) {
	p.sessions.Add(1)
	p.since.Store(nanos)
	p.change.Add(1)
	copy(p.database[:], pad(database, nameSize))
	copy(p.user[:], pad(user, nameSize))
	p.queryLen = 0
	p.setClientLocked(Client{})
	p.change.Add(1)
}

// SetClient records the session's client and its TLS state. Owner only,
// after SessionStarted (which clears them, so that a reused backend never
// shows the client of its previous session).
func (p *Proc) SetClient(c Client) {
	p.change.Add(1)
	p.setClientLocked(c)
	p.change.Add(1)
}

// setClientLocked writes the client fields; the caller holds the change
// counter odd.
func (p *Proc) setClientLocked(c Client) {
	p.clientPort = c.Port
	p.sslFlags, p.sslBits = 0, c.SSL.Bits
	if c.SSL.SSL {
		p.sslFlags = 1
	}
	copy(p.clientAddr[:], pad(c.Addr, nameSize))
	copy(p.sslVersion[:], pad(c.SSL.Version, nameSize))
	copy(p.sslCipher[:], pad(c.SSL.Cipher, nameSize))
	copy(p.sslClientDN[:], pad(c.SSL.ClientDN, nameSize))
	copy(p.sslSerial[:], pad(c.SSL.ClientSerial, nameSize))
	copy(p.sslIssuerDN[:], pad(c.SSL.IssuerDN, nameSize))
}

// SetQuery records the statement being run (truncated). Owner only.
func (p *Proc) SetQuery(q string) {
	p.change.Add(1)
	n := copy(p.query[:], q)
	p.queryLen = uint32(n)
	p.change.Add(1)
}

// Activity is a consistent copy of a slot's text fields.
type Activity struct {
	Pid      int32
	State    ProcState
	Database string
	User     string
	Query    string
	Client   Client
}

// Activity copies the slot's text fields consistently (any process).
func (p *Proc) Activity() Activity {
	for {
		before := p.change.Load()
		if before&1 == 1 {
			continue
		}
		a := Activity{
			Pid:      p.pid.Load(),
			State:    p.State(),
			Database: unpad(p.database[:]),
			User:     unpad(p.user[:]),
		}
		n := p.queryLen
		if n > QueryTextSize {
			n = QueryTextSize
		}
		a.Query = string(p.query[:n])
		a.Client = Client{Addr: unpad(p.clientAddr[:]), Port: p.clientPort, SSL: SSLStatus{
			SSL: p.sslFlags&1 != 0, Bits: p.sslBits, Version: unpad(p.sslVersion[:]),
			Cipher: unpad(p.sslCipher[:]), ClientDN: unpad(p.sslClientDN[:]),
			ClientSerial: unpad(p.sslSerial[:]), IssuerDN: unpad(p.sslIssuerDN[:])}}
		if p.change.Load() == before {
			return a
		}
	}
}

func pad(s string, n int) []byte {
	b := make([]byte, n)
	copy(b[:n-1], s)
	return b
}

func unpad(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// SetWaitingFor records that the owner waits for transaction xid of the
// process pid since the given unix nanoseconds (pid 0: it stopped
// waiting), for deadlock detection, pg_locks-style views and the isolation
// tester's blocking check.
func (p *Proc) SetWaitingFor(pid int32, xid uint64, since int64) {
	if pid != 0 {
		p.waitXid.Store(xid)
		p.waitSince.Store(since)
	}
	p.waitPid.Store(pid)
}

// WaitingFor returns the pid the owner waits for, 0 if none.
func (p *Proc) WaitingFor() int32 { return p.waitPid.Load() }

// Wait returns what the owner waits for: the process, its transaction and
// since when; pid 0 when it does not wait.
func (p *Proc) Wait() (pid int32, xid uint64, since int64) {
	pid = p.waitPid.Load()
	return pid, p.waitXid.Load(), p.waitSince.Load()
}

// Since returns when the owner's session started (unix nanoseconds).
func (p *Proc) Since() int64 { return p.since.Load() }
