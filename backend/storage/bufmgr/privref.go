package bufmgr

import "fmt"

// privRefs counts this process's pins per buffer. The shared pin count in
// a buffer's state word counts processes, not pins: a process takes the
// shared pin on its first pin and drops it with its last, and every pin in
// between is a private increment that touches no shared cache line.
//
// A process rarely holds more than a handful of pins, so the counts live
// in a small array scanned linearly (no hashing, no allocation on the hit
// path), and only pins beyond it spill into a map, as PostgreSQL's
// PrivateRefCount does. A buffer is in the array or in the map, never
// both. Process-local: no locking.
type privRefs struct {
	arr      [refArraySize]privRef
	over     map[Buffer]int32 // pins that did not fit in arr; nil until needed
	distinct int              // buffers with a non-zero count
}

const refArraySize = 8

type privRef struct {
	buf Buffer // 0 = free slot
	n   int32
}

// get returns this process's pin count of b.
func (r *privRefs) get(b Buffer) int32 {
	for i := range r.arr {
		if r.arr[i].buf == b {
			return r.arr[i].n
		}
	}
	if len(r.over) != 0 {
		return r.over[b]
	}
	return 0
}

// inc adds a pin of b and returns the new count: 1 means the caller must
// take the shared pin.
func (r *privRefs) inc(b Buffer) int32 {
	free := -1
	for i := range r.arr {
		if r.arr[i].buf == b {
			r.arr[i].n++
			return r.arr[i].n
		}
		if r.arr[i].buf == 0 && free < 0 {
			free = i
		}
	}
	if len(r.over) != 0 {
		if n, ok := r.over[b]; ok {
			r.over[b] = n + 1
			return n + 1
		}
	}
	r.distinct++
	if free >= 0 {
		r.arr[free] = privRef{b, 1}
		return 1
	}
	if r.over == nil {
		r.over = make(map[Buffer]int32)
	}
	r.over[b] = 1
	return 1
}

// dec drops a pin of b and returns the new count: 0 means the caller must
// drop the shared pin. Dropping a pin that is not held is a caller bug.
func (r *privRefs) dec(b Buffer) int32 {
	for i := range r.arr {
		if r.arr[i].buf == b {
			r.arr[i].n--
			n := r.arr[i].n
			if n == 0 {
				r.arr[i] = privRef{}
				r.distinct--
			}
			return n
		}
	}
	if n, ok := r.over[b]; ok {
		n--
		if n == 0 {
			delete(r.over, b)
			r.distinct--
		} else {
			r.over[b] = n
		}
		return n
	}
	panic(fmt.Sprintf("bufmgr: buffer %d released but not pinned by this process", b))
}

// each calls f for every pinned buffer and its count.
func (r *privRefs) each(f func(b Buffer, n int32)) {
	for _, e := range r.arr {
		if e.buf != 0 {
			f(e.buf, e.n)
		}
	}
	for b, n := range r.over {
		f(b, n)
	}
}

// forget drops b's count without touching shared state (the caller drops
// the shared pin itself).
func (r *privRefs) forget(b Buffer) {
	for i := range r.arr {
		if r.arr[i].buf == b {
			r.arr[i] = privRef{}
			r.distinct--
			return
		}
	}
	if _, ok := r.over[b]; ok {
		delete(r.over, b)
		r.distinct--
	}
}
