package scram

import (
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// TestAgainstPostgreSQL replays the malformed-message tables against a
// real PostgreSQL 15 and checks that it answers as the tables say. It runs
// when RINGPG_SCRAM_PG15 is host:port of a server with pg_hba method
// scram-sha-256 for TCP and a role "user" whose password is "pencil"
// (no TLS, so the channel-binding cases are skipped).
func TestAgainstPostgreSQL(t *testing.T) {
	addr := os.Getenv("RINGPG_SCRAM_PG15")
	if addr == "" {
		t.Skip("RINGPG_SCRAM_PG15 not set")
	}
	for _, c := range clientFirstCases {
		if c.cbind {
			continue
		}
		t.Run("first/"+c.name, func(t *testing.T) {
			fe := pgStartSASL(t, addr, "user")
			fe.Send(&pgproto3.SASLInitialResponse{AuthMechanism: c.mech, Data: []byte(c.msg)})
			pgExpectError(t, fe, c.code, c.message, c.detail)
		})
	}
	for _, c := range clientFinalCases {
		t.Run("final/"+c.name, func(t *testing.T) {
			fe, nonce := pgFirst(t, addr, "user")
			fe.Send(&pgproto3.SASLResponse{Data: []byte(strings.ReplaceAll(c.msg, "{r}", nonce))})
			pgExpectError(t, fe, c.code, c.message, c.detail)
		})
	}
	t.Run("unknown role", func(t *testing.T) {
		fe, nonce := pgFirst(t, addr, "nobody")
		fe.Send(&pgproto3.SASLResponse{Data: []byte("c=biws," + nonce + "," + testProof)})
		pgExpectError(t, fe, CodeInvalidPassword, `password authentication failed for user "nobody"`, "")
	})
}

func pgStartSASL(t *testing.T, addr, user string) *pgproto3.Frontend {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fe := pgproto3.NewFrontend(conn, conn)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersionNumber, Parameters: map[string]string{"user": user, "database": "postgres"}})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	msg, err := fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := msg.(*pgproto3.AuthenticationSASL); !ok {
		t.Fatalf("expected AuthenticationSASL, got %T", msg)
	}
	return fe
}

// pgFirst sends the RFC 7677 client-first-message and returns the nonce
// attribute ("r=...") of the server's answer.
func pgFirst(t *testing.T, addr, user string) (*pgproto3.Frontend, string) {
	t.Helper()
	fe := pgStartSASL(t, addr, user)
	fe.Send(&pgproto3.SASLInitialResponse{AuthMechanism: MechanismSCRAM, Data: []byte(rfcClientFirst)})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	msg, err := fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	cont, ok := msg.(*pgproto3.AuthenticationSASLContinue)
	if !ok {
		t.Fatalf("expected AuthenticationSASLContinue, got %#v", msg)
	}
	nonce, _, _ := strings.Cut(string(cont.Data), ",")
	return fe, nonce
}

func pgExpectError(t *testing.T, fe *pgproto3.Frontend, code, message, detail string) {
	t.Helper()
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	msg, err := fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	er, ok := msg.(*pgproto3.ErrorResponse)
	if !ok {
		t.Fatalf("expected ErrorResponse, got %#v", msg)
	}
	if er.Code != code || er.Message != message || er.Detail != detail {
		t.Fatalf("PostgreSQL: %s %q %q\n    table: %s %q %q", er.Code, er.Message, er.Detail, code, message, detail)
	}
}
