package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// listener is a connection that records the notifications it receives.
type listener struct {
	c   *pgconn.PgConn
	got chan string
}

func (s *server) connectListener(t *testing.T, db string) *listener {
	t.Helper()
	cfg, err := pgconn.ParseConfig(strings.Replace(s.connString(""), "dbname=postgres", "dbname="+db, 1))
	if err != nil {
		t.Fatal(err)
	}
	l := &listener{got: make(chan string, 100)}
	cfg.OnNotification = func(_ *pgconn.PgConn, n *pgconn.Notification) {
		l.got <- fmt.Sprintf("%d %s %s", n.PID, n.Channel, n.Payload)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if l.c, err = pgconn.ConnectConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.c.Close(context.Background()) })
	return l
}

// wait waits up to d for a notification while the connection is idle,
// as an application's listening loop does; "" when none came.
func (l *listener) wait(t *testing.T, d time.Duration) string {
	t.Helper()
	select {
	case n := <-l.got:
		return n
	default:
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := l.c.WaitForNotification(ctx); err != nil {
		if ctx.Err() != nil {
			return ""
		}
		t.Fatal(err)
	}
	return <-l.got
}

// TestListenNotify checks LISTEN/NOTIFY between sessions as PostgreSQL
// does it: an idle listener hears a commit's notifications without
// sending anything; nothing is heard before the sender commits, nor by a
// listener inside a transaction block before it ends, nor across
// databases; UNLISTEN and the end of a session stop delivery.
func TestListenNotify(t *testing.T) {
	s := startServer(t, "")
	sender := s.mustConnect()
	senderPid := query(t, sender, "SELECT pg_backend_pid()")
	query(t, sender, "CREATE DATABASE other")
	l := s.connectListener(t, "postgres")
	query(t, l.c, "LISTEN ch")

	query(t, sender, "NOTIFY ch, 'one'")
	if got, want := l.wait(t, 5*time.Second), senderPid+" ch one"; got != want {
		t.Fatalf("idle listener got %q, want %q", got, want)
	}

	query(t, sender, "BEGIN")
	query(t, sender, "SELECT pg_notify('ch', 'two')")
	query(t, sender, "NOTIFY other_channel, 'not for us'")
	if got := l.wait(t, 200*time.Millisecond); got != "" {
		t.Fatalf("heard %q before the sender committed", got)
	}
	query(t, sender, "COMMIT")
	if got, want := l.wait(t, 5*time.Second), senderPid+" ch two"; got != want {
		t.Fatalf("after commit got %q, want %q", got, want)
	}

	// Inside a transaction block the listener hears nothing until it
	// ends; then the notification comes with the COMMIT's answer.
	query(t, l.c, "BEGIN")
	query(t, sender, "NOTIFY ch, 'three'")
	if got := l.wait(t, 200*time.Millisecond); got != "" {
		t.Fatalf("heard %q inside a transaction block", got)
	}
	query(t, l.c, "COMMIT")
	select {
	case got := <-l.got:
		if want := senderPid + " ch three"; got != want {
			t.Fatalf("at COMMIT got %q, want %q", got, want)
		}
	default:
		t.Fatal("nothing delivered with the COMMIT that ended the block")
	}

	// Another database's notifications are not ours.
	o := s.connectListener(t, "other")
	query(t, o.c, "NOTIFY ch, 'elsewhere'")
	if got := l.wait(t, 200*time.Millisecond); got != "" {
		t.Fatalf("heard %q from another database", got)
	}

	query(t, l.c, "UNLISTEN ch")
	query(t, sender, "NOTIFY ch, 'four'")
	if got := l.wait(t, 200*time.Millisecond); got != "" {
		t.Fatalf("heard %q after UNLISTEN", got)
	}

	// A listener that goes away holds nothing back.
	gone := s.connectListener(t, "postgres")
	query(t, gone.c, "LISTEN ch")
	query(t, sender, "NOTIFY ch, 'five'")
	if u := query(t, sender, "SELECT pg_notification_queue_usage() > 0"); u != "t" {
		t.Fatalf("queue usage with an unread notification: %s", u)
	}
	gone.c.Close(context.Background())
	if !eventually(5*time.Second, func() bool { return query(t, sender, "SELECT pg_notification_queue_usage()") == "0" }) {
		t.Fatal("queue usage stayed above 0 after the only listener left")
	}
}

// TestSignalBackend cancels another session's statement with
// pg_cancel_backend and ends the session with pg_terminate_backend,
// waiting for it to go.
func TestSignalBackend(t *testing.T) {
	s := startServer(t, "")
	admin := s.mustConnect()
	victim := s.mustConnect()
	pid := query(t, victim, "SELECT pg_backend_pid()")
	done := make(chan error, 1)
	go func() {
		_, err := tryQuery(victim, "SELECT pg_sleep(30)")
		done <- err
	}()
	if !eventually(5*time.Second, func() bool {
		return query(t, admin, "SELECT count(*) FROM pg_stat_activity WHERE pid = "+pid+" AND state = 'active'") == "1"
	}) {
		t.Fatal("the victim's statement never showed as active")
	}
	if got := query(t, admin, "SELECT pg_cancel_backend("+pid+")"); got != "t" {
		t.Fatalf("pg_cancel_backend returned %q", got)
	}
	select {
	case err := <-done:
		if sqlstate(err) != "57014" {
			t.Fatalf("cancelled statement ended with %v, want 57014", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the statement was not cancelled")
	}
	if got := query(t, victim, "SELECT 1"); got != "1" {
		t.Fatalf("the session after a cancel answered %q", got)
	}
	if got := query(t, admin, "SELECT pg_terminate_backend("+pid+", 5000)"); got != "t" {
		t.Fatalf("pg_terminate_backend returned %q", got)
	}
	if _, err := tryQuery(victim, "SELECT 1"); err == nil {
		t.Fatal("the terminated session still answers")
	}
}
