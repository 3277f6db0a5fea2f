package predicate

import "unsafe"

// unsafeRegion returns the region m is attached to.
func unsafeRegion(m *Manager) []byte {
	l := layoutFor(len(m.xacts)/XactsPerProc, m.perXact)
	return unsafe.Slice((*byte)(unsafe.Pointer(m.hdr)), l.size)
}
