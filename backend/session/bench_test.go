package session

import (
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"ringpg/backend/sql/engine/enginetest"
	"ringpg/loop/startup"
	"ringpg/settings"
)

// replayTransport is a client that sends setup once, then n requests from
// reqs in turn, each as soon as the answer to the last one has been sent,
// and then goes away. It checks that every answer carries a row.
type replayTransport struct {
	b       *testing.B
	setup   []byte
	reqs    [][]byte
	n, sent int
	rows    int
	pending []byte // the unread rest of the current request
}

func (r *replayTransport) Recv(buf []byte) (int, error) { return r.SendRecv(nil, buf) }
func (r *replayTransport) Send(b []byte) error          { r.count(b); return nil }
func (r *replayTransport) Close() error                 { return nil }

func (r *replayTransport) SendRecv(out, in []byte) (int, error) {
	r.count(out)
	if len(r.pending) == 0 {
		switch {
		case r.setup != nil:
			r.pending, r.setup = r.setup, nil
		case r.sent == r.n:
			return 0, io.EOF
		default:
			if r.sent == 0 {
				r.b.ResetTimer() // the setup's answer has been sent
			}
			r.pending = r.reqs[r.sent%len(r.reqs)]
			r.sent++
		}
	}
	k := copy(in, r.pending)
	r.pending = r.pending[k:]
	return k, nil
}

// count counts the DataRow messages in an answer.
func (r *replayTransport) count(out []byte) {
	for len(out) >= 5 {
		if out[0] == 'D' {
			r.rows++
		}
		n := int(out[1])<<24 | int(out[2])<<16 | int(out[3])<<8 | int(out[4])
		out = out[1+n:]
	}
}

func encodeAll(b *testing.B, msgs ...pgproto3.FrontendMessage) []byte {
	var out []byte
	for _, m := range msgs {
		var err error
		if out, err = m.Encode(out); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// benchSelect serves pgbench -S's requests to a session over an engine
// in this process: the backend's CPU per select from the bytes of the
// request to the bytes of the answer (protocol, plan cache or bind,
// executor, transaction), without the kernel's part of the round trip.
func benchSelect(b *testing.B, setup []byte, req func(aid int) []byte) {
	env := enginetest.New(b)
	const rows = 100000
	enginetest.Accounts(b, env.Session(b), rows)
	reqs := make([][]byte, 1024)
	for i := range reqs {
		reqs[i] = req(i*7919%rows + 1)
	}
	tr := &replayTransport{b: b, setup: setup, reqs: reqs, n: b.N}
	var fd atomic.Int32
	b.ReportAllocs()
	err := Serve(tr, startup.Encode(3, 0, []startup.Param{{Name: "user", Value: "postgres"}}), nil, Env{
		Proc: env.Seg.Proc(1), Counters: env.Seg.Counters(), Settings: settings.New(), Pid: 2,
		ClientFd: &fd, Engine: env.Engine,
	})
	b.StopTimer()
	if err != nil && !errors.Is(err, io.EOF) {
		b.Fatalf("Serve: %v", err)
	}
	if tr.rows != b.N {
		b.Fatalf("%d rows for %d selects", tr.rows, b.N)
	}
}

const pgbenchSelect = "SELECT abalance FROM pgbench_accounts WHERE aid = "

// BenchmarkSelectSimpleProtocol is one pgbench -S -M simple transaction.
func BenchmarkSelectSimpleProtocol(b *testing.B) {
	benchSelect(b, nil, func(aid int) []byte {
		return encodeAll(b, &pgproto3.Query{String: fmt.Sprintf("%s%d;", pgbenchSelect, aid)})
	})
}

// BenchmarkSelectPreparedProtocol is one pgbench -S -M prepared
// transaction: Bind, Execute and Sync of a statement parsed once.
func BenchmarkSelectPreparedProtocol(b *testing.B) {
	setup := encodeAll(b, &pgproto3.Parse{Name: "P0_1", Query: pgbenchSelect + "$1", ParameterOIDs: []uint32{23}}, &pgproto3.Sync{})
	benchSelect(b, setup, func(aid int) []byte {
		return encodeAll(b,
			&pgproto3.Bind{PreparedStatement: "P0_1", Parameters: [][]byte{[]byte(fmt.Sprint(aid))}},
			&pgproto3.Execute{}, &pgproto3.Sync{})
	})
}
