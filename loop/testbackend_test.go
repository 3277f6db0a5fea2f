package loop

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"

	"github.com/jackc/pgx/v5/pgproto3"
	"golang.org/x/sys/unix"

	"ringpg/loop/handoff"
	"ringpg/shm"
)

// testBackendMain is the "backend" role of the test binary: a stand-in that
// keeps the postmaster's side of the contract (proc slot, settings record,
// Ready notes, sessions handed over the control socket, SIGTERM and SIGQUIT)
// and answers any query with one row holding 1. It keeps these tests apart
// from the data layer and its shared-memory regions.
func testBackendMain() int {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, unix.SIGTERM, unix.SIGQUIT, unix.SIGINT, unix.SIGHUP)
	go func() {
		for sig := range sigs {
			switch sig {
			case unix.SIGTERM:
				os.Exit(1)
			case unix.SIGQUIT:
				os.Exit(2)
			}
		}
	}()
	go func() {
		f := os.NewFile(handoff.FdDeath, "postmaster-death")
		buf := make([]byte, 1)
		for {
			if _, err := f.Read(buf); err != nil {
				os.Exit(1)
			}
		}
	}()
	slot, err := strconv.Atoi(os.Getenv(handoff.EnvSlot))
	if err != nil {
		return 1
	}
	seg, err := shm.Attach(handoff.FdSegment)
	if err != nil || slot >= seg.MaxProcs() {
		return 1
	}
	proc := seg.Proc(slot)
	proc.Claim(int32(os.Getpid()), shm.KindBackend)
	if rec, err := handoff.Receive(handoff.FdControl); err != nil || rec.Config == nil {
		return 1
	}
	needReady := true
	for {
		if needReady {
			proc.SetState(shm.ProcIdleInPool)
			if handoff.SendNote(handoff.FdControl, handoff.NoteReady) != nil {
				return 1
			}
			needReady = false
		}
		rec, err := handoff.Receive(handoff.FdControl)
		switch {
		case errors.Is(err, handoff.ErrClosed):
			return 0
		case err != nil:
			return 1
		case rec.Session == nil:
			continue
		}
		proc.SetState(shm.ProcIdle)
		serveTestSession(rec.Client, rec.Session.Pending)
		needReady = true
	}
}

// serveTestSession speaks just enough of the protocol for pgconn.
func serveTestSession(fd int, pending []byte) {
	f := os.NewFile(uintptr(fd), "client")
	conn, err := net.FileConn(f)
	f.Close()
	if err != nil {
		return
	}
	defer conn.Close()
	be := pgproto3.NewBackend(io.MultiReader(bytes.NewReader(pending), conn), conn)
	be.Send(&pgproto3.AuthenticationOk{})
	be.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
	if be.Flush() != nil {
		return
	}
	for {
		msg, err := be.Receive()
		if err != nil {
			return
		}
		switch msg.(type) {
		case *pgproto3.Terminate:
			return
		case *pgproto3.Query:
			be.Send(&pgproto3.RowDescription{Fields: []pgproto3.FieldDescription{
				{Name: []byte("?column?"), DataTypeOID: 23, DataTypeSize: 4, TypeModifier: -1}}})
			be.Send(&pgproto3.DataRow{Values: [][]byte{[]byte("1")}})
			be.Send(&pgproto3.CommandComplete{CommandTag: []byte("SELECT 1")})
			be.Send(&pgproto3.ReadyForQuery{TxStatus: 'I'})
			if be.Flush() != nil {
				return
			}
		}
	}
}
