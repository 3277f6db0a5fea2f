package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// BenchmarkConnect measures connections per second, one after another
// from one client: connect (TCP, optional TLS handshake, startup,
// authentication), SELECT 1, Terminate. Each way of connecting runs on
// ringpg and then on PostgreSQL 15, both started by the benchmark with the
// same certificate, role and pg_hba.conf, so the figures compare by ratio:
//
//	go test ./cmd/ringpg -run '^$' -bench BenchmarkConnect -benchtime 300x
//
// The client is pgconn; its own share (SCRAM's key derivation, its half of
// the handshake) is the same on both sides.
func BenchmarkConnect(b *testing.B) {
	f := makeTLSFiles(b)
	rg := startTLSServer(b, f)
	pg := startPG15(b, "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n", f.cert, f.key)
	const hba = "local all all trust\n" +
		"host all postgres 127.0.0.1/32 trust\n" +
		"host all alice 127.0.0.1/32 scram-sha-256\n"
	pg.exec("create user alice password 'wonder'")
	pg.writeHBA(hba)
	setup := rg.mustConnect()
	query(b, setup, "create user alice password 'wonder'")
	setup.Close(context.Background())
	if err := os.WriteFile(filepath.Join(rg.dataDir, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		b.Fatal(err)
	}
	rg.signal(syscall.SIGHUP)
	servers := []struct {
		name string
		port int
	}{{"ringpg", rg.port}, {"postgresql", pg.port}}
	for _, s := range servers {
		// Both have loaded the file when a wrong password is refused.
		port := s.port
		if !eventually(10*time.Second, func() bool {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c, err := pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=alice password=wrong dbname=postgres sslmode=disable", port))
			if err == nil {
				c.Close(ctx)
			}
			return sqlstate(err) == "28P01"
		}) {
			b.Fatalf("%s did not load pg_hba.conf", s.name)
		}
	}
	for _, mode := range []struct{ name, params string }{
		{"trust", "user=postgres sslmode=disable"},
		{"scram", "user=alice password=wonder sslmode=disable"},
		{"tls", "user=postgres sslmode=require"},
		{"scram+tls", "user=alice password=wonder sslmode=require"},
	} {
		for _, s := range servers {
			cfg, err := pgconn.ParseConfig(fmt.Sprintf("host=127.0.0.1 port=%d dbname=postgres %s", s.port, mode.params))
			if err != nil {
				b.Fatal(err)
			}
			b.Run(mode.name+"/"+s.name, func(b *testing.B) {
				ctx := context.Background()
				start := time.Now()
				for i := 0; i < b.N; i++ {
					c, err := pgconn.ConnectConfig(ctx, cfg)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := c.Exec(ctx, "SELECT 1").ReadAll(); err != nil {
						b.Fatal(err)
					}
					c.Close(ctx)
				}
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "conn/s")
			})
		}
	}
}
