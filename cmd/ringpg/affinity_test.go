package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/sys/unix"
)

// TestCPUAffinity: with backend_cpu_affinity=spread each backend runs on
// one CPU, as taskset -p shows.
func TestCPUAffinity(t *testing.T) {
	s := startServer(t, "", "-c", "backend_cpu_affinity=spread")
	s.mustConnect()
	pids := s.backendPids()
	if len(pids) == 0 {
		t.Fatal("no backends")
	}
	for _, pid := range pids {
		if v := cpusAllowed(t, pid); strings.ContainsAny(v, ",-") {
			t.Errorf("backend %d may run on CPUs %s, want one", pid, v)
		}
	}
}

// cpusAllowed returns the Cpus_allowed_list of process pid ("0-1", "1"),
// or "" when the process is gone.
func cpusAllowed(t *testing.T, pid int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("backend %d: no Cpus_allowed_list", pid)
	return ""
}

// onCPU runs fn on a thread pinned to cpu. The thread is locked and never
// unlocked, so it ends with fn (or, the main thread, is never used again)
// and no other goroutine inherits its mask.
// Writes made by fn leave from that CPU, where the loopback delivers them.
func onCPU(t *testing.T, cpu int, fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		var set unix.CPUSet
		set.Set(cpu)
		if err := unix.SchedSetaffinity(0, &set); err != nil {
			t.Errorf("pinning the client thread: %v", err)
			return
		}
		fn()
	}()
	<-done
}

// TestCPUAffinityFollowsClient: with backend_cpu_affinity=client a
// backend pins itself to the CPU its client sends from, unless more than
// that CPU's share of the sessions send from there, and lets go when its
// session ends.
func TestCPUAffinityFollowsClient(t *testing.T) {
	var allowed unix.CPUSet
	if err := unix.SchedGetaffinity(0, &allowed); err != nil || allowed.Count() < 2 {
		t.Skip("needs two CPUs")
	}
	var cpus []int
	for c := 0; len(cpus) < 2; c++ {
		if allowed.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	a, b := cpus[0], cpus[1]
	s := startServer(t, "", "-c", "backend_cpu_affinity=client")
	all := cpusAllowed(t, s.cmd.Process.Pid) // the postmaster's, never pinned
	c1, c2 := s.mustConnect(), s.mustConnect()
	pid1, _ := strconv.Atoi(query(t, c1, "select pg_backend_pid()"))
	pid2, _ := strconv.Atoi(query(t, c2, "select pg_backend_pid()"))

	// until sends queries from cpu, one at a time, until the backend's
	// allowed CPUs are want; at most three looks' worth.
	until := func(c *pgconn.PgConn, pid, cpu int, want string) {
		t.Helper()
		got := ""
		onCPU(t, cpu, func() {
			for i := 0; i < 3*64; i++ {
				if _, err := tryQuery(c, "select 1"); err != nil {
					t.Errorf("select 1: %v", err)
					return
				}
				if got = cpusAllowed(t, pid); got == want {
					return
				}
			}
		})
		if got != want {
			t.Fatalf("backend %d, client on CPU %d: may run on %q, want %q", pid, cpu, got, want)
		}
	}
	one := func(cpu int) string { return strconv.Itoa(cpu) }

	until(c1, pid1, a, one(a))
	// Both clients on one CPU of two: more than its share, so c2 does not
	// pin itself and c1 lets go at its next look.
	onCPU(t, a, func() {
		for i := 0; i < 3*64; i++ {
			query(t, c2, "select 1")
		}
	})
	if got := cpusAllowed(t, pid2); got != all {
		t.Fatalf("second session from CPU %d: backend may run on %q, want %q", a, got, all)
	}
	until(c1, pid1, a, all)
	// The clients on different CPUs: each backend follows its own.
	until(c2, pid2, b, one(b))
	until(c1, pid1, a, one(a))

	// The end of the session unpins the backend before it goes back to
	// the pool.
	c1.Close(context.Background())
	if !eventually(5*time.Second, func() bool { return cpusAllowed(t, pid1) == all }) {
		t.Fatalf("backend %d after its session: may run on %q, want %q", pid1, cpusAllowed(t, pid1), all)
	}
}
