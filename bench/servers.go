package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Server identifiers as they appear in the JSON and on the command line.
const (
	serverPG     = "postgresql"
	serverRingpg = "ringpg"
)

// Server is one database server under test: a child process this program
// starts, restarts with other settings, and stops.
type Server struct {
	ID      string // serverPG or serverRingpg
	Name    string // for people: "PostgreSQL 15", "ringpg"
	Version string

	bin     string // postgres or ringpg binary
	dataDir string
	sockDir string
	logPath string
	port    int
	cred    *syscall.Credential // run as this user (PostgreSQL refuses root)

	// Unusable, when set, says why this server cannot be measured at all
	// (did not build, initdb failed, did not start); every cell of it then
	// reports this reason.
	Unusable string

	cmd      *exec.Cmd
	logFile  *os.File
	exited   chan struct{}
	waitErr  error
	settings map[string]string // what the running process was started with
	starts   int
}

// Addr is the server's TCP address.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// ConnString is a libpq/pgx connection string for the server.
func (s *Server) ConnString() string {
	return fmt.Sprintf("host=127.0.0.1 port=%d user=postgres dbname=postgres sslmode=disable", s.port)
}

// Running reports whether the server process is up.
func (s *Server) Running() bool {
	if s.cmd == nil {
		return false
	}
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// args builds the server's command line for the given settings.
func (s *Server) args(settings map[string]string) []string {
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var a []string
	switch s.ID {
	case serverPG:
		a = []string{"-D", s.dataDir, "-p", strconv.Itoa(s.port), "-k", s.sockDir,
			"-c", "listen_addresses=127.0.0.1"}
		for _, k := range keys {
			a = append(a, "-c", k+"="+settings[k])
		}
	default:
		a = []string{"serve", "-D", s.dataDir, "-p", strconv.Itoa(s.port), "-h", "127.0.0.1", "-k", s.sockDir}
		for _, k := range keys {
			switch k {
			case "shared_buffers":
				a = append(a, "-B", settings[k])
			case "max_connections":
				a = append(a, "-N", settings[k])
			default:
				a = append(a, "-c", k+"="+settings[k])
			}
		}
	}
	return a
}

// CommandLine is the server's command line for people and the JSON.
func (s *Server) CommandLine(settings map[string]string) string {
	return filepath.Base(s.bin) + " " + strings.Join(s.args(settings), " ")
}

// Start starts the server with settings and waits until it answers a
// startup packet with ReadyForQuery.
func (s *Server) Start(ctx context.Context, settings map[string]string, timeout time.Duration) error {
	if s.Running() {
		return fmt.Errorf("%s is already running", s.Name)
	}
	lf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open server log: %w", err)
	}
	fmt.Fprintf(lf, "\n===== bench: starting %s at %s\n", s.CommandLine(settings), time.Now().Format(time.RFC3339))
	cmd := exec.Command(s.bin, s.args(settings)...)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.Dir = filepath.Dir(s.dataDir)
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	if err := startChild(cmd, s.Name); err != nil {
		lf.Close()
		return err
	}
	s.cmd, s.logFile, s.settings = cmd, lf, settings
	s.exited = make(chan struct{})
	s.starts++
	go func(exited chan struct{}) {
		s.waitErr = cmd.Wait()
		close(exited)
	}(s.exited)

	var lastErr error
	ready := pollUntil(ctx, time.Now().Add(timeout), 50*time.Millisecond, func() bool {
		if !s.Running() {
			return true // stop polling: it is gone
		}
		_, lastErr = startupProbe(ctx, s.Addr(), time.Second)
		return lastErr == nil
	})
	if !s.Running() {
		why := fmt.Sprintf("exited during start (%s)", exitStatus(s.waitErr))
		s.cleanup()
		return fmt.Errorf("%s; log: %s", why, s.logTail(3))
	}
	if !ready {
		_ = s.Stop()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("not accepting connections after %s (last attempt: %v); log: %s", timeout, lastErr, s.logTail(3))
	}
	return nil
}

// Stop shuts the server down: SIGINT (fast shutdown) first, then SIGQUIT
// (immediate), then SIGKILL to the whole process group, waiting a while
// between them. It reports how far it had to go when fast shutdown did not
// do.
func (s *Server) Stop() error {
	if s.cmd == nil {
		return nil
	}
	pid := s.cmd.Process.Pid
	steps := []struct {
		sig  syscall.Signal
		wait time.Duration
		pg   bool // to the group instead of the process
	}{
		{syscall.SIGINT, 30 * time.Second, false},
		{syscall.SIGQUIT, 10 * time.Second, false},
		{syscall.SIGKILL, 10 * time.Second, true},
	}
	var err error
	for i, st := range steps {
		if !s.Running() {
			break
		}
		target := pid
		if st.pg {
			target = -pid
		}
		_ = syscall.Kill(target, st.sig)
		select {
		case <-s.exited:
		case <-time.After(st.wait):
		}
		if i > 0 {
			err = fmt.Errorf("%s ignored fast shutdown (SIGINT) for %s; sent %s", s.Name, steps[0].wait, st.sig)
		}
	}
	s.cleanup()
	return err
}

// cleanup ends any straggler in the server's process group and forgets the
// process.
func (s *Server) cleanup() {
	if s.cmd == nil {
		return
	}
	forgetGroup(s.cmd.Process.Pid)
	if s.logFile != nil {
		s.logFile.Close()
	}
	s.cmd, s.logFile, s.settings = nil, nil, nil
}

// Ensure makes sure the server runs with exactly these settings and
// answers, (re)starting it if needed. restarted says why it had to start
// a server that should have been running ("" if it did not).
func (s *Server) Ensure(ctx context.Context, settings map[string]string, timeout time.Duration) (restarted string, err error) {
	if s.Running() && sameSettings(s.settings, settings) {
		_, perr := startupProbe(ctx, s.Addr(), 5*time.Second)
		if perr == nil {
			return "", nil
		}
		// Dead but not yet reaped, or alive and stuck: either way start
		// afresh so that one bad moment does not fail every later run.
		if !s.WaitExit(2 * time.Second) {
			restarted = fmt.Sprintf("was not answering (%v); restarted it", perr)
			if err := s.Stop(); err != nil {
				restarted += "; " + err.Error()
			}
			return restarted, s.Start(ctx, settings, timeout)
		}
	}
	if s.Running() {
		// Other settings: restart. A slow stop is worth a note, not a failure.
		if err := s.Stop(); err != nil {
			restarted = "restart for new settings: " + err.Error()
		}
		return restarted, s.Start(ctx, settings, timeout)
	}
	if s.cmd != nil {
		// It died since the last workload: say so and start afresh.
		why := exitStatus(s.waitErr)
		s.cleanup()
		if err := s.Start(ctx, settings, timeout); err != nil {
			return "", fmt.Errorf("server had exited (%s) and did not start again: %w", why, err)
		}
		return fmt.Sprintf("had exited (%s); restarted it", why), nil
	}
	return "", s.Start(ctx, settings, timeout)
}

// WaitExit waits up to d for the server process to end and reports
// whether it has. A process killed a moment ago is only seen dead once it
// has been reaped.
func (s *Server) WaitExit(d time.Duration) bool {
	if s.cmd == nil {
		return true
	}
	select {
	case <-s.exited:
		return true
	case <-time.After(d):
		return false
	}
}

func sameSettings(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// logTail returns the last n non-empty lines of the server log, joined.
func (s *Server) logTail(n int) string {
	data, err := os.ReadFile(s.logPath)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	return lastLines(string(data), n)
}

func lastLines(text string, n int) string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "===== bench:") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "(empty)"
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// freePort asks the kernel for a free TCP port on the loopback address.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
