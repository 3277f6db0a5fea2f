package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestConnectPrivilege: a role without CONNECT on a database is refused
// at login with PostgreSQL's error; granting it lets the role in.
func TestConnectPrivilege(t *testing.T) {
	s := startServer(t, "")
	admin := s.mustConnect()
	query(t, admin, "create user outsider")
	query(t, admin, "revoke connect on database postgres from public")
	connect := func(user string) (*pgconn.PgConn, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=%s dbname=postgres sslmode=disable", s.port, user))
	}
	_, err := connect("outsider")
	if sqlstate(err) != "42501" || !strings.Contains(err.Error(), `permission denied for database "postgres"`) {
		t.Fatalf("login without CONNECT: %v", err)
	}
	if c, err := connect("postgres"); err != nil {
		t.Fatalf("a superuser needs no CONNECT: %v", err)
	} else {
		c.Close(context.Background())
	}
	query(t, admin, "grant connect on database postgres to outsider")
	c, err := connect("outsider")
	if err != nil {
		t.Fatalf("login after GRANT CONNECT: %v", err)
	}
	c.Close(context.Background())
	query(t, admin, "grant connect on database postgres to public")
}

// TestPrivilegesAcrossBackendReuse: a plan cached by a session with
// privileges serves no later session of a role without them on the same
// backend, and a role's privileges apply to sessions that started before
// they changed.
func TestPrivilegesAcrossBackendReuse(t *testing.T) {
	s := startServer(t, "")
	admin := s.mustConnect()
	query(t, admin, "create user reader")
	query(t, admin, "create user nobody")
	query(t, admin, "create table secrets (k int, v text)")
	query(t, admin, "insert into secrets values (1, 'x')")
	query(t, admin, "grant select on secrets to reader")
	connectAs := func(user string) *pgconn.PgConn {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, err := pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=%s dbname=postgres sslmode=disable", s.port, user))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// The reader plans and caches the statement on some backend.
	r := connectAs("reader")
	pid := query(t, r, "select pg_backend_pid()")
	for i := 0; i < 3; i++ {
		if got := query(t, r, "select v from secrets where k = 1"); got != "x" {
			t.Fatalf("reader got %q", got)
		}
	}
	r.Close(context.Background())
	// Sessions of a role without SELECT, until one lands on that backend.
	landed := false
	for i := 0; i < 30 && !landed; i++ {
		n := connectAs("nobody")
		landed = query(t, n, "select pg_backend_pid()") == pid
		if _, err := tryQuery(n, "select v from secrets where k = 1"); sqlstate(err) != "42501" {
			t.Errorf("a role without SELECT read through a cached plan: %v", err)
		}
		n.Close(context.Background())
	}
	if !landed {
		t.Log("no later session landed on the reader's backend; checked on others only")
	}
	// A REVOKE reaches a session that is already running.
	r2 := connectAs("reader")
	defer r2.Close(context.Background())
	query(t, r2, "select v from secrets where k = 1")
	query(t, admin, "revoke select on secrets from reader")
	if _, err := tryQuery(r2, "select v from secrets where k = 1"); sqlstate(err) != "42501" {
		t.Errorf("REVOKE did not reach a running session: %v", err)
	}
}
