package main

import (
	"context"
	"errors"
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

// hbaAttempt is one connection attempt of the pg_hba.conf table test.
type hbaAttempt struct {
	user, password, db string
	from               string // client address; "" is 127.0.0.1
	ssl                bool   // sslmode=require rather than disable
	cert               string // client certificate: "" none, else a key of the test's certificates
}

func (a hbaAttempt) String() string {
	s := fmt.Sprintf("%s/%s@%s", a.user, a.password, a.db)
	if a.from != "" {
		s += " from " + a.from
	}
	if a.ssl {
		s += " ssl"
	}
	if a.cert != "" {
		s += " cert=" + a.cert
	}
	return s
}

// hbaCases are pg_hba.conf files and the attempts made under each. Every
// file is preceded by a line that refuses database reload_N, by which the
// test sees that the servers have loaded it.
var hbaCases = []struct {
	name     string
	hba      string
	attempts []hbaAttempt
}{
	{"address masks", "host all all 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.2/32 reject\nhost all all 127.0.0.0/24 md5\n", []hbaAttempt{
		{user: "alice", password: "wonder", db: "postgres"},
		{user: "alice", password: "wrong", db: "postgres"},
		{user: "nobody", password: "wonder", db: "postgres"},
		{user: "bob", password: "builder", db: "postgres"}, // md5 verifier under scram-sha-256
		{user: "alice", password: "wonder", db: "postgres", from: "127.0.0.2"},
		{user: "bob", password: "builder", db: "postgres", from: "127.0.0.3"},
		{user: "bob", password: "wrong", db: "postgres", from: "127.0.0.3"},
		{user: "alice", password: "wonder", db: "postgres", from: "127.0.0.3"}, // md5 rule, SCRAM verifier
		{user: "alice", password: "wonder", db: "postgres", from: "127.0.1.1"},
	}},
	{"masks written as address and netmask", "host all all 127.0.0.0 255.255.255.0 trust\nhost all all 127.0.0.0 255.0.0.0 reject\n", []hbaAttempt{
		{user: "alice", db: "postgres", from: "127.0.0.9"},
		{user: "alice", db: "postgres", from: "127.0.1.9"},
	}},
	{"samehost and samenet", "host all all samehost trust\nhost all all samenet reject\n", []hbaAttempt{
		{user: "alice", db: "postgres"},
		{user: "alice", db: "postgres", from: "127.0.0.2"},
	}},
	{"all", "host all all all password\n", []hbaAttempt{
		{user: "carol", password: "x", db: "postgres", from: "127.0.0.5"},
		{user: "carol", password: "y", db: "postgres"},
		{user: "nobody", password: "y", db: "postgres"},
	}},
	{"database and user lists", "host postgres,template1 alice,bob 127.0.0.1/32 trust\n" +
		"host all +staff 127.0.0.1/32 reject\n" +
		"host sameuser all 127.0.0.1/32 trust\n" +
		"host \"all\" all 127.0.0.1/32 trust\n", []hbaAttempt{
		{user: "alice", db: "postgres"},
		{user: "bob", db: "template1"},
		{user: "carol", db: "postgres"}, // a member of staff
		{user: "dave", db: "dave"},      // sameuser, a role that does not exist
		{user: "alice", db: "alice"},    // sameuser, a database that does not exist
		{user: "alice", db: "all"},      // a quoted "all" is a database name
		{user: "postgres", db: "template1"},
	}},
	{"reject", "host all alice all reject\nhost all all all trust\n", []hbaAttempt{
		{user: "alice", password: "wonder", db: "postgres"},
		{user: "alice", db: "postgres", ssl: true},
		{user: "bob", db: "postgres"},
	}},
	{"no matching line", "host template1 all all trust\n", []hbaAttempt{
		{user: "alice", db: "postgres"},
		{user: "alice", db: "postgres", ssl: true},
		{user: "alice", db: "template1"},
	}},
	{"hostssl and hostnossl", "hostnossl all all 127.0.0.1/32 reject\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all all trust\n", []hbaAttempt{
		{user: "alice", password: "wonder", db: "postgres"},
		{user: "alice", password: "wonder", db: "postgres", ssl: true},
		{user: "alice", password: "wrong", db: "postgres", ssl: true},
		{user: "alice", password: "wonder", db: "postgres", from: "127.0.0.2"},
		{user: "alice", password: "wonder", db: "postgres", from: "127.0.0.2", ssl: true},
	}},
	{"hostssl reject", "hostssl all alice all reject\nhost all all all trust\n", []hbaAttempt{
		{user: "alice", db: "postgres", ssl: true},
		{user: "alice", db: "postgres"},
		{user: "bob", db: "postgres", ssl: true},
	}},
	{"cert", "hostssl all all 127.0.0.1/32 cert\nhost all all 127.0.0.1/32 trust\n", []hbaAttempt{
		{user: "alice", db: "postgres", ssl: true, cert: "alice"},
		{user: "alice", db: "postgres", ssl: true, cert: "bob"},
		{user: "alice", db: "postgres", ssl: true},
		{user: "alice", db: "postgres", ssl: true, cert: "foreign"},
		{user: "alice", db: "postgres", ssl: true, cert: "revoked"},
		{user: "alice", db: "postgres"},
	}},
	{"cert with a user name map", "hostssl all all 127.0.0.1/32 cert map=certmap\n", []hbaAttempt{
		{user: "bob", db: "postgres", ssl: true, cert: "alice"},
		{user: "alice", db: "postgres", ssl: true, cert: "alice"},
		{user: "bob", db: "postgres", ssl: true, cert: "bob"},
		{user: "erin", db: "postgres", ssl: true, cert: "erin-admin"},
		{user: "carol", db: "postgres", ssl: true, cert: "erin-admin"},
		{user: "carol", db: "postgres", ssl: true, cert: "carol"},
	}},
	{"clientcert", "hostssl all alice 127.0.0.1/32 scram-sha-256 clientcert=verify-full\n" +
		"hostssl all bob 127.0.0.1/32 md5 clientcert=verify-ca\n" +
		"hostssl all carol 127.0.0.1/32 trust clientcert=verify-full\n" +
		"hostssl template1 postgres 127.0.0.1/32 trust clientcert=verify-full clientname=DN\n" +
		"hostssl all \"CN=dnuser,O=ringpg tests\" 127.0.0.1/32 cert clientname=DN\n" +
		"hostssl all postgres 127.0.0.1/32 trust\n", []hbaAttempt{
		{user: "alice", password: "wonder", db: "postgres", ssl: true, cert: "alice"},
		{user: "alice", password: "wrong", db: "postgres", ssl: true, cert: "alice"},
		{user: "alice", password: "wonder", db: "postgres", ssl: true, cert: "bob"},
		{user: "alice", password: "wonder", db: "postgres", ssl: true},
		{user: "bob", password: "builder", db: "postgres", ssl: true, cert: "alice"},
		{user: "bob", password: "builder", db: "postgres", ssl: true},
		{user: "carol", db: "postgres", ssl: true, cert: "carol"},
		{user: "carol", db: "postgres", ssl: true, cert: "alice"},
		{user: "postgres", db: "template1", ssl: true, cert: "postgres"},
		{user: "postgres", db: "postgres", ssl: true},
		{user: "CN=dnuser,O=ringpg tests", db: "postgres", ssl: true, cert: "dnuser"},
		{user: "CN=dnuser,O=ringpg tests", db: "postgres", ssl: true, cert: "alice"},
	}},
}

// TestHbaMatchesPostgres runs every pg_hba.conf of hbaCases on ringpg and on
// PostgreSQL 15 with the same roles, certificates and settings, and checks
// that each attempt ends the same way on both: success, or the same
// SQLSTATE and message, or a refused TLS handshake.
func TestHbaMatchesPostgres(t *testing.T) {
	f := makeTLSFiles(t)
	certs := map[string]clientCert{
		"alice":    makeClientCert(t, f, "alice", false),
		"bob":      makeClientCert(t, f, "bob", false),
		"carol":    makeClientCert(t, f, "carol", false),
		"postgres": makeClientCert(t, f, "postgres", false),
		"foreign":  makeClientCert(t, f, "alice", true),
		"revoked":  makeClientCert(t, f, "alice", false),
		// erin-admin maps to erin through pg_ident.conf's expression.
		"erin-admin": makeClientCert(t, f, "erin-admin", false),
		// The subject of this one is the name of a role, for clientname=DN.
		"dnuser": makeClientCert(t, f, "dnuser", false),
	}
	const ident = "certmap  alice          bob\n" +
		"certmap  /^(.*)-admin$  \\1\n" +
		"certmap  carol          carol\n"
	crl := writeCRL(t, f, certs["revoked"])
	roles := []string{
		"create user alice password 'wonder'",
		"set password_encryption = 'md5'",
		"create user bob password 'builder'",
		"reset password_encryption",
		"create user carol password 'x'",
		"create user erin",
		`create user "CN=dnuser,O=ringpg tests"`,
		"create role staff",
		"grant staff to carol",
	}

	pg := startPG15(t, "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"+
		"ssl_ca_file = 'root.crt'\nssl_crl_file = 'root.crl'\n", f.cert, f.key, f.ca, crl)
	pg.exec(roles...)
	pg.writeDataFile("pg_ident.conf", ident)

	rg := startTLSServer(t, f, "-c", "ssl_ca_file="+f.ca, "-c", "ssl_crl_file="+crl)
	setup := rg.mustConnect()
	for _, q := range roles {
		query(t, setup, q)
	}
	setup.Close(context.Background())
	if err := os.WriteFile(filepath.Join(rg.dataDir, "pg_ident.conf"), []byte(ident), 0o600); err != nil {
		t.Fatal(err)
	}

	attempt := func(port int, a hbaAttempt) string {
		mode := "disable"
		if a.ssl {
			mode = "require"
		}
		cs := fmt.Sprintf("host=127.0.0.1 port=%d user='%s' password='%s' dbname=%s sslmode=%s connect_timeout=5 %s",
			port, a.user, a.password, a.db, mode, certs[a.cert].connParams())
		cfg, err := pgconn.ParseConfig(cs)
		if err != nil {
			t.Fatal(err)
		}
		from := a.from
		if from == "" {
			from = "127.0.0.1"
		}
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
		cfg.DialFunc = d.DialContext
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := pgconn.ConnectConfig(ctx, cfg)
		if err == nil {
			c.Close(context.Background())
			return "ok"
		}
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return pe.Severity + " " + pe.Code + " " + pe.Message
		}
		return "refused before authentication"
	}

	for i, tc := range hbaCases {
		marker := fmt.Sprintf("reload_%d", i)
		content := fmt.Sprintf("host %s all all reject\n", marker) + tc.hba
		pg.writeHBA(content)
		if err := os.WriteFile(filepath.Join(rg.dataDir, "pg_hba.conf"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		rg.signal(syscall.SIGHUP)
		probe := hbaAttempt{user: "alice", db: marker}
		loaded := func(port int) func() bool {
			return func() bool { return strings.Contains(attempt(port, probe), `database "`+marker+`"`) }
		}
		if !eventually(10*time.Second, loaded(pg.port)) {
			t.Fatalf("%s: PostgreSQL did not load the file: %s\n%s", tc.name, attempt(pg.port, probe), pg.logTail())
		}
		if !eventually(10*time.Second, loaded(rg.port)) {
			t.Fatalf("%s: ringpg did not load the file: %s\n%s", tc.name, attempt(rg.port, probe), rg.log)
		}
		t.Run(tc.name, func(t *testing.T) {
			for _, a := range tc.attempts {
				want, got := attempt(pg.port, a), attempt(rg.port, a)
				t.Logf("%-45s %s", a, want)
				if got != want {
					t.Errorf("%s:\n  ringpg:        %s\n  PostgreSQL 15: %s", a, got, want)
				}
			}
		})
	}

	// The last rule file lets postgres in with a certificate: both
	// servers' pg_stat_ssl describe the session the same way (the cipher
	// each library prefers may differ).
	t.Run("pg_stat_ssl", func(t *testing.T) {
		row := func(port int) string {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, err := pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=require %s",
				port, certs["alice"].connParams()))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(ctx)
			return query(t, c, "select concat_ws('|', ssl, version, client_dn, client_serial, issuer_dn, "+
				"(select count(*) from pg_stat_ssl where pid = pg_backend_pid() and cipher is not null and bits >= 128)) "+
				"from pg_stat_ssl where pid = pg_backend_pid()")
		}
		want, got := row(pg.port), row(rg.port)
		t.Logf("PostgreSQL 15: %s", want)
		if got != want {
			t.Errorf("ringpg: %s\nPostgreSQL 15: %s", got, want)
		}
	})
}
