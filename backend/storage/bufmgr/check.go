package bufmgr

import (
	"errors"
	"fmt"

	"ringpg/sem"
)

// Invariant checks, for tests after a stress run and for diagnostics.

// CheckInvariants checks this process's bookkeeping and the pool's shared
// state, and may run while other processes use the pool:
//
//   - this process holds no pin and no content lock (call it when the
//     caller believes it has released everything);
//   - every state word is sane on its own: usage at most 5, a dirty page
//     is valid, a valid page has a valid tag, I/O in progress has a pin
//     (its owner's), just-dirtied and checkpoint-needed only on dirty pages;
//   - the mapping table and the descriptors agree: with every partition
//     locked shared (in ascending order, as sem/doc.go allows), every
//     chained entry is in the right bucket and names a buffer whose tag it
//     holds and whose tag is valid, no buffer is chained twice, and every
//     buffer with a valid tag is chained;
//   - the free list has no cycle and only buffers in range.
func (p *Pool) CheckInvariants() error {
	var errs []error
	fail := func(format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	if p.refs.distinct != 0 {
		p.refs.each(func(b Buffer, n int32) { fail("buffer %d: %d pins left by this process", b, n) })
	}
	for _, h := range p.held {
		fail("buffer %d: content lock left held (%v) by this process", h.b, h.mode)
	}
	for i := range p.descs {
		if err := stateErr(p.descs[i].state.Load()); err != nil {
			fail("buffer %d: %v", i+1, err)
		}
	}

	for i := range uint32(MappingPartitions) {
		p.partitionLock(i).Acquire(p.waiters, p.me, sem.Shared)
	}
	seen := make([]bool, p.n)
	chained := 0
	for bi, head := range p.buckets {
		for b, steps := head, uint32(0); b != 0; steps++ {
			if b > p.n || steps > p.n {
				fail("bucket %d: chain runs to buffer %d after %d steps", bi, b, steps)
				break
			}
			e := &p.entries[b-1]
			t := Tag{e.spc, e.db, e.rel, uint8(e.fork), e.block}
			if got := p.bucketOf(hashTag(t)); got != uint32(bi) {
				fail("buffer %d (%v) chained in bucket %d, hashes to %d", b, t, bi, got)
			}
			if seen[b-1] {
				fail("buffer %d chained twice", b)
				break
			}
			seen[b-1] = true
			chained++
			d := &p.descs[b-1]
			if d.state.Load()&flagTagValid == 0 {
				fail("buffer %d chained as %v with an invalid tag", b, t)
			} else if d.tag() != t {
				fail("buffer %d chained as %v but tagged %v", b, t, d.tag())
			}
			b = e.next
		}
	}
	for i := range p.descs {
		if p.descs[i].state.Load()&flagTagValid != 0 && !seen[i] {
			fail("buffer %d has a valid tag (%v) but is not in the mapping table", i+1, p.descs[i].tag())
		}
	}
	for i := range uint32(MappingPartitions) {
		p.partitionLock(MappingPartitions - 1 - i).Release(p.waiters)
	}

	p.ctl.freeLock.Lock()
	for b, steps := p.ctl.firstFree, uint32(0); b != 0 && b != freeEnd; steps++ {
		if b > p.n || steps > p.n {
			fail("free list runs to buffer %d after %d steps", b, steps)
			break
		}
		b = p.descs[b-1].freeNext
	}
	p.ctl.freeLock.Unlock()
	return errors.Join(errs...)
}

// stateErr checks one state word on its own.
func stateErr(st uint32) error {
	switch {
	case usage(st) > maxUsage:
		return fmt.Errorf("usage count %d", usage(st))
	case st&flagDirty != 0 && st&flagValid == 0:
		return fmt.Errorf("dirty but not valid (state %#x)", st)
	case st&flagValid != 0 && st&flagTagValid == 0:
		return fmt.Errorf("valid but tag not valid (state %#x)", st)
	case st&flagIO != 0 && refcount(st) == 0:
		return fmt.Errorf("I/O in progress without a pin (state %#x)", st)
	case st&(flagJustDirtied|flagCheckpointNeeded) != 0 && st&flagDirty == 0:
		return fmt.Errorf("just-dirtied or checkpoint-needed but clean (state %#x)", st)
	}
	return nil
}

// CheckIdle checks that nobody uses the pool: no buffer pinned by any
// process, no header or content lock held, no I/O in progress, no
// partition or extension lock held. For tests once every other process
// has stopped.
func (p *Pool) CheckIdle() error {
	var errs []error
	fail := func(format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	for i := range p.descs {
		d := &p.descs[i]
		st := d.state.Load()
		if refcount(st) != 0 || st&(flagLocked|flagIO) != 0 {
			fail("buffer %d: %d pins, state %#x", i+1, refcount(st), st)
		}
		if s := d.content.State(); !s.Free() || s.HasWaiters() {
			fail("buffer %d: content lock %v", i+1, s)
		}
	}
	for i := range p.parts {
		if s := p.parts[i].l.State(); !s.Free() || s.HasWaiters() {
			fail("mapping partition %d: lock %v", i, s)
		}
	}
	for i := range p.exts {
		if s := p.exts[i].l.State(); !s.Free() || s.HasWaiters() {
			fail("extension lock %d: %v", i, s)
		}
	}
	if p.ctl.freeLock.Held() {
		fail("free list spinlock held")
	}
	return errors.Join(errs...)
}
