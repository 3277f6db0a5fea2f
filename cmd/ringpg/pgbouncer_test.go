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

// PgBouncer in transaction mode in front of ringpg and in front of
// PostgreSQL 15: the driver flows run through both, all drivers at once
// on a pool of two server connections so that their transactions
// interleave on the same server sessions, and the transcripts must agree;
// pgbench's select-only script runs through it without errors.

// pgbouncer is a PgBouncer started by a test in front of one server.
type pgbouncer struct {
	port int
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{}
}

// startPgBouncer starts PgBouncer in transaction mode, with trust
// authentication and two server connections per pool, in front of the
// server listening on serverPort. PgBouncer refuses to run as root, so as
// root it runs as postgres.
func startPgBouncer(t *testing.T, serverPort int) *pgbouncer {
	t.Helper()
	bin, err := exec.LookPath("pgbouncer")
	if err != nil {
		t.Fatalf("pgbouncer is not installed (scripts/install-deps.sh installs it): %v", err)
	}
	dir, err := os.MkdirTemp("", "ringpg-pgbouncer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	var cred *syscall.Credential
	if os.Getuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the user postgres (run scripts/install-deps.sh): %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	b := &pgbouncer{port: freePort(t), log: &syncBuffer{}, done: make(chan struct{})}
	conf := fmt.Sprintf(`[databases]
postgres = host=127.0.0.1 port=%d dbname=postgres user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s
pool_mode = transaction
max_client_conn = 100
default_pool_size = 2
min_pool_size = 0
reserve_pool_size = 0
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
admin_users = postgres
server_login_retry = 1
`, serverPort, b.port, filepath.Join(dir, "userlist.txt"))
	for name, content := range map[string]string{"pgbouncer.ini": conf, "userlist.txt": "\"postgres\" \"\"\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.cmd = exec.Command(bin, filepath.Join(dir, "pgbouncer.ini"))
	b.cmd.Dir = dir
	b.cmd.Stdout, b.cmd.Stderr = b.log, b.log
	b.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: cred}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.cmd.Wait(); close(b.done) }()
	t.Cleanup(func() {
		b.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-b.done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
			<-b.done
		}
	})
	if !eventually(15*time.Second, func() bool {
		select {
		case <-b.done:
			return true
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		c, err := pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=disable", b.port))
		if err != nil {
			return false
		}
		defer c.Close(ctx)
		_, err = c.Exec(ctx, "select 1").ReadAll()
		return err == nil
	}) {
		t.Fatalf("pgbouncer did not start:\n%s", b.log)
	}
	select {
	case <-b.done:
		t.Fatalf("pgbouncer exited:\n%s", b.log)
	default:
	}
	return b
}

// TestPgBouncerFlows runs every driver's flow at once through PgBouncer
// in transaction mode, in front of PostgreSQL 15 and in front of ringpg,
// and compares each driver's transcripts.
func TestPgBouncerFlows(t *testing.T) {
	envs := map[string]flowEnv{}
	for _, drv := range flowDrivers {
		envs[drv.name] = drv.prepare(t)
	}
	pg := startPG15(t, "")
	pgb := startPgBouncer(t, pg.port)
	want := runFlowsConcurrently(t, envs, pgb.port, true)
	s := startServer(t, "")
	rb := startPgBouncer(t, s.port)
	got := runFlowsConcurrently(t, envs, rb.port, true)
	for _, drv := range flowDrivers {
		t.Run(drv.name, func(t *testing.T) {
			t.Logf("transcript:\n%s", got[drv.name])
			compareTranscripts(t, "pgbouncer/"+drv.name, want[drv.name], got[drv.name])
		})
	}
	if t.Failed() {
		t.Logf("pgbouncer log (ringpg):\n%s", rb.log)
	}
}

// TestPgBouncerPgbench runs pgbench's select-only script through PgBouncer
// in transaction mode in front of ringpg, with more clients than server
// connections, in the simple and the extended protocol (prepared
// statements do not survive transaction pooling), and requires that no
// transaction fails.
func TestPgBouncerPgbench(t *testing.T) {
	pgbench, err := exec.LookPath("pgbench")
	if err != nil {
		t.Fatalf("pgbench is not installed (scripts/install-deps.sh installs postgresql-client-15): %v", err)
	}
	s := startServer(t, "")
	b := startPgBouncer(t, s.port)
	if out, err := exec.Command(pgbench, "-i", "-q", "-s", "1", "-h", "127.0.0.1", "-p", strconv.Itoa(s.port), "-U", "postgres", "postgres").CombinedOutput(); err != nil {
		t.Fatalf("pgbench -i: %v\n%s", err, out)
	}
	for _, mode := range []string{"simple", "extended"} {
		out, err := exec.Command(pgbench, "-n", "-S", "-M", mode, "-c", "8", "-j", "2", "-T", "3", "-h", "127.0.0.1",
			"-p", strconv.Itoa(b.port), "-U", "postgres", "postgres").CombinedOutput()
		t.Logf("pgbench -S -M %s through pgbouncer:\n%s", mode, out)
		if err != nil || !strings.Contains(string(out), "number of failed transactions: 0 ") {
			t.Fatalf("pgbench -S -M %s through pgbouncer: %v\n%s\n%s", mode, err, out, b.log)
		}
	}
}
