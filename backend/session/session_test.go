package session

import (
	"bytes"
	"errors"
	"io"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"ringpg/loop/startup"
	"ringpg/settings"
	"ringpg/shm"
)

// pipeTransport plays a client that sent everything up front: Recv hands
// out the scripted bytes, then EOF; everything sent is kept.
type pipeTransport struct {
	in  *bytes.Reader
	out bytes.Buffer
}

func (p *pipeTransport) Recv(buf []byte) (int, error) { return p.in.Read(buf) }
func (p *pipeTransport) Send(b []byte) error          { p.out.Write(b); return nil }
func (p *pipeTransport) SendRecv(out, in []byte) (int, error) {
	p.out.Write(out)
	return p.in.Read(in)
}
func (p *pipeTransport) Close() error { return nil }

// run plays msgs against a fresh session and returns what it answered.
func run(t *testing.T, msgs ...pgproto3.FrontendMessage) []pgproto3.BackendMessage {
	t.Helper()
	var in []byte
	for _, m := range msgs {
		b, err := m.Encode(nil)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, b...)
	}
	seg, err := shm.Create(shm.Config{MaxProcs: 1, HugePages: shm.HugeOff})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	var fd atomic.Int32
	tr := &pipeTransport{in: bytes.NewReader(in)}
	err = Serve(tr, startup.Encode(3, 0, []startup.Param{{Name: "user", Value: "postgres"}}), nil, Env{
		Proc: seg.Proc(0), Counters: seg.Counters(), Settings: settings.New(), Pid: 1, ClientFd: &fd,
	})
	if err != nil && !errors.Is(err, io.EOF) {
		t.Fatalf("Serve: %v", err)
	}
	fe := pgproto3.NewFrontend(bytes.NewReader(tr.out.Bytes()), io.Discard)
	var got []pgproto3.BackendMessage
	for {
		m, err := fe.Receive()
		if err != nil {
			return got
		}
		got = append(got, copyMsg(m))
	}
}

// copyMsg detaches a message from the frontend's reuse of its structs.
func copyMsg(m pgproto3.BackendMessage) pgproto3.BackendMessage {
	b, _ := m.Encode(nil)
	fe := pgproto3.NewFrontend(bytes.NewReader(b), io.Discard)
	c, _ := fe.Receive()
	return c
}

func msgTypes(msgs []pgproto3.BackendMessage) string {
	var s []byte
	for _, m := range msgs {
		b, _ := m.Encode(nil)
		s = append(s, b[0])
	}
	return string(s)
}

func TestSessionExchanges(t *testing.T) {
	greeting := run(t)
	if g := msgTypes(greeting); g[0] != 'R' || g[len(g)-2:] != "KZ" {
		t.Fatalf("greeting %q", g)
	}
	n := len(greeting)
	tests := []struct {
		name string
		msgs []pgproto3.FrontendMessage
		want string
	}{
		{"select", []pgproto3.FrontendMessage{&pgproto3.Query{String: "select 1"}}, "TDCZ"},
		{"two statements", []pgproto3.FrontendMessage{&pgproto3.Query{String: "select 1; show work_mem"}}, "TDCTDCZ"},
		{"empty", []pgproto3.FrontendMessage{&pgproto3.Query{String: " ; "}}, "IZ"},
		{"error stops the rest", []pgproto3.FrontendMessage{&pgproto3.Query{String: "selec 1; select 2"}}, "EZ"},
		{"set reports", []pgproto3.FrontendMessage{&pgproto3.Query{String: "set application_name = 'x'"}}, "CSZ"},
		{"extended", []pgproto3.FrontendMessage{
			&pgproto3.Parse{Query: "select 1"}, &pgproto3.Describe{ObjectType: 'S'},
			&pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{}}, "1tT2DCZ"},
		{"row limit", []pgproto3.FrontendMessage{
			&pgproto3.Parse{Query: "show all"}, &pgproto3.Bind{}, &pgproto3.Execute{MaxRows: 2}, &pgproto3.Sync{}}, "12DDsZ"},
		{"unknown portal", []pgproto3.FrontendMessage{&pgproto3.Execute{Portal: "nope"}, &pgproto3.Sync{}}, "EZ"},
		{"terminate", []pgproto3.FrontendMessage{&pgproto3.Terminate{}, &pgproto3.Query{String: "select 1"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := msgTypes(run(t, tc.msgs...)[n:])
			if got != tc.want {
				t.Fatalf("answered %q, want %q", got, tc.want)
			}
		})
	}
}
