package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAuthenticationTimeout: a client that connects and says nothing is
// disconnected after authentication_timeout.
func TestAuthenticationTimeout(t *testing.T) {
	s := startServer(t, "", "-c", "authentication_timeout=1s")
	conn, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	buf := make([]byte, 16)
	_, err = conn.Read(buf)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("silent client still connected after 30s with authentication_timeout=1s")
	}
	if got := query(t, s.mustConnect(), "select 1"); got != "1" {
		t.Fatalf("select 1 = %q", got)
	}
}

// TestReload: SIGHUP re-reads postgresql.conf; new sessions see the value.
func TestReload(t *testing.T) {
	s := startServer(t, "")
	if got := query(t, s.mustConnect(), "show work_mem"); got != "4MB" {
		t.Fatalf("work_mem before reload: %q", got)
	}
	conf := filepath.Join(s.dataDir, "postgresql.conf")
	if err := os.WriteFile(conf, []byte("work_mem = '16MB'\nmax_connections = 7 # needs a restart\n"), 0600); err != nil {
		t.Fatal(err)
	}
	s.signal(syscall.SIGHUP)
	ok := eventually(15*time.Second, func() bool {
		c, err := s.connect()
		if err != nil {
			return false
		}
		defer c.Close(context.Background())
		out, err := tryQuery(c, "show work_mem")
		return err == nil && out == "16MB"
	})
	if !ok {
		t.Fatalf("work_mem not 16MB after SIGHUP\n%s", s.log)
	}
	if got := query(t, s.mustConnect(), "show max_connections"); got != "100" {
		t.Fatalf("max_connections changed without a restart: %q", got)
	}
	if !eventually(5*time.Second, func() bool {
		return strings.Contains(s.log.String(), `parameter "max_connections" cannot be changed without restarting the server`)
	}) {
		t.Errorf("reload did not log the restart-only parameter:\n%s", s.log)
	}
}

// TestConnectStorm: many connections that come and go leave no process or
// session behind, and the next client is served.
func TestConnectStorm(t *testing.T) {
	s := startServer(t, "", "-N", "10")
	for i := 0; i < 300; i++ {
		c, err := s.connect()
		if err != nil {
			// A backend still winding down may hold a slot for a moment.
			if sqlstate(err) == "53300" {
				continue
			}
			t.Fatalf("connect %d: %v", i, err)
		}
		if i%3 == 0 {
			query(t, c, "select 1")
		}
		if i%2 == 0 {
			c.Close(context.Background())
		} else {
			c.Conn().Close() // vanish without Terminate
		}
	}
	// The pool settles back to warm idle backends only.
	settled := eventually(15*time.Second, func() bool {
		return len(s.backendPids()) <= 10+4
	})
	if !settled {
		t.Fatalf("%d backend processes after the storm", len(s.backendPids()))
	}
	if got := query(t, s.mustConnect(), "select 1"); got != "1" {
		t.Fatalf("after the storm: %q", got)
	}
}

// TestHugePagesOnWithoutPages: huge_pages=on refuses to start when the
// kernel has no huge pages free, and says so.
func TestHugePagesOnWithoutPages(t *testing.T) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil || !strings.Contains(string(b), "HugePages_Free:        0") {
		t.Skip("huge pages are reserved on this machine")
	}
	dir := filepath.Join(t.TempDir(), "data")
	out, err := runServerOnce(t, dir, "-c", "huge_pages=on")
	if err == nil {
		t.Fatalf("server started with huge_pages=on and no huge pages:\n%s", out)
	}
	if !strings.Contains(out, "huge pages") || !strings.Contains(out, "vm.nr_hugepages") {
		t.Fatalf("refusal does not say why:\n%s", out)
	}
}

func TestVersionAndHelp(t *testing.T) {
	out, err := runServerOnce(t, "", "--version")
	if err != nil || !strings.Contains(out, "ringpg") || !strings.Contains(out, "15.") {
		t.Fatalf("--version: %v\n%s", err, out)
	}
	out, err = runServerOnce(t, "", "--help")
	if err != nil || !strings.Contains(out, "--shared-buffers") || !strings.Contains(out, "-D") {
		t.Fatalf("--help does not list the flags: %v\n%s", err, out)
	}
	out, err = runServerOnce(t, "", "-c", "no_such_setting=1")
	if err == nil || !strings.Contains(out, `unrecognized configuration parameter "no_such_setting"`) {
		t.Fatalf("unknown setting: %v\n%s", err, out)
	}
}
