package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// pg15Bin is where Debian's postgresql-15 package puts the server.
const pg15Bin = "/usr/lib/postgresql/15/bin"

// pg15 is a PostgreSQL 15 server started by a test on a fresh data
// directory, for tests that compare ringpg with it.
type pg15 struct {
	t        testing.TB
	dir      string // holds the data directory and the socket; removed at the end
	dataDir  string
	port     int
	cmd      *exec.Cmd
	log      *syncBuffer
	done     chan struct{}
	cred     *syscall.Credential // run as postgres when the test runs as root
	uid, gid int                 // the server's user, owner of the files written for it
}

// startPG15 initdbs a data directory and starts PostgreSQL 15 on it with
// conf appended to postgresql.conf, after copying files (certificates,
// keys) into its data directory, where conf can name them by their base
// names. As root (PostgreSQL refuses to run as root) it runs as the user
// postgres, which scripts/install-deps.sh creates. The port is
// RINGPG_TEST_PG_PORT when set, else a free one.
func startPG15(t testing.TB, conf string, files ...string) *pg15 {
	t.Helper()
	if _, err := os.Stat(filepath.Join(pg15Bin, "postgres")); err != nil {
		t.Fatalf("PostgreSQL 15 is not installed (run scripts/install-deps.sh): %v", err)
	}
	dir, err := os.MkdirTemp("", "ringpg-pg15-")
	if err != nil {
		t.Fatal(err)
	}
	p := &pg15{t: t, dir: dir, dataDir: filepath.Join(dir, "data"), log: &syncBuffer{}, done: make(chan struct{}),
		uid: os.Getuid(), gid: os.Getgid()}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Getuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the user postgres (run scripts/install-deps.sh): %v", err)
		}
		p.uid, _ = strconv.Atoi(u.Uid)
		p.gid, _ = strconv.Atoi(u.Gid)
		p.cred = &syscall.Credential{Uid: uint32(p.uid), Gid: uint32(p.gid)}
		if err := os.Chown(dir, p.uid, p.gid); err != nil {
			t.Fatal(err)
		}
	}
	p.port = freePort(t)
	if v := os.Getenv("RINGPG_TEST_PG_PORT"); v != "" {
		p.port, _ = strconv.Atoi(v)
	}
	if out, err := p.run(filepath.Join(pg15Bin, "initdb"), "-D", p.dataDir, "-A", "trust", "-U", "postgres",
		"-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	for _, src := range files {
		p.copyFile(src)
	}
	all := fmt.Sprintf("port = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nfsync = off\n%s\n", p.port, dir, conf)
	f, err := os.OpenFile(filepath.Join(p.dataDir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(all)
	f.Close()
	p.cmd = exec.Command(filepath.Join(pg15Bin, "postgres"), "-D", p.dataDir)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: p.cred}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
			<-p.done
		}
	})
	if !eventually(20*time.Second, func() bool {
		select {
		case <-p.done:
			return true
		default:
		}
		c, err := p.connect("")
		if err == nil {
			c.Close(context.Background())
		}
		return err == nil
	}) {
		t.Fatalf("PostgreSQL 15 did not start:\n%s", p.log)
	}
	select {
	case <-p.done:
		t.Fatalf("PostgreSQL 15 exited:\n%s", p.log)
	default:
	}
	return p
}

// run runs a command as the server's user.
func (p *pg15) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred}
	cmd.Dir = p.dir
	return cmd.CombinedOutput()
}

// copyFile copies a file (a certificate, a key) to where the server's user
// can read it, readable by that user only (as a key must be).
func (p *pg15) copyFile(src string) {
	p.t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		p.t.Fatal(err)
	}
	dst := filepath.Join(p.dataDir, filepath.Base(src))
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		p.t.Fatal(err)
	}
	if err := os.Chown(dst, p.uid, p.gid); err != nil {
		p.t.Fatal(err)
	}
}

// writeHBA replaces pg_hba.conf and tells the server to reload it.
func (p *pg15) writeHBA(content string) {
	p.t.Helper()
	p.writeDataFile("pg_hba.conf", content)
	p.cmd.Process.Signal(syscall.SIGHUP)
}

// writeDataFile writes a file of the data directory (pg_ident.conf), owned
// by the server's user; the next reload reads it.
func (p *pg15) writeDataFile(name, content string) {
	p.t.Helper()
	path := filepath.Join(p.dataDir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		p.t.Fatal(err)
	}
	if err := os.Chown(path, p.uid, p.gid); err != nil {
		p.t.Fatal(err)
	}
}

func (p *pg15) connString(extra string) string {
	return fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=disable connect_timeout=5 %s", p.port, extra)
}

func (p *pg15) connect(extra string) (*pgconn.PgConn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return pgconn.Connect(ctx, p.connString(extra))
}

// exec runs statements as postgres and fails the test on an error.
func (p *pg15) exec(sqls ...string) {
	p.t.Helper()
	c, err := p.connect("")
	if err != nil {
		p.t.Fatalf("connect to PostgreSQL 15: %v", err)
	}
	defer c.Close(context.Background())
	for _, q := range sqls {
		if _, err := tryQuery(c, q); err != nil {
			p.t.Fatalf("PostgreSQL 15: %s: %v", q, err)
		}
	}
}

// pgLogTail is the server log for a failure message.
func (p *pg15) logTail() string {
	s := p.log.String()
	if len(s) > 4000 {
		s = s[len(s)-4000:]
	}
	return strings.TrimSpace(s)
}
