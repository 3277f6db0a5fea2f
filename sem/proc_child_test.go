package sem

// The child side of the cross-process tests: one role per test, run
// between the start gate and the process exit.

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

// childEnv is what a child role works with.
type childEnv struct {
	a     *arena
	tab   *WaiterTable
	id    int
	me    uint32 // id as a proc number
	iters int
}

// fail records an invariant violation (the parent fails the test) and
// prints the first few.
func (c *childEnv) fail(format string, args ...any) {
	if c.a.failures.Add(1) <= 5 {
		fmt.Fprintf(os.Stderr, "child %d: "+format+"\n", append([]any{c.id}, args...)...)
	}
}

// childRoles maps a role name to its body.
var childRoles = map[string]func(*childEnv){
	"spin":   childSpin,
	"lwx":    childLWExclusive,
	"mix":    childLWMix,
	"hot":    childHot,
	"victim": childVictim,
	"ping":   childPing,
	"pong":   childPong,
	"nap":    childNap,
	"echo":   childEcho,
}

// runChild is the body of a child process; its exit code is its result.
func runChild(role string) int {
	body := childRoles[role]
	id, err1 := strconv.Atoi(os.Getenv(envID))
	iters, err2 := strconv.Atoi(os.Getenv(envIters))
	if body == nil || err1 != nil || err2 != nil || id < 0 || id >= maxChildren {
		fmt.Fprintln(os.Stderr, "bad child environment")
		return 2
	}
	a, tab, _, err := mapShared(3)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	pinToCPU(id)
	testHookLost = func(_ uint32, losses int) {
		for {
			m := a.maxLosses.Load()
			if uint32(losses) <= m || a.maxLosses.CompareAndSwap(m, uint32(losses)) {
				return
			}
		}
	}
	if role != "echo" { // the benchmark partner starts at once
		a.arrived.Add(1)
		for a.gate.Load() == 0 {
			if err := FutexWait(word(&a.gate), 0, 0); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 2
			}
		}
	}
	body(&childEnv{a: a, tab: tab, id: id, me: uint32(id), iters: iters})
	if a.failures.Load() != 0 {
		return 1
	}
	return 0
}

// childSpin increments a plain counter under the SpinLock.
func childSpin(c *childEnv) {
	a := c.a
	var contended uint64
	for i := 0; i < c.iters; i++ {
		if !a.spin.TryLock() {
			contended++
			a.spin.Lock()
		}
		v := a.spinCount
		// Widen the window a broken lock would let others into; now and
		// then long enough for waiters to reach the back-off's later stages.
		if i%64 == 0 {
			procyield(2000)
		} else {
			procyield(1)
		}
		a.spinCount = v + 1
		a.spin.Unlock()
		procyield(8) // give the others a chance at the lock
	}
	a.contended[c.id].Store(contended)
}

// childLWExclusive increments a plain counter under an exclusive LWLock.
func childLWExclusive(c *childEnv) {
	a := c.a
	var contended uint64
	for i := 0; i < c.iters; i++ {
		if !a.lw.ConditionalAcquire(Exclusive) {
			contended++
			a.lw.Acquire(c.tab, c.me, Exclusive)
		}
		v := a.lwCount
		if i%32 == 0 {
			procyield(2000) // long enough for a queue to form
		} else {
			procyield(4)
		}
		a.lwCount = v + 1
		a.lw.Release(c.tab)
	}
	a.contended[c.id].Store(contended)
}

// childLWMix takes one LWLock in a random mix of modes (one in four
// exclusive) and checks, through counters of who is inside, that a writer
// is never inside with anyone else, and that readers never see a payload
// half-written.
func childLWMix(c *childEnv) {
	a := c.a
	rnd := uint32(c.id*7919 + 1)
	for i := 0; i < c.iters; i++ {
		rnd ^= rnd << 13
		rnd ^= rnd >> 17
		rnd ^= rnd << 5
		if rnd%4 == 0 {
			a.mix.Acquire(c.tab, c.me, Exclusive)
			if w := a.writers.Add(1); w != 1 || a.readers.Load() != 0 {
				c.fail("writer inside with %d writers, %d readers", w, a.readers.Load())
			}
			a.mixCount++
			for j := range a.payload {
				a.payload[j] = a.mixCount
			}
			if i%16 == 0 {
				procyield(2000)
			} else {
				procyield(8)
			}
			if a.readers.Load() != 0 || a.writers.Load() != 1 {
				c.fail("someone came in during a write")
			}
			a.writers.Add(^uint32(0))
			a.mix.Release(c.tab)
			a.mixOpsX[c.id].Add(1)
			continue
		}
		if rnd%16 == 1 {
			if !a.mix.ConditionalAcquire(Shared) {
				continue
			}
		} else {
			a.mix.Acquire(c.tab, c.me, Shared)
		}
		a.readers.Add(1)
		if a.writers.Load() != 0 {
			c.fail("reader inside with a writer")
		}
		p0 := a.payload[0]
		if i%32 == 0 {
			procyield(2000)
		} else {
			procyield(4)
		}
		for j := range a.payload {
			if a.payload[j] != p0 {
				c.fail("half-written payload")
			}
		}
		a.readers.Add(^uint32(0))
		a.mix.Release(c.tab)
		a.mixOpsS[c.id].Add(1)
	}
}

// childHot re-takes the lock as fast as it can until told to stop: a
// woken waiter on another CPU would lose to it nearly every time.
func childHot(c *childEnv) {
	a := c.a
	for a.stop.Load() == 0 {
		a.lw.Acquire(c.tab, c.me, Exclusive)
		a.lwCount++
		procyield(300) // ~10µs here: a newcomer always finds the lock held
		a.lw.Release(c.tab)
		a.hot.Add(1)
	}
}

// childVictim takes the lock childHot hammers, each time while the hot
// loop is running, then stops it.
func childVictim(c *childEnv) {
	a := c.a
	for a.hot.Load() < 1000 {
		runtime.Gosched()
	}
	for i := 0; i < c.iters; i++ {
		a.lw.Acquire(c.tab, c.me, Exclusive)
		a.lwCount++
		a.lw.Release(c.tab)
		// Come back only once the hot loop has had the lock again.
		for h := a.hot.Load(); a.hot.Load() < h+2; {
			runtime.Gosched()
		}
	}
	a.stop.Store(1)
}

// childPing and childPong pass a turn back and forth with two Semas; seq,
// a plain word, checks that each side sees the other's writes. After a
// failure each side still posts once, so that the other wakes, sees the
// failure count and stops too.
func childPing(c *childEnv) {
	a := c.a
	for i := 0; i < c.iters && a.failures.Load() == 0; i++ {
		if a.seq != uint64(2*i) {
			c.fail("ping saw seq %d, want %d", a.seq, 2*i)
			a.ping.Post()
			return
		}
		a.seq++
		a.ping.Post()
		a.pong.Wait()
	}
}

func childPong(c *childEnv) {
	a := c.a
	for i := 0; i < c.iters; i++ {
		a.ping.Wait()
		if a.failures.Load() != 0 {
			return
		}
		if a.seq != uint64(2*i+1) {
			c.fail("pong saw seq %d, want %d", a.seq, 2*i+1)
			a.pong.Post()
			return
		}
		a.seq++
		a.pong.Post()
	}
}

// childNap lets a WaitTimeout expire, then waits for the parent's post.
func childNap(c *childEnv) {
	a := c.a
	if a.nap.WaitTimeout(20 * time.Millisecond) {
		c.fail("WaitTimeout got a unit nobody posted")
	}
	a.napPhase.Store(1)
	if !a.nap.WaitTimeout(time.Hour) {
		c.fail("WaitTimeout missed a post from another process")
	}
}

// childEcho is the benchmark partner: it answers every ping with a pong
// until told to stop.
func childEcho(c *childEnv) {
	a := c.a
	for {
		a.ping.Wait()
		if a.stop.Load() != 0 {
			return
		}
		a.pong.Post()
	}
}
