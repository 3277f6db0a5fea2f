package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// startupProbe opens a TCP connection, sends a startup packet for user and
// database postgres and reads until ReadyForQuery. It returns the time from
// the start of the dial to ReadyForQuery, then says Terminate and closes.
// It is both the readiness check for a starting server and the
// connect-latency workload, so both measure exactly the same exchange.
func startupProbe(ctx context.Context, addr string, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if err := conn.SetDeadline(start.Add(timeout)); err != nil {
		return 0, err
	}
	fe := pgproto3.NewFrontend(conn, conn)
	fe.Send(&pgproto3.StartupMessage{
		ProtocolVersion: pgproto3.ProtocolVersionNumber,
		Parameters:      map[string]string{"user": "postgres", "database": "postgres"},
	})
	if err := fe.Flush(); err != nil {
		return 0, fmt.Errorf("send startup packet: %w", err)
	}
	for {
		msg, err := fe.Receive()
		if err != nil {
			return 0, fmt.Errorf("read startup reply: %w", err)
		}
		switch m := msg.(type) {
		case *pgproto3.ReadyForQuery:
			elapsed := time.Since(start)
			fe.Send(&pgproto3.Terminate{})
			_ = fe.Flush()
			return elapsed, nil
		case *pgproto3.ErrorResponse:
			return 0, fmt.Errorf("server error %s: %s", m.Code, m.Message)
		case *pgproto3.AuthenticationOk, *pgproto3.ParameterStatus,
			*pgproto3.BackendKeyData, *pgproto3.NoticeResponse:
			// expected on the way to ReadyForQuery
		default:
			return 0, fmt.Errorf("unexpected %T during startup (trust authentication expected)", msg)
		}
	}
}

// measureConnect takes n sequential connect-to-ReadyForQuery samples. Any
// failed connection fails the whole measurement: a latency figure that
// quietly skipped the connections that did not work would flatter.
func measureConnect(ctx context.Context, addr string, n int) ([]float64, error) {
	lat := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := startupProbe(ctx, addr, 10*time.Second)
		if err != nil {
			return nil, fmt.Errorf("connection %d of %d: %w", i+1, n, err)
		}
		lat = append(lat, float64(d)/float64(time.Millisecond))
	}
	return lat, nil
}
