package btree

import (
	"bytes"
	"encoding/binary"
)

// Index tuples. Every item is an 8-byte header and a key:
//
//	0 block  uint32 LE  leaf: heap TID block; pivot: child block
//	                    (downlink), 0 in a high key
//	4 offset uint16 LE  leaf: heap TID offset; pivot: 0
//	6 info   uint16 LE  infoPivot, infoHeapTID
//	8 key    the encoded key (package keyenc), compared bytewise
//
// A pivot tuple (high keys, and every item of an internal page) separates
// key space. Its key may carry the heap TID of the first tuple on its
// right as a tie-breaker (infoHeapTID, 6 bytes after the key: block
// uint32 BE, offset uint16 BE). Without one, the pivot stands for
// (key, minus infinity). The first data item of an internal page is the
// minus-infinity pivot: no key, no TID, only the downlink.
//
// The tree is ordered by (key, heap TID), so every entry is unique even
// when keys repeat (PostgreSQL 12's "heapkeyspace"), and a split between
// equal keys is routed correctly by the TID.
const (
	tupleHeader = 8
	tidSize     = 6

	infoPivot   uint16 = 1 << 15
	infoHeapTID uint16 = 1 << 14
)

type tuple []byte

func (t tuple) info() uint16     { return binary.LittleEndian.Uint16(t[6:]) }
func (t tuple) isPivot() bool    { return t.info()&infoPivot != 0 }
func (t tuple) downlink() uint32 { return binary.LittleEndian.Uint32(t[0:]) }

// key returns the tuple's key bytes (a view).
func (t tuple) key() []byte {
	if t.info()&infoHeapTID != 0 {
		return t[tupleHeader : len(t)-tidSize]
	}
	return t[tupleHeader:]
}

// heapTID returns the heap TID a leaf tuple points to, or a pivot's
// tie-breaker; ok is false for a pivot without one (minus infinity).
func (t tuple) heapTID() (tid TID, ok bool) {
	if !t.isPivot() {
		return TID{binary.LittleEndian.Uint32(t[0:]), binary.LittleEndian.Uint16(t[4:])}, true
	}
	if t.info()&infoHeapTID == 0 {
		return TID{}, false
	}
	e := t[len(t)-tidSize:]
	return TID{binary.BigEndian.Uint32(e), binary.BigEndian.Uint16(e[4:])}, true
}

// wellFormed checks what the accessors rely on.
func (t tuple) wellFormed() bool {
	if len(t) < tupleHeader {
		return false
	}
	info := t.info()
	if info&^(infoPivot|infoHeapTID) != 0 {
		return false
	}
	if info&infoHeapTID != 0 {
		return info&infoPivot != 0 && len(t) >= tupleHeader+tidSize
	}
	return true
}

// leafTuple builds a leaf entry.
func leafTuple(dst []byte, key []byte, tid TID) tuple {
	dst = binary.LittleEndian.AppendUint32(dst[:0], tid.Block)
	dst = binary.LittleEndian.AppendUint16(dst, tid.Offset)
	dst = binary.LittleEndian.AppendUint16(dst, 0)
	return append(dst, key...)
}

// pivotTuple builds a pivot for (key, tid) (tid nil: minus infinity)
// pointing at child.
func pivotTuple(dst []byte, key []byte, tid *TID, child uint32) tuple {
	info := infoPivot
	if tid != nil {
		info |= infoHeapTID
	}
	dst = binary.LittleEndian.AppendUint32(dst[:0], child)
	dst = binary.LittleEndian.AppendUint16(dst, 0)
	dst = binary.LittleEndian.AppendUint16(dst, info)
	dst = append(dst, key...)
	if tid != nil {
		dst = binary.BigEndian.AppendUint32(dst, tid.Block)
		dst = binary.BigEndian.AppendUint16(dst, tid.Offset)
	}
	return dst
}

// minusInfinity is the first data item of an internal page.
func minusInfinity(child uint32) tuple { return pivotTuple(nil, nil, nil, child) }

// withDownlink returns a copy of pivot t pointing at child.
func (t tuple) withDownlink(child uint32) tuple {
	c := append(tuple(nil), t...)
	binary.LittleEndian.PutUint32(c[0:], child)
	return c
}

// separator returns the pivot that goes between lastLeft and firstRight,
// two adjacent leaf tuples: firstRight's key, and its heap TID only when
// the keys are equal (only then is the TID needed to tell them apart). So
// lastLeft < separator <= firstRight.
func separator(lastLeft, firstRight tuple, child uint32) tuple {
	if bytes.Equal(lastLeft.key(), firstRight.key()) {
		tid, _ := firstRight.heapTID()
		return pivotTuple(nil, firstRight.key(), &tid, child)
	}
	return pivotTuple(nil, firstRight.key(), nil, child)
}

// asPivot returns leaf tuple t's (key, TID) as a pivot pointing at child.
func asPivot(t tuple, child uint32) tuple {
	if t.isPivot() {
		return t.withDownlink(child)
	}
	tid, _ := t.heapTID()
	return pivotTuple(nil, t.key(), &tid, child)
}
