package lmgr

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"ringpg/pgerr"
	"ringpg/sem"
)

// stressTags are the objects the stress children fight over: three
// relations (fast path for weak modes, transfers for strong ones) and two
// advisory locks (always the shared table, sometimes session-level).
var stressTags = [nTags]Tag{
	RelationTag(1, 100), RelationTag(1, 101), RelationTag(1, 102),
	AdvisoryTag(1, 1), AdvisoryTag2(1, 2, 3),
}

// stressModes weighs the modes toward the weak ones, as real workloads are.
var stressModes = []Mode{
	AccessShare, AccessShare, AccessShare, AccessShare, RowShare, RowExclusive, RowExclusive, RowExclusive,
	ShareUpdateExclusive, Share, ShareRowExclusive, Exclusive, AccessExclusive,
}

// kidStress runs transactions of one to three random locks on the stress
// tags, holding them briefly, and checks on every grant that no other
// child holds a conflicting mode on the same tag. Deadlocks (40P01) and
// NOWAIT failures (55P03) end the transaction, as they would a client's.
func kidStress(k *kid) error {
	k.atGate()
	rng := rand.New(rand.NewPCG(uint64(k.id), uint64(time.Now().UnixNano())))
	type hold struct {
		t       int
		mode    Mode
		session bool
	}
	var mine []hold
	for it := 0; it < k.iters; it++ {
		n := 1 + rng.IntN(3)
		for j := 0; j < n; j++ {
			ti := rng.IntN(nTags)
			mode := stressModes[rng.IntN(len(stressModes))]
			opts := Options{DeadlockTimeout: 5 * time.Millisecond}
			opts.Session = stressTags[ti].Type == TagAdvisory && rng.IntN(3) == 0
			switch rng.IntN(10) {
			case 0:
				opts.NoWait = true
			case 1:
				opts.Timeout = time.Duration(1+rng.IntN(1000)) * time.Microsecond
			}
			err := k.m.Lock(stressTags[ti], mode, opts)
			if err != nil {
				switch pgerr.Code(err) {
				case pgerr.DeadlockDetected:
					k.a.deadlocks[k.id].Add(1)
				case pgerr.LockNotAvailable:
					k.a.nowaits[k.id].Add(1)
				default:
					return err
				}
				break
			}
			k.a.ops[k.id].Add(1)
			for other := Mode(1); other <= numModes; other++ {
				if !Conflicts(mode, other) {
					continue
				}
				for c := 1; c <= maxKids; c++ {
					if c != k.id && k.a.held[ti][other][c].Load() != 0 {
						k.fail("granted %v on %v while child %d holds %v", mode, stressTags[ti], c, other)
					}
				}
			}
			k.a.held[ti][mode][k.id].Add(1)
			mine = append(mine, hold{ti, mode, opts.Session})
		}
		// Hold the locks a moment; now and then long enough for the
		// others to queue behind them.
		if rng.IntN(16) == 0 {
			time.Sleep(50 * time.Microsecond)
		} else {
			for range rng.IntN(2000) {
				_ = rng.Uint64()
			}
		}
		// End the transaction: one by one, or all at once.
		byOne := rng.IntN(2) == 0
		for _, h := range mine {
			k.a.held[h.t][h.mode][k.id].Add(^uint32(0))
			if byOne && !k.m.Unlock(stressTags[h.t], h.mode, h.session) {
				k.fail("Unlock(%v, %v, %v) found no hold", stressTags[h.t], h.mode, h.session)
			}
		}
		mine = mine[:0]
		k.m.ReleaseAll(true)
		if h := k.m.Held(); len(h) != 0 {
			k.fail("holds left after ReleaseAll: %+v", h)
		}
	}
	return nil
}

// TestProcStress: several processes take random locks on a few tags; no
// two ever hold conflicting modes at once, deadlocks are resolved, and
// the table is empty afterwards.
func TestProcStress(t *testing.T) {
	const kids = 4
	iters := 1500
	if testing.Short() {
		iters = 300
	}
	e := newProcEnv(t, kids)
	var cs []*child
	for i := 1; i <= kids; i++ {
		cs = append(cs, e.spawn(t, "stress", i, envIters+"="+strconv.Itoa(iters)))
	}
	start := time.Now()
	e.openGate(t, kids)
	e.waitChildren(t, cs...)
	var ops, dl, nw uint64
	for i := 1; i <= kids; i++ {
		ops += e.a.ops[i].Load()
		dl += e.a.deadlocks[i].Load()
		nw += e.a.nowaits[i].Load()
	}
	t.Logf("%d processes: %d locks granted, %d deadlocks, %d NOWAIT failures or lock timeouts, %d cycles broken by reordering (%d not) in %v",
		kids, ops, dl, nw, e.a.reorders[1].Load(), e.a.reorders[0].Load(), time.Since(start))
	if ops == 0 {
		t.Error("no lock was ever granted")
	}
	checkEmpty(t, e.m)
}

// kidRing holds relation 100+id and then asks for the next child's: with
// every child doing so, a ring of waits.
func kidRing(k *kid) error {
	mine := RelationTag(1, uint32(100+k.id))
	next := RelationTag(1, uint32(100+k.id%k.kids+1))
	if err := k.m.Lock(mine, AccessExclusive, Options{}); err != nil {
		return err
	}
	k.atGate()
	err := k.m.Lock(next, ShareRowExclusive, Options{DeadlockTimeout: 100 * time.Millisecond})
	switch {
	case err == nil:
		k.a.result[k.id].Store(1)
	case pgerr.Code(err) == pgerr.DeadlockDetected:
		e := pgerr.From(err)
		n := copy(k.a.detail[:], e.Detail)
		k.a.detailLen.Store(uint32(n))
		k.a.result[k.id].Store(2)
	default:
		return err
	}
	k.m.ReleaseAll(false)
	return nil
}

// TestProcDeadlock: two and three processes in a ring of waits; exactly
// one is the victim, its DETAIL names every process of the ring with
// their real pids, and the others get their locks.
func TestProcDeadlock(t *testing.T) {
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d", n), func(t *testing.T) {
			e := newProcEnv(t, n)
			var cs []*child
			for i := 1; i <= n; i++ {
				cs = append(cs, e.spawn(t, "ring", i, envKids+"="+strconv.Itoa(n)))
			}
			e.openGate(t, n)
			e.waitChildren(t, cs...)
			victims := 0
			for i := 1; i <= n; i++ {
				switch e.a.result[i].Load() {
				case 1:
				case 2:
					victims++
				default:
					t.Errorf("child %d has no result", i)
				}
			}
			if victims != 1 {
				t.Fatalf("%d victims, want 1", victims)
			}
			detail := string(e.a.detail[:e.a.detailLen.Load()])
			var pids []int32
			for _, c := range cs {
				pids = append(pids, int32(c.cmd.Process.Pid))
			}
			checkDeadlockDetail(t, pgerr.New(pgerr.DeadlockDetected, "deadlock detected").
				WithHint("See server log for query details.").WithDetail("%s", detail), pids...)
			t.Logf("DETAIL:\n%s", detail)
			checkEmpty(t, e.m)
		})
	}
}

// kidFast takes AccessShareLock on relation 100, which goes on the fast
// path, says so, and ends its transaction when the parent asks.
func kidFast(k *kid) error {
	if err := k.m.Lock(RelationTag(1, 100), AccessShare, Options{}); err != nil {
		return err
	}
	k.a.holding.Store(1)
	for k.a.release.Load() == 0 {
		sem.FutexWait(word(&k.a.release), 0, 0)
	}
	k.m.ReleaseAll(false)
	return nil
}

// TestProcFastPathStrongLock: another process's fast-path AccessShareLock
// shows in pg_locks with fastpath set; an AccessExclusiveLock request moves
// it into the shared table and waits until that process ends its
// transaction, whose release wakes the waiter across processes.
func TestProcFastPathStrongLock(t *testing.T) {
	e := newProcEnv(t, 1)
	c := e.spawn(t, "fast", 1)
	waitFor(t, "child holding its lock", func() bool { return e.a.holding.Load() == 1 })
	pid := int32(c.cmd.Process.Pid)
	want := fmt.Sprintf("relation relation 100 of database 1 slot=1 pid=%d AccessShareLock granted=true fastpath=true waiting=false", pid)
	if got := rows(e.m.Snapshot()); len(got) != 1 || got[0] != want {
		t.Fatalf("snapshot %q, want %q", got, want)
	}
	if ok, err := e.m.TryLock(RelationTag(1, 100), AccessExclusive, false); ok || err != nil {
		t.Fatalf("TryLock(AccessExclusive) = %v, %v; want false", ok, err)
	}
	x := lockAsync(e.m, RelationTag(1, 100), AccessExclusive, Options{})
	waitFor(t, "AccessExclusive waiting", func() bool { return waiting(e.m, 0) })
	want = fmt.Sprintf("relation relation 100 of database 1 slot=1 pid=%d AccessShareLock granted=true fastpath=false waiting=false", pid)
	if got := rows(e.m.Snapshot()); len(got) != 2 || got[1] != want {
		t.Errorf("snapshot %q, want the moved hold %q", got, want)
	}
	notDone(t, x, "AccessExclusive")
	e.a.release.Store(1)
	sem.FutexWake(word(&e.a.release), 1)
	if err := recv(t, x); err != nil {
		t.Fatal(err)
	}
	e.waitChildren(t, c)
	e.m.ReleaseAll(false)
	checkEmpty(t, e.m)
}

// kidLeak takes locks of every kind and exits without releasing them.
func kidLeak(k *kid) error {
	for _, l := range []struct {
		tag  Tag
		mode Mode
		opts Options
	}{
		{RelationTag(1, 100), AccessShare, Options{}},     // fast path
		{RelationTag(1, 101), AccessExclusive, Options{}}, // strong: counted
		{AdvisoryTag(1, 7), Exclusive, Options{Session: true}},
	} {
		if err := k.m.Lock(l.tag, l.mode, l.opts); err != nil {
			return err
		}
	}
	return nil
}

// kidWait asks for AccessExclusiveLock on relation 102 and waits for it
// until it is killed.
func kidWait(k *kid) error {
	err := k.m.Lock(RelationTag(1, 102), AccessExclusive, Options{DeadlockTimeout: time.Hour})
	return fmt.Errorf("the wait ended: %v", err)
}

// TestProcCleanup: what a process leaves in the table when it exits
// without ReleaseAll, or is killed while waiting, is given back by
// Cleanup: holds (fast path and shared), a place in a queue, strong-lock
// counts; waiters behind it are woken.
func TestProcCleanup(t *testing.T) {
	e := newProcEnv(t, 3)
	m3, err := Attach(e.seg, 3) // a second Manager in the parent, for a second wait
	if err != nil {
		t.Fatal(err)
	}
	leak := e.spawn(t, "leak", 1)
	e.waitChildren(t, leak)
	if n := len(e.m.Snapshot()); n != 3 {
		t.Fatalf("snapshot after the careless exit has %d rows, want 3:\n%s", n, strings.Join(rows(e.m.Snapshot()), "\n"))
	}
	// A waiter behind the leaked advisory lock.
	adv := lockAsync(e.m, AdvisoryTag(1, 7), Share, Options{})
	waitFor(t, "parent waiting", func() bool { return waiting(e.m, 0) })

	mustLock(t, m3, RelationTag(1, 102), AccessShare, Options{})
	w := e.spawn(t, "wait", 2)
	waitFor(t, "child 2 waiting", func() bool { return waiting(e.m, 2) })
	w.cmd.Process.Kill()
	w.cmd.Wait()

	if n, err := Cleanup(e.seg, 1); err != nil || n != 3 {
		t.Fatalf("Cleanup(1) = %d, %v; want 3 holds", n, err)
	}
	if err := recv(t, adv); err != nil {
		t.Fatalf("waiter behind the leaked lock: %v", err)
	}
	if n, err := Cleanup(e.seg, 2); err != nil || n != 1 {
		t.Fatalf("Cleanup(2) = %d, %v; want 1 wait", n, err)
	}
	if n, err := Cleanup(e.seg, 2); err != nil || n != 0 {
		t.Fatalf("Cleanup(2) again = %d, %v; want nothing", n, err)
	}
	want := []string{
		"advisory advisory lock [1,0,7,1] slot=0 pid=" + strconv.Itoa(os.Getpid()) + " ShareLock granted=true fastpath=false waiting=false",
		"relation relation 102 of database 1 slot=3 pid=" + strconv.Itoa(os.Getpid()) + " AccessShareLock granted=true fastpath=false waiting=false",
	}
	if got := rows(e.m.Snapshot()); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after Cleanup:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	e.m.ReleaseAll(false)
	m3.ReleaseAll(false)
	checkEmpty(t, e.m)
	// Strong-lock counts are back to 0: the fast path is open.
	mustLock(t, e.m, RelationTag(1, 101), AccessShare, Options{})
	mustLock(t, e.m, RelationTag(1, 102), AccessShare, Options{})
	for _, h := range e.m.Held() {
		if !h.FastPath {
			t.Errorf("%+v not on the fast path", h)
		}
	}
	e.m.ReleaseAll(false)
	checkEmpty(t, e.m)
}
