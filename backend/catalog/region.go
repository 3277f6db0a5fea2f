package catalog

import (
	"errors"
	"sync/atomic"
	"unsafe"

	"ringpg/sem"
	"ringpg/shm"
)

// RegionName is the catalog's region of the shared segment; the segment
// config must ask for it with RegionSize bytes.
const RegionName = "catalog"

// RegionSize is the size of the catalog's region.
const RegionSize uintptr = 128

// shared is the catalog's region: valid when zeroed (no OID loaded yet,
// invalidation counter 0).
type shared struct {
	inval atomic.Uint64 // atomic: bumped by each committed transaction that changed the catalog
	mu    sem.SpinLock  // guards next and limit
	next  uint32        // guarded by mu: the next OID to hand out (0: not loaded from the limit file yet)
	limit uint32        // guarded by mu: OIDs below limit are reserved in global/pg_oid_limit; written only under the file's flock
}

func sharedOf(seg *shm.Segment) (*shared, error) {
	if seg == nil {
		return nil, errors.New("catalog: no shared segment")
	}
	r := seg.Region(RegionName)
	if uintptr(len(r)) < unsafe.Sizeof(shared{}) {
		return nil, errors.New("catalog: the shared segment has no catalog region")
	}
	return (*shared)(unsafe.Pointer(unsafe.SliceData(r))), nil
}

// The region must hold the shared record.
var _ [RegionSize - unsafe.Sizeof(shared{})]byte
