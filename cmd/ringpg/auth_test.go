package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestAuthentication: pg_hba.conf decides the method (reloaded on SIGHUP);
// SCRAM-SHA-256 and md5 let in the right password only; an unknown role,
// a wrong password and a role with the wrong kind of verifier all get the
// same 28P01; reject and a missing rule get 28000; a client that stalls
// inside authentication is dropped after authentication_timeout.
func TestAuthentication(t *testing.T) {
	s := startServer(t, "", "-c", "authentication_timeout=1s")
	c := s.mustConnect()
	query(t, c, "create user alice password 'wonder'")
	query(t, c, "set password_encryption = 'md5'")
	query(t, c, "create user bob password 'builder'")
	query(t, c, "create user carol password 'x'")
	query(t, c, "create role nologin_role password 'y'")
	hba := "local all all trust\n" +
		"host all postgres 127.0.0.1/32 trust\n" +
		"host all bob 127.0.0.1/32 md5\n" +
		"host all dave 127.0.0.1/32 reject\n" +
		"host sameuser all 127.0.0.1/32 scram-sha-256\n" +
		"host postgres all 127.0.0.1/32 scram-sha-256\n"
	if err := os.WriteFile(filepath.Join(s.dataDir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	s.signal(syscall.SIGHUP)
	try := func(user, password, db string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, err := pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=%s password=%s dbname=%s sslmode=disable", s.port, user, password, db))
		if err == nil {
			conn.Close(ctx)
		}
		return err
	}
	// The backends pick the new file up with the reloaded settings.
	if !eventually(10*time.Second, func() bool { return sqlstate(try("alice", "wrong", "postgres")) == "28P01" }) {
		t.Fatalf("pg_hba.conf not reloaded: %v", try("alice", "wrong", "postgres"))
	}
	for _, tc := range []struct {
		user, password, db, state string
	}{
		{"alice", "wonder", "postgres", ""},
		{"alice", "wrong", "postgres", "28P01"},
		{"bob", "builder", "postgres", ""},
		{"bob", "wrong", "postgres", "28P01"},
		{"nobody", "x", "postgres", "28P01"},
		{"carol", "x", "postgres", "28P01"}, // an md5 verifier cannot do SCRAM
		{"dave", "x", "postgres", "28000"},
		{"nologin_role", "y", "postgres", "28P01"},
		{"alice", "wonder", "template1", "28000"}, // no rule for that database
	} {
		err := try(tc.user, tc.password, tc.db)
		if got := sqlstate(err); got != tc.state {
			t.Errorf("%s/%s on %s: SQLSTATE %q (%v), want %q", tc.user, tc.password, tc.db, got, err, tc.state)
		}
		if tc.state == "28P01" && !strings.Contains(err.Error(), fmt.Sprintf("password authentication failed for user \"%s\"", tc.user)) {
			t.Errorf("%s: %v", tc.user, err)
		}
	}
	// A client that never answers the password request.
	conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", s.port))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	params := "user\x00alice\x00database\x00postgres\x00\x00"
	pkt := make([]byte, 8, 8+len(params))
	pkt[0], pkt[1], pkt[2], pkt[3] = 0, 0, 0, byte(8+len(params))
	pkt[5] = 3 // protocol 3.0
	conn.Write(append(pkt, params...))
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var got []byte
	buf := make([]byte, 512)
	for {
		n, err := conn.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	if !strings.Contains(string(got), "canceling authentication due to timeout") {
		t.Fatalf("a stalled client got %q", got)
	}
}

// TestSessionReset: a backend serves one session after another, and
// nothing of a session reaches the next one on the same backend: not its
// prepared statements, settings, role, advisory locks nor its open
// transaction, nor its temporary tables.
func TestSessionReset(t *testing.T) {
	s := startServer(t, "")
	setup := s.mustConnect()
	query(t, setup, "create user plain")
	first := s.mustConnect()
	pid := query(t, first, "select pg_backend_pid()")
	query(t, first, "prepare p as select 1")
	query(t, first, "set work_mem = '1234kB'")
	query(t, first, "create table tt (a int)")
	query(t, first, "grant select, insert on tt to plain")
	query(t, first, "set role plain")
	query(t, first, "select pg_advisory_lock(42)")
	query(t, first, "create temp table tmpx (a int)")
	query(t, first, "insert into tmpx values (1)")
	query(t, first, "begin")
	query(t, first, "insert into tt values (1)")
	first.Close(context.Background())
	c := s.connectToBackend(t, pid)
	if c == nil {
		t.Skip("no session landed on the first session's backend")
	}
	defer c.Close(context.Background())
	if _, err := tryQuery(c, "execute p"); sqlstate(err) != "26000" {
		t.Errorf("prepared statement of the last session: %v", err)
	}
	if got := query(t, c, "show work_mem"); got != "4MB" {
		t.Errorf("work_mem %s", got)
	}
	if got := query(t, c, "select current_user"); got != "postgres" {
		t.Errorf("current_user %s", got)
	}
	if got := query(t, setup, "select pg_try_advisory_lock(42)"); got != "t" {
		t.Errorf("advisory lock of the last session still held: %s", got)
	}
	if _, err := tryQuery(c, "select * from tmpx"); sqlstate(err) != "42P01" {
		t.Errorf("temporary table of the last session: %v", err)
	}
	if got := query(t, c, "select count(*) from pg_class where relname = 'tmpx'"); got != "0" {
		t.Errorf("the last session's temporary table is still in pg_class (%s rows)", got)
	}
	if got := query(t, c, "select count(*) from tt"); got != "0" {
		t.Errorf("the last session's open transaction left %s rows", got)
	}
	if got := query(t, c, "select count(*) from pg_stat_activity where state like 'idle in transaction%'"); got != "0" {
		t.Errorf("%s sessions idle in transaction", got)
	}
}

// TestRoleConnectionLimit: CONNECTION LIMIT counts a role's sessions;
// superusers are not held to it.
func TestRoleConnectionLimit(t *testing.T) {
	s := startServer(t, "")
	c := s.mustConnect()
	query(t, c, "create user limited connection limit 1")
	connect := func(user string) (*pgconn.PgConn, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=%s dbname=postgres sslmode=disable", s.port, user))
	}
	one, err := connect("limited")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := connect("limited"); sqlstate(err) != "53300" || !strings.Contains(err.Error(), `too many connections for role "limited"`) {
		t.Fatalf("second session over the limit: %v", err)
	}
	one.Close(context.Background())
	if !eventually(5*time.Second, func() bool {
		two, err := connect("limited")
		if err == nil {
			two.Close(context.Background())
		}
		return err == nil
	}) {
		t.Fatal("the limit still counts a session that ended")
	}
}
