package loop

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/sys/unix"

	be "ringpg/backend"
	"ringpg/settings"
	"ringpg/shm"
)

// These tests run a real postmaster in the test process; its children are
// the test binary re-executed: TestMain sees envTestDir and the child's role
// in its arguments ("backend", "startup", "aux NAME"). The backends are
// stand-ins (testbackend_test.go); the startup and auxiliary processes run
// through the real backend.AuxMain and record what they do, one line per
// event, in the file events of that directory.
const (
	envTestDir     = "RINGPG_LOOP_TEST_DIR"
	envStartupFail = "RINGPG_LOOP_TEST_STARTUP_FAIL" // "1": the startup process fails
	envStartupWait = "RINGPG_LOOP_TEST_STARTUP_WAIT" // a file the startup process waits for
)

func TestMain(m *testing.M) {
	if os.Getenv(envTestDir) != "" && len(os.Args) > 1 {
		switch os.Args[1] {
		case "backend":
			os.Exit(testBackendMain())
		case "startup":
			os.Exit(be.AuxMain(testStartup))
		case "aux":
			name := ""
			if len(os.Args) > 2 {
				name = os.Args[2]
			}
			os.Exit(be.AuxMain(testAux(name)))
		}
	}
	os.Exit(m.Run())
}

// event appends one line to the events file of a child.
func event(format string, args ...any) { eventIn(os.Getenv(envTestDir), format, args...) }

// eventIn appends one line to the events file in dir.
func eventIn(dir, format string, args ...any) {
	path := filepath.Join(dir, "events")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0600)
	if err != nil {
		return
	}
	defer f.Close()
	f.WriteString(fmt.Sprintf(format, args...) + "\n")
}

func testStartup(env *be.AuxEnv) error {
	event("startup %d slot=%d", os.Getpid(), env.Slot)
	if p := os.Getenv(envStartupWait); p != "" {
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(p); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if os.Getenv(envStartupFail) == "1" {
		return errors.New("recovery failed (test)")
	}
	return nil
}

func testAux(name string) func(*be.AuxEnv) error {
	return func(env *be.AuxEnv) error {
		if env.Settings == nil || env.Seg.Proc(env.Slot).Pid() != int32(os.Getpid()) {
			return errors.New("auxiliary process not attached")
		}
		event("aux %s start %d slot=%d", name, os.Getpid(), env.Slot)
		if name == "exit0" {
			// Exits 0 at its first start, then stays.
			marker := filepath.Join(os.Getenv(envTestDir), "exit0-ran")
			if _, err := os.Stat(marker); err != nil {
				os.WriteFile(marker, nil, 0600)
				return nil
			}
		}
		for {
			select {
			case <-env.Stop:
				event("aux %s stop", name)
				return nil
			case st := <-env.Reload:
				v, _ := st.Show("work_mem")
				event("aux %s reload work_mem=%s", name, v)
			}
		}
	}
}

// testServer is one postmaster run by a test.
type testServer struct {
	t      *testing.T
	pm     *Postmaster
	dir    string // the children's event directory
	port   int
	done   chan struct{} // closed when Run has returned
	err    error         // what Run returned; read after done
	events func() []string
}

// startTestServer configures a postmaster and runs it; edit may change the
// configuration.
func startTestServer(t *testing.T, edit func(*Config)) *testServer {
	t.Helper()
	root := t.TempDir()
	dataDir := filepath.Join(root, "data")
	if err := os.Mkdir(dataDir, 0700); err != nil {
		t.Fatal(err)
	}
	set := settings.New()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	s := &testServer{t: t, dir: root, port: freePort(t), done: make(chan struct{})}
	cfg := Config{
		DataDir:         dataDir,
		Port:            s.port,
		ListenAddresses: []string{"127.0.0.1"},
		MaxConnections:  4,
		PoolMinIdle:     1,
		AuthTimeout:     time.Minute,
		Exe:             exe,
		BackendEnv:      []string{"GOMAXPROCS=2", envTestDir + "=" + root},
	}
	if edit != nil {
		edit(&cfg)
	}
	cfg.Settings = set.Encode()
	s.events = func() []string {
		b, _ := os.ReadFile(filepath.Join(root, "events"))
		return strings.Fields(strings.ReplaceAll(strings.TrimSpace(string(b)), " ", "_"))
	}
	s.pm, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.pm.Run()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			s.pm.immediateShutdown()
			select {
			case <-s.done:
			case <-time.After(20 * time.Second):
				t.Errorf("postmaster did not stop")
			}
		}
	})
	return s
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func (s *testServer) connect() (*pgconn.PgConn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return pgconn.Connect(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=disable", s.port))
}

// session waits until the server takes a session and runs a query in it.
func (s *testServer) session() *pgconn.PgConn {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := s.connect()
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			res, err := c.Exec(ctx, "SELECT 1").ReadAll()
			cancel()
			if err != nil || len(res) != 1 || len(res[0].Rows) != 1 || string(res[0].Rows[0][0]) != "1" {
				s.t.Fatalf("SELECT 1: %v %v", res, err)
			}
			return c
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no session: %v", err)
		}
		select {
		case <-s.done:
			s.t.Fatalf("postmaster ended: %v", s.err)
		default:
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitFor polls cond until it holds or 20 seconds pass.
func (s *testServer) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; events: %v", what, s.events())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *testServer) waitExit() error {
	s.t.Helper()
	select {
	case <-s.done:
		return s.err
	case <-time.After(30 * time.Second):
		s.t.Fatalf("postmaster did not exit; events: %v", s.events())
		return nil
	}
}

func count(events []string, prefix string) int {
	n := 0
	for _, e := range events {
		if strings.HasPrefix(e, prefix) {
			n++
		}
	}
	return n
}

func index(events []string, prefix string) int {
	for i, e := range events {
		if strings.HasPrefix(e, prefix) {
			return i
		}
	}
	return -1
}

func (s *testServer) auxPid(name string) int {
	s.pm.mu.Lock()
	defer s.pm.mu.Unlock()
	if a := s.pm.auxByName[name]; a != nil {
		return a.pid
	}
	return 0
}

func TestMaxProcsAndAuxLimit(t *testing.T) {
	c := Config{MaxConnections: 10, PoolMinIdle: 3}
	if got, want := c.MaxProcs(), 10+3+1+MaxAux; got != want {
		t.Errorf("MaxProcs = %d, want %d", got, want)
	}
	c.Aux = []string{"a", "b"}
	if got, want := c.MaxProcs(), 10+3+1+MaxAux; got != want {
		t.Errorf("MaxProcs with Aux = %d, want %d (independent of Aux)", got, want)
	}
	if c.startupSlot() != 13 || c.auxSlot(0) != 14 || c.auxSlot(MaxAux-1) != c.MaxProcs()-1 {
		t.Errorf("slots: startup %d, aux %d..%d of %d", c.startupSlot(), c.auxSlot(0), c.auxSlot(MaxAux-1), c.MaxProcs())
	}
	for _, aux := range [][]string{{"a", "b", "c", "d", "e"}, {"a", "a"}, {""}, {"startup"}} {
		if _, err := New(Config{DataDir: t.TempDir(), MaxConnections: 1, Aux: aux}); err == nil {
			t.Errorf("New accepted Aux %q", aux)
		}
	}
}

// A server with a startup process and two auxiliary processes answers 57P03
// while the startup process runs, then starts the auxiliary processes in
// their slots and serves sessions.
func TestStartupThenAux(t *testing.T) {
	var wait string
	s := startTestServer(t, func(c *Config) {
		c.Startup = true
		c.Aux = []string{"a", "b"}
		wait = filepath.Join(t.TempDir(), "go")
		c.BackendEnv = append(c.BackendEnv, envStartupWait+"="+wait)
	})
	s.waitFor("the startup process", func() bool { return count(s.events(), "startup_") == 1 })
	_, err := s.connect()
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "57P03" || pgErr.Message != "the database system is starting up" {
		t.Fatalf("connecting during startup: %v", err)
	}
	s.pm.mu.Lock()
	nb := len(s.pm.backends) + s.pm.starting
	s.pm.mu.Unlock()
	if nb != 0 {
		t.Fatalf("%d backends while the startup process runs", nb)
	}
	if err := os.WriteFile(wait, nil, 0600); err != nil {
		t.Fatal(err)
	}
	c := s.session()
	defer c.Close(context.Background())
	s.waitFor("the auxiliary processes", func() bool {
		ev := s.events()
		return count(ev, "aux_a_start") == 1 && count(ev, "aux_b_start") == 1
	})
	ev := s.events()
	if count(ev, "startup_") != 1 || index(ev, "startup_") > index(ev, "aux_") {
		t.Fatalf("events: %v", ev)
	}
	mb := s.pm.cfg.maxBackends()
	if !strings.HasSuffix(ev[0], fmt.Sprintf("slot=%d", mb)) ||
		!strings.HasSuffix(ev[index(ev, "aux_a_start")], fmt.Sprintf("slot=%d", mb+1)) ||
		!strings.HasSuffix(ev[index(ev, "aux_b_start")], fmt.Sprintf("slot=%d", mb+2)) {
		t.Fatalf("slots: %v (backends use 0..%d)", ev, mb-1)
	}
	seg := s.pm.currentSeg()
	if seg.MaxProcs() != s.pm.cfg.MaxProcs() || int(seg.Proc(mb+1).Pid()) != s.auxPid("a") {
		t.Fatalf("proc array: %d slots, slot %d pid %d, aux a pid %d", seg.MaxProcs(), mb+1, seg.Proc(mb+1).Pid(), s.auxPid("a"))
	}
	c.Close(context.Background())
	s.pm.fastShutdown()
	if err := s.waitExit(); err != nil {
		t.Fatal(err)
	}
}

// kill -9 of an auxiliary process is a crash: every child is quit, the
// startup process runs again on a new segment, the auxiliary processes are
// started again and sessions work.
func TestAuxCrashRestarts(t *testing.T) {
	s := startTestServer(t, func(c *Config) {
		c.Startup = true
		c.Aux = []string{"a", "b"}
	})
	c := s.session()
	s.waitFor("aux a", func() bool { return s.auxPid("a") != 0 && s.auxPid("b") != 0 })
	oldA, oldB := s.auxPid("a"), s.auxPid("b")
	oldSeg := s.pm.currentSeg()
	if err := unix.Kill(oldA, unix.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.waitFor("a second startup and new auxiliary processes", func() bool {
		a, b := s.auxPid("a"), s.auxPid("b")
		return count(s.events(), "startup_") == 2 && a != 0 && a != oldA && b != 0 && b != oldB
	})
	if s.pm.currentSeg() == oldSeg {
		t.Fatal("the segment was not replaced")
	}
	// The session of before the crash was ended (57P02).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_, err := c.Exec(ctx, "SELECT 1").ReadAll()
	cancel()
	if err == nil {
		t.Fatal("the session survived the crash-restart")
	}
	c.Close(context.Background())
	c2 := s.session()
	c2.Close(context.Background())
	ev := s.events()
	if count(ev, "aux_b_stop") != 0 {
		t.Errorf("aux b was asked to stop rather than quit: %v", ev)
	}
	s.pm.fastShutdown()
	if err := s.waitExit(); err != nil {
		t.Fatal(err)
	}
}

// A startup process that fails aborts the server: Run returns an error and no
// backend or auxiliary process starts.
func TestStartupFailureStopsServer(t *testing.T) {
	checkpointed := false
	s := startTestServer(t, func(c *Config) {
		c.Startup = true
		c.Aux = []string{"a"}
		c.BackendEnv = append(c.BackendEnv, envStartupFail+"=1")
		c.Checkpoint = func(*shm.Segment) error { checkpointed = true; return nil }
	})
	err := s.waitExit()
	if err == nil || !strings.Contains(err.Error(), "startup process") || !strings.Contains(err.Error(), "exit code 1") {
		t.Fatalf("Run returned %v", err)
	}
	if ev := s.events(); count(ev, "startup_") != 1 || count(ev, "aux_") != 0 {
		t.Fatalf("events: %v", ev)
	}
	if checkpointed {
		t.Fatal("checkpoint after a failed startup")
	}
}

// A smart shutdown waits for the last session, then stops the auxiliary
// processes, and only then checkpoints.
func TestSmartShutdownStopsAuxBeforeCheckpoint(t *testing.T) {
	var s *testServer
	auxAtCheckpoint := -1
	s = startTestServer(t, func(c *Config) {
		c.Startup = true
		c.Aux = []string{"a", "b"}
		c.Checkpoint = func(*shm.Segment) error {
			s.pm.mu.Lock()
			auxAtCheckpoint = len(s.pm.aux) + len(s.pm.backends)
			s.pm.mu.Unlock()
			eventIn(s.dir, "checkpoint")
			return nil
		}
	})
	c := s.session()
	s.waitFor("the auxiliary processes", func() bool {
		ev := s.events()
		return count(ev, "aux_a_start") == 1 && count(ev, "aux_b_start") == 1
	})
	s.pm.smartShutdown()
	// The session still runs, and so do the auxiliary processes.
	time.Sleep(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_, err := c.Exec(ctx, "SELECT 1").ReadAll()
	cancel()
	if err != nil {
		t.Fatalf("session during smart shutdown: %v", err)
	}
	if ev := s.events(); count(ev, "aux_a_stop")+count(ev, "aux_b_stop")+count(ev, "checkpoint") != 0 {
		t.Fatalf("stopped while a session runs: %v", ev)
	}
	c.Close(context.Background())
	if err := s.waitExit(); err != nil {
		t.Fatal(err)
	}
	ev := s.events()
	cp := index(ev, "checkpoint")
	if cp < 0 || index(ev, "aux_a_stop") < 0 || index(ev, "aux_b_stop") < 0 ||
		index(ev, "aux_a_stop") > cp || index(ev, "aux_b_stop") > cp {
		t.Fatalf("events: %v", ev)
	}
	if auxAtCheckpoint != 0 {
		t.Fatalf("%d children alive at the checkpoint", auxAtCheckpoint)
	}
}

// Reloaded settings reach the auxiliary processes; one that exits 0 is
// started again without a crash-restart.
func TestAuxReloadAndRestartAfterExit0(t *testing.T) {
	s := startTestServer(t, func(c *Config) {
		c.Startup = true
		c.Aux = []string{"a", "exit0"}
		c.Reload = func() ([]byte, error) {
			set, err := settings.Decode(c.Settings)
			if err != nil {
				return nil, err
			}
			if err := set.Apply("work_mem", "8MB", settings.ContextSighup, settings.SourceFile); err != nil {
				return nil, err
			}
			return set.Encode(), nil
		}
	})
	s.waitFor("exit0 started twice", func() bool { return count(s.events(), "aux_exit0_start") == 2 && s.auxPid("exit0") != 0 })
	s.waitFor("aux a", func() bool { return s.auxPid("a") != 0 })
	s.pm.reload()
	s.waitFor("the reload in aux a and exit0", func() bool {
		ev := s.events()
		return count(ev, "aux_a_reload_work_mem=8MB") == 1 && count(ev, "aux_exit0_reload_work_mem=8MB") == 1
	})
	if n := count(s.events(), "startup_"); n != 1 {
		t.Fatalf("%d startups: %v", n, s.events())
	}
	c := s.session()
	c.Close(context.Background())
	s.pm.fastShutdown()
	if err := s.waitExit(); err != nil {
		t.Fatal(err)
	}
}
