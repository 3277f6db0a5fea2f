package uring

import "sync/atomic"

// CQReady returns how many completions are waiting in the CQ ring.
func (r *Ring) CQReady() uint32 {
	if r.closed {
		return 0
	}
	// Acquire on the kernel's tail orders it before our reads of the CQEs.
	return atomic.LoadUint32(r.cqTail) - atomic.LoadUint32(r.cqHead)
}

// PeekCQE returns the oldest unreaped completion, or nil if the CQ ring is
// empty. It never enters the kernel. The entry stays valid, and its slot
// reserved, until Advance.
func (r *Ring) PeekCQE() *CQE {
	if r.closed {
		return nil
	}
	head := atomic.LoadUint32(r.cqHead)
	if head == atomic.LoadUint32(r.cqTail) {
		return nil
	}
	return &r.cqes[head&r.cqMask]
}

// Advance marks the n oldest completions reaped, giving their slots back to
// the kernel. Copy what is needed out of a CQE before advancing past it.
func (r *Ring) Advance(n uint32) {
	if r.closed {
		return
	}
	// Release: our reads of the entries happen before the kernel may
	// overwrite them.
	atomic.StoreUint32(r.cqHead, atomic.LoadUint32(r.cqHead)+n)
}

// WaitCQE returns the oldest completion, submitting pending SQEs and
// waiting for one if none is ready. The caller calls Advance(1) after
// reading it.
func (r *Ring) WaitCQE() (*CQE, error) {
	for {
		if cqe := r.PeekCQE(); cqe != nil {
			return cqe, nil
		}
		if _, err := r.SubmitAndWait(1); err != nil {
			return nil, err
		}
	}
}

// PopCQE copies out and reaps the oldest completion without waiting. When
// the ring is empty but the kernel has overflowed or deferred completions,
// it enters once to collect them.
func (r *Ring) PopCQE() (CQE, bool) {
	cqe := r.PeekCQE()
	if cqe == nil && !r.closed && r.needsEnter() {
		if r.GetEvents() == nil {
			cqe = r.PeekCQE()
		}
	}
	if cqe == nil {
		return CQE{}, false
	}
	c := *cqe
	r.Advance(1)
	return c, true
}
