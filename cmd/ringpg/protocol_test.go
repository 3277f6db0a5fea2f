package main

import (
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawConn speaks the protocol by hand, for exchanges clients rarely make.
type rawConn struct {
	t *testing.T
	c net.Conn
}

func dialRaw(t *testing.T, s *server) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(15 * time.Second))
	return &rawConn{t: t, c: c}
}

func (r *rawConn) send(b []byte) {
	if _, err := r.c.Write(b); err != nil {
		r.t.Fatal(err)
	}
}

// readByte reads one unframed byte (the answer to SSLRequest/GSSENCRequest).
func (r *rawConn) readByte() byte {
	var b [1]byte
	if _, err := io.ReadFull(r.c, b[:]); err != nil {
		r.t.Fatal(err)
	}
	return b[0]
}

// readMsg reads one backend message: its type and body.
func (r *rawConn) readMsg() (byte, []byte) {
	var hdr [5]byte
	if _, err := io.ReadFull(r.c, hdr[:]); err != nil {
		r.t.Fatalf("reading a message: %v", err)
	}
	body := make([]byte, binary.BigEndian.Uint32(hdr[1:])-4)
	if _, err := io.ReadFull(r.c, body); err != nil {
		r.t.Fatal(err)
	}
	return hdr[0], body
}

// untilReady reads messages up to ReadyForQuery and returns their types.
func (r *rawConn) untilReady() string {
	var types []byte
	for {
		typ, _ := r.readMsg()
		types = append(types, typ)
		if typ == 'Z' {
			return string(types)
		}
	}
}

func startupPacket(minor uint16, params ...string) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint32(b[4:], 3<<16|uint32(minor))
	for _, p := range params {
		b = append(append(b, p...), 0)
	}
	b = append(b, 0)
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

func queryMsg(sql string) []byte {
	b := []byte{'Q', 0, 0, 0, 0}
	b = append(append(b, sql...), 0)
	binary.BigEndian.PutUint32(b[1:], uint32(len(b)-1))
	return b
}

func TestEncryptionRequestsRefused(t *testing.T) {
	s := startServer(t, "")
	for _, code := range []uint32{80877103, 80877104} { // SSLRequest, GSSENCRequest
		r := dialRaw(t, s)
		req := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 8), code)
		r.send(req)
		if got := r.readByte(); got != 'N' {
			t.Fatalf("request %d answered %q, want N", code, got)
		}
		r.send(startupPacket(0, "user", "postgres"))
		if got := r.untilReady(); got[0] != 'R' || got[len(got)-1] != 'Z' {
			t.Fatalf("startup after refusal answered %q", got)
		}
	}
}

func TestNegotiateProtocolVersion(t *testing.T) {
	s := startServer(t, "")
	r := dialRaw(t, s)
	r.send(startupPacket(2, "user", "postgres", "_pq_.something", "x"))
	typ, body := r.readMsg()
	if typ != 'v' {
		t.Fatalf("first message %q, want NegotiateProtocolVersion", typ)
	}
	if minor := binary.BigEndian.Uint32(body); minor != 0 {
		t.Fatalf("newest minor %d, want 0", minor)
	}
	if !strings.Contains(string(body), "_pq_.something") {
		t.Fatalf("unrecognised option not listed: %q", body)
	}
	if got := r.untilReady(); got[0] != 'R' {
		t.Fatalf("after negotiation: %q", got)
	}
	r.send(queryMsg("select 1"))
	if got := r.untilReady(); got != "TDCZ" {
		t.Fatalf("select 1 answered %q", got)
	}
}

// TestPipelinedExtendedQuery: an error inside a pipeline skips everything
// up to Sync, and the session carries on after it.
func TestPipelinedExtendedQuery(t *testing.T) {
	s := startServer(t, "")
	r := dialRaw(t, s)
	r.send(startupPacket(0, "user", "postgres"))
	r.untilReady()
	parse := func(sql string) []byte {
		b := []byte{'P', 0, 0, 0, 0}
		b = append(append(append(b, 0), sql...), 0, 0, 0)
		binary.BigEndian.PutUint32(b[1:], uint32(len(b)-1))
		return b
	}
	bind := []byte{'B', 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0}
	execute := []byte{'E', 0, 0, 0, 9, 0, 0, 0, 0, 0}
	sync := []byte{'S', 0, 0, 0, 4}
	var batch []byte
	batch = append(batch, parse("selec 1")...) // fails: the rest is skipped
	batch = append(batch, bind...)
	batch = append(batch, execute...)
	batch = append(batch, sync...)
	batch = append(batch, parse("select 2")...)
	batch = append(batch, bind...)
	batch = append(batch, execute...)
	batch = append(batch, sync...)
	r.send(batch)
	if got := r.untilReady(); got != "EZ" {
		t.Fatalf("failing pipeline answered %q, want ErrorResponse then ReadyForQuery", got)
	}
	if got := r.untilReady(); got != "12DCZ" {
		t.Fatalf("pipeline after Sync answered %q", got)
	}
}

func TestStartupErrors(t *testing.T) {
	s := startServer(t, "")
	cases := []struct {
		params []string
		want   string
	}{
		{[]string{"user", "nobody"}, `role "nobody" does not exist`},
		{[]string{"user", "postgres", "database", "nodb"}, `database "nodb" does not exist`},
		{[]string{"user", "postgres", "options", "-c work_mem=nonsense"}, `invalid value for parameter "work_mem"`},
		{[]string{"user", "postgres", "no_such_guc", "1"}, `unrecognized configuration parameter "no_such_guc"`},
	}
	for _, tc := range cases {
		r := dialRaw(t, s)
		r.send(startupPacket(0, tc.params...))
		typ, body := r.readMsg()
		if typ != 'E' || !strings.Contains(string(body), tc.want) || !strings.Contains(string(body), "FATAL") {
			t.Errorf("%v answered %q %q, want FATAL %s", tc.params, typ, body, tc.want)
		}
	}
	// Startup options that are valid take effect.
	r := dialRaw(t, s)
	r.send(startupPacket(0, "user", "postgres", "options", "-c work_mem=8MB --search_path=x"))
	r.untilReady()
	r.send(queryMsg("show work_mem; show search_path"))
	var rows []string
	for {
		typ, body := r.readMsg()
		if typ == 'D' {
			rows = append(rows, string(body[6:]))
		}
		if typ == 'Z' {
			break
		}
	}
	if strings.Join(rows, ",") != "8MB,x" {
		t.Fatalf("options gave %q", rows)
	}
}

// TestBackendRetires: after backend_max_sessions sessions a backend is
// replaced by a fresh process.
func TestBackendRetires(t *testing.T) {
	s := startServer(t, "", "-c", "backend_max_sessions=2", "-c", "backend_pool_min_idle=1", "-N", "1")
	seen := map[uint32]int{}
	for i := 0; i < 6; i++ {
		var pid uint32
		if !eventually(10*time.Second, func() bool {
			c, err := s.connect()
			if err != nil {
				return false
			}
			pid = c.PID()
			c.Close(t.Context())
			return true
		}) {
			t.Fatalf("session %d not served\n%s", i, s.log)
		}
		seen[pid]++
	}
	for pid, n := range seen {
		if n > 2 {
			t.Fatalf("backend %d served %d sessions with backend_max_sessions=2", pid, n)
		}
	}
	if len(seen) < 3 {
		t.Fatalf("6 sessions ran in only %d backends", len(seen))
	}
}

func TestLogConnections(t *testing.T) {
	s := startServer(t, "", "-c", "log_connections=on")
	s.mustConnect()
	if !eventually(5*time.Second, func() bool {
		return strings.Contains(s.log.String(), "connection authorized: user=postgres database=postgres")
	}) {
		t.Fatalf("no connection line in the log:\n%s", s.log)
	}
}
