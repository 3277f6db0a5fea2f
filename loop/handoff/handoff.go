// Package handoff is the control channel between the postmaster and one
// backend process: a SOCK_SEQPACKET socket pair whose every message is one
// record. The postmaster sends a backend its settings once and then, each
// time it is given a client, a Session record with the client's socket
// attached (SCM_RIGHTS); the backend answers with notes: Ready when it waits
// for a session, Retire when it is about to exit on purpose.
//
// Each side owns its end; the functions here are stateless and may be called
// from any goroutine, but one end must not be read from two goroutines.
package handoff

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sys/unix"
)

// Record types.
const (
	typeSession = 'S'
	typeConfig  = 'C'
	typeNote    = 'N'
)

// Note is what a backend tells the postmaster.
type Note byte

// Notes.
const (
	NoteReady  Note = 'R' // idle in the pool, waiting for a session
	NoteRetire Note = 'X' // exiting on purpose (session limit, memory bound)
)

// MaxRecord bounds one record: a startup packet, what the client sent after
// it, and the peer's address fit well inside.
const MaxRecord = 64 << 10

// Session is what a backend needs to take over a client connection.
//
// When SSL is set the postmaster answered an SSLRequest with 'S' and read
// nothing more: Packet is empty, Pending holds whatever the client sent
// since (the start of its TLS handshake), and the backend performs the
// handshake and reads the startup packet inside TLS.
type Session struct {
	Packet  []byte // the client's startup packet, as received; empty with SSL
	Pending []byte // bytes the client sent after the startup packet (or the SSLRequest)
	Remote  string // the client's address, for logs and pg_stat_activity
	SSL     bool   // TLS requested and accepted; no startup packet read yet
}

// Session record flags, the record's fourth part (one byte).
const flagSSL = 1

// Pair makes a connected control socket pair; the first end stays in the
// postmaster, the second is inherited by the backend.
func Pair() (postmaster, backend int, err error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, -1, fmt.Errorf("control socketpair: %w", err)
	}
	return fds[0], fds[1], nil
}

// SendSession passes client (a socket descriptor) and s to the backend at ctl.
// The caller keeps its own copy of client and closes it afterwards.
func SendSession(ctl, client int, s Session) error {
	b, err := encodeSession(s)
	if err != nil {
		return err
	}
	return sendAll(ctl, b, unix.UnixRights(client))
}

// encodeSession lays s out as a session record: the type byte, then four
// length-prefixed parts (packet, pending bytes, remote address, flags).
func encodeSession(s Session) ([]byte, error) {
	b := []byte{typeSession}
	var flags byte
	if s.SSL {
		flags |= flagSSL
	}
	for _, part := range [][]byte{s.Packet, s.Pending, []byte(s.Remote), {flags}} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(part)))
		b = append(b, part...)
	}
	if len(b) > MaxRecord {
		return nil, fmt.Errorf("session record of %d bytes exceeds %d", len(b), MaxRecord)
	}
	return b, nil
}

// SendConfig passes the encoded settings to the backend at ctl.
func SendConfig(ctl int, settings []byte) error {
	if len(settings)+1 > MaxRecord {
		return fmt.Errorf("settings record of %d bytes exceeds %d", len(settings)+1, MaxRecord)
	}
	return sendAll(ctl, append([]byte{typeConfig}, settings...), nil)
}

// SendNote tells the postmaster n.
func SendNote(ctl int, n Note) error {
	return sendAll(ctl, []byte{typeNote, byte(n)}, nil)
}

func sendAll(fd int, b, oob []byte) error {
	for {
		err := unix.Sendmsg(fd, b, oob, nil, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("control sendmsg: %w", err)
		}
		return nil
	}
}

// ErrClosed means the other end of the control socket is gone.
var ErrClosed = errors.New("control socket closed")

// Record is one received record: exactly one of its fields is set.
type Record struct {
	Session *Session
	Client  int // the client socket of a Session record; -1 otherwise
	Config  []byte
	Note    Note
}

// recvBufs recycles receive buffers: one record is read per connection on
// each side, and a fresh MaxRecord allocation each time would feed the
// collector on the connection path. decode copies everything it keeps.
var recvBufs = sync.Pool{New: func() any { b := make([]byte, MaxRecord); return &b }}

// Receive blocks for the next record on ctl. It closes any descriptor that
// arrives with a malformed record.
func Receive(ctl int) (Record, error) {
	bp := recvBufs.Get().(*[]byte)
	defer recvBufs.Put(bp)
	buf := *bp
	var oobArr [64]byte // room for one SCM_RIGHTS descriptor
	oob := oobArr[:unix.CmsgSpace(4)]
	var n, oobn int
	var err error
	for {
		n, oobn, _, _, err = unix.Recvmsg(ctl, buf, oob, unix.MSG_CMSG_CLOEXEC)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return Record{Client: -1}, fmt.Errorf("control recvmsg: %w", err)
	}
	if n == 0 {
		return Record{Client: -1}, ErrClosed
	}
	client, err := parseRights(oob[:oobn])
	if err != nil {
		return Record{Client: -1}, err
	}
	rec, err := decode(buf[:n], client)
	if err != nil && client >= 0 {
		unix.Close(client)
	}
	return rec, err
}

func parseRights(oob []byte) (int, error) {
	if len(oob) == 0 {
		return -1, nil
	}
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return -1, fmt.Errorf("control message: %w", err)
	}
	fd := -1
	for _, m := range msgs {
		fds, err := unix.ParseUnixRights(&m)
		if err != nil {
			continue
		}
		for _, f := range fds {
			if fd < 0 {
				fd = f
			} else {
				unix.Close(f) // never more than one expected
			}
		}
	}
	return fd, nil
}

func decode(b []byte, client int) (Record, error) {
	rec := Record{Client: -1}
	switch b[0] {
	case typeNote:
		if len(b) != 2 {
			return rec, fmt.Errorf("note record of %d bytes", len(b))
		}
		rec.Note = Note(b[1])
		return rec, nil
	case typeConfig:
		rec.Config = append([]byte(nil), b[1:]...)
		return rec, nil
	case typeSession:
		if client < 0 {
			return rec, errors.New("session record without a client socket")
		}
		parts, err := splitParts(b[1:], 4)
		if err != nil {
			return rec, err
		}
		if len(parts[3]) != 1 {
			return rec, fmt.Errorf("session record flags of %d bytes", len(parts[3]))
		}
		rec.Session = &Session{Packet: parts[0], Pending: parts[1], Remote: string(parts[2]), SSL: parts[3][0]&flagSSL != 0}
		rec.Client = client
		return rec, nil
	}
	return rec, fmt.Errorf("unknown control record type %q", b[0])
}

func splitParts(b []byte, n int) ([][]byte, error) {
	parts := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		if len(b) < 4 {
			return nil, errors.New("truncated session record")
		}
		l := binary.BigEndian.Uint32(b)
		b = b[4:]
		if uint64(l) > uint64(len(b)) {
			return nil, errors.New("truncated session record")
		}
		parts = append(parts, append([]byte(nil), b[:l]...))
		b = b[l:]
	}
	if len(b) != 0 {
		return nil, errors.New("trailing bytes in session record")
	}
	return parts, nil
}
