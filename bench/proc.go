package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Every child (go build, initdb, the servers, pgbench) is started in its own
// process group so that one kill reaches it and everything it forked, and
// so that a Ctrl-C on the terminal reaches only this program, which then
// shuts the servers down in order.
//
// Children get Pdeathsig=SIGKILL so that they die even if this program is
// killed with SIGKILL. Pdeathsig fires when the *thread* that forked the
// child exits (golang/go#27505), so all children are started from one
// goroutine locked to its OS thread for the life of the program.

// groups records the process groups still alive; killAllGroups ends them.
var groups = struct {
	sync.Mutex
	m map[int]string
}{m: map[int]string{}}

type spawnRequest struct {
	cmd  *exec.Cmd
	done chan error
}

var spawnRequests = make(chan spawnRequest)

func init() {
	go func() {
		runtime.LockOSThread() // never unlocked: see the comment above
		for req := range spawnRequests {
			req.done <- req.cmd.Start()
		}
	}()
}

// startChild starts cmd in a new process group and records that group.
func startChild(cmd *exec.Cmd, name string) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	if cmd.Env == nil {
		cmd.Env = childEnv()
	}
	done := make(chan error, 1)
	spawnRequests <- spawnRequest{cmd: cmd, done: done}
	if err := <-done; err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	groups.Lock()
	groups.m[cmd.Process.Pid] = name
	groups.Unlock()
	return nil
}

// forgetGroup kills whatever is left of a child's process group (a child
// may have left grandchildren behind) and stops tracking it.
func forgetGroup(pid int) {
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	groups.Lock()
	delete(groups.m, pid)
	groups.Unlock()
}

// killAllGroups sends SIGKILL to every process group still recorded. It is
// the last resort on the way out; servers are normally stopped in order
// before it runs.
func killAllGroups() []string {
	groups.Lock()
	defer groups.Unlock()
	var killed []string
	for pid, name := range groups.m {
		if syscall.Kill(-pid, syscall.SIGKILL) == nil {
			killed = append(killed, fmt.Sprintf("%s (pid %d)", name, pid))
		}
		delete(groups.m, pid)
	}
	sort.Strings(killed)
	return killed
}

// runChild runs a short-lived command to completion and returns its
// combined output. The context's end kills the whole process group.
func runChild(ctx context.Context, name string, cmd *exec.Cmd) ([]byte, error) {
	var out bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &out
	}
	if err := startChild(cmd, name); err != nil {
		return nil, err
	}
	pid := cmd.Process.Pid
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var err error
	select {
	case err = <-waited:
	case <-ctx.Done():
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-waited
		err = fmt.Errorf("%s: %w", name, ctx.Err())
	}
	forgetGroup(pid)
	return out.Bytes(), err
}

// childEnv is this program's environment without the libpq variables
// (PGHOST, PGOPTIONS, PGSSLMODE, ...), so that every client connects exactly
// as its command line says, whatever the calling shell has set.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// exitStatus describes how a process ended, for messages.
func exitStatus(err error) string {
	if err == nil {
		return "exit status 0"
	}
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return "killed by " + unix.SignalName(ws.Signal())
		}
		return fmt.Sprintf("exit status %d", ee.ExitCode())
	}
	return err.Error()
}

// pollUntil calls check every interval until it returns true or the
// deadline passes; it reports whether check succeeded.
func pollUntil(ctx context.Context, deadline time.Time, interval time.Duration, check func() bool) bool {
	for {
		if check() {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
	}
}
