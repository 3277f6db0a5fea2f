package engine

import (
	"fmt"
	"strings"

	"ringpg/pgerr"
	"ringpg/shm"
)

// checkDeadlock looks for a cycle of transaction waits through this
// backend, following each process's published wait in the proc array
// (shm.Proc.Wait). Of a cycle, the process that began waiting first is the
// victim, as in PostgreSQL, where its deadlock_timeout expires first and
// it runs the detector: it fails with 40P01 and the others go on waiting
// until its transaction ends. Table-lock waits are not part of the graph
// yet.
func (e *Engine) checkDeadlock() error {
	me := e.proc.Pid()
	type edge struct {
		pid, blocker int32
		xid          uint64
		since        int64
	}
	var cycle []edge
	seen := map[int32]bool{}
	pid := me
	for !seen[pid] {
		seen[pid] = true
		p := e.findProc(pid)
		if p == nil {
			return nil
		}
		blocker, xid, since := p.Wait()
		if blocker == 0 {
			return nil
		}
		cycle = append(cycle, edge{pid, blocker, xid, since})
		pid = blocker
	}
	if pid != me {
		return nil // a cycle elsewhere, or none through us
	}
	victim := cycle[0]
	for _, c := range cycle[1:] {
		if c.since < victim.since || c.since == victim.since && c.pid < victim.pid {
			victim = c
		}
	}
	if victim.pid != me {
		return nil
	}
	var detail []string
	for _, c := range cycle {
		detail = append(detail, fmt.Sprintf("Process %d waits for ShareLock on transaction %d; blocked by process %d.", c.pid, c.xid, c.blocker))
	}
	err := pgerr.New(pgerr.DeadlockDetected, "deadlock detected").WithDetail("%s", strings.Join(detail, "\n"))
	err.Hint = "See server log for query details."
	return err
}

func (e *Engine) findProc(pid int32) *shm.Proc { return e.seg.FindProc(pid) }
