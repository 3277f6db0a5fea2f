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
// until its transaction ends. A wait that leads into the lock table (a
// process waiting for a table or advisory lock) is followed by the lock
// manager's detector, which sees both kinds of edge (rowWaitEdge).
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
			return e.mixedDeadlock()
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

// mixedDeadlock looks for a cycle through this backend's row wait that
// passes through the lock table, with the lock manager's detector.
func (e *Engine) mixedDeadlock() error {
	if e.locks == nil {
		return nil
	}
	return e.locks.RowWaitDeadlock(func() { e.proc.SetWaitingFor(0, 0, 0) })
}

// rowWaitEdge is the lock manager's view of row waits: the slot of the
// process proc waits for, from the wait proc published in its slot.
func (e *Engine) rowWaitEdge(proc uint32) (uint32, uint64, bool) {
	if int(proc) >= e.seg.MaxProcs() {
		return 0, 0, false
	}
	pid, xid, _ := e.seg.Proc(int(proc)).Wait()
	if pid == 0 {
		return 0, 0, false
	}
	for i := 0; i < e.seg.MaxProcs(); i++ {
		if e.seg.Proc(i).Pid() == pid {
			return uint32(i), xid, true
		}
	}
	return 0, 0, false
}
