package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// binPath is the ringpg binary built once for the whole test run.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ringpg-test-bin")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "ringpg")
	// RINGPG_TEST_RACE=1 builds the server with the race detector (which
	// needs cgo); every test then fails if a server process reports a race.
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if os.Getenv("RINGPG_TEST_RACE") == "1" {
		build = exec.Command("go", "build", "-race", "-o", binPath, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=1")
	}
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building ringpg: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one ringpg postmaster started by a test.
type server struct {
	t       testing.TB
	cmd     *exec.Cmd
	dataDir string
	sockDir string
	port    int
	log     *syncBuffer
	done    chan struct{}
	waitErr error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServer starts ringpg on a fresh data directory (or dataDir when not
// empty) and waits until it answers.
func startServer(t testing.TB, dataDir string, args ...string) *server {
	t.Helper()
	if dataDir == "" {
		dataDir = filepath.Join(t.TempDir(), "data")
	}
	s := &server{t: t, dataDir: dataDir, sockDir: t.TempDir(), port: freePort(t), log: &syncBuffer{}, done: make(chan struct{})}
	s.start(args...)
	t.Cleanup(func() {
		s.kill()
		if strings.Contains(s.log.String(), "WARNING: DATA RACE") {
			t.Errorf("a server process reported a data race:\n%s", s.log)
		}
	})
	s.waitReady()
	return s
}

func (s *server) start(args ...string) {
	all := append([]string{"serve", "-D", s.dataDir, "-p", strconv.Itoa(s.port), "-h", "127.0.0.1", "-k", s.sockDir}, args...)
	s.cmd = exec.Command(binPath, all...)
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.done = make(chan struct{})
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()
}

func (s *server) waitReady() {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			s.t.Fatalf("server exited: %v\n%s", s.waitErr, s.log)
		default:
		}
		c, err := s.connect()
		if err == nil {
			c.Close(context.Background())
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("server did not answer within 15s\n%s", s.log)
}

func (s *server) connString(extra string) string {
	return fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=disable connect_timeout=5 %s", s.port, extra)
}

func (s *server) connect() (*pgconn.PgConn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return pgconn.Connect(ctx, s.connString(""))
}

// connectToBackend connects until a session lands on the backend with
// process id pid (a pooled backend serving its next session), trying up
// to 50 times; nil when none did. A connection refused because the
// slot of a session just closed is not yet free (53300) is tried again.
func (s *server) connectToBackend(t *testing.T, pid string) *pgconn.PgConn {
	t.Helper()
	for i := 0; i < 50; i++ {
		next, err := s.connect()
		if err != nil && strings.Contains(err.Error(), "53300") {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if query(t, next, "select pg_backend_pid()") == pid {
			return next
		}
		next.Close(context.Background())
	}
	return nil
}

func (s *server) mustConnect() *pgconn.PgConn {
	s.t.Helper()
	c, err := s.connect()
	if err != nil {
		s.t.Fatalf("connect: %v\n%s", err, s.log)
	}
	s.t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// query runs sql with the simple protocol and returns the first column of
// every row of the last result, joined by newlines.
func query(t testing.TB, c *pgconn.PgConn, sql string) string {
	t.Helper()
	out, err := tryQuery(c, sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// queryTimeout bounds one statement of a test; the race detector slows
// the server several times over.
var queryTimeout = func() time.Duration {
	if os.Getenv("RINGPG_TEST_RACE") == "1" {
		return time.Minute
	}
	return 10 * time.Second
}()

func tryQuery(c *pgconn.PgConn, sql string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	res, err := c.Exec(ctx, sql).ReadAll()
	if err != nil {
		return "", err
	}
	var rows []string
	for _, r := range res {
		if r.Err != nil {
			return "", r.Err
		}
		rows = rows[:0]
		for _, row := range r.Rows {
			var cols []string
			for _, v := range row {
				cols = append(cols, string(v))
			}
			rows = append(rows, strings.Join(cols, "|"))
		}
	}
	return strings.Join(rows, "\n"), nil
}

// signal sends sig to the postmaster.
func (s *server) signal(sig syscall.Signal) {
	s.cmd.Process.Signal(sig)
}

// waitExit waits for the postmaster to exit.
func (s *server) waitExit(d time.Duration) bool {
	select {
	case <-s.done:
		return true
	case <-time.After(d):
		return false
	}
}

// kill ends the server and every process in its group.
func (s *server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
}

// backendPids lists the postmaster's backend processes.
func (s *server) backendPids() []int {
	var out []int
	for _, pid := range s.childPids() {
		if cmdlineHas(pid, "backend") {
			out = append(out, pid)
		}
	}
	return out
}

// childPids lists every child of the postmaster: backends, the startup
// process and the auxiliary processes.
func (s *server) childPids() []int {
	return childrenOf(s.cmd.Process.Pid)
}

func childrenOf(ppid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// Fields after the command name, which sits in parentheses.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) > 2 && f[0] != "Z" && f[1] == strconv.Itoa(ppid) {
			out = append(out, pid)
		}
	}
	return out
}

// eventually polls cond until it holds or d passes.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func sqlstate(err error) string {
	var pe *pgconn.PgError
	if err != nil && asPgError(err, &pe) {
		return pe.Code
	}
	return ""
}

// runServerOnce runs the binary with args (and -D dir when dir is set)
// and returns its combined output; for commands that exit by themselves.
func runServerOnce(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	all := []string{"serve"}
	if dir != "" {
		all = append(all, "-D", dir, "-p", strconv.Itoa(freePort(t)), "-k", t.TempDir())
	}
	all = append(all, args...)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, binPath, all...).CombinedOutput()
	return string(out), err
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0644) }
