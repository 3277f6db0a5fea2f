package btree

import (
	"bytes"

	"ringpg/backend/storage/bufmgr"
)

// Lookup appends to dst the heap TIDs of every live entry whose key is
// exactly key, in TID order: a point lookup without a Scan's copying.
func (ix *Index) Lookup(key []byte, dst []TID) ([]TID, error) {
	sk := scanKey{key: key}
	r, _, err := ix.descend(&sk, false)
	if err != nil {
		return dst, err
	}
	off := leafSearch(r.n, &sk)
	for {
		if err := ix.predRead(r.blk); err != nil {
			ix.release(r)
			return dst, err
		}
		n := r.n
		for ; off <= n.maxOff(); off++ {
			t := n.tuple(off)
			if !bytes.Equal(t.key(), key) {
				ix.release(r)
				return dst, nil
			}
			if !n.isDead(off) {
				tid, _ := t.heapTID()
				dst = append(dst, tid)
			}
		}
		if n.isRightmost() || !bytes.Equal(n.highKey().key(), key) {
			ix.release(r)
			return dst, nil
		}
		next := n.next()
		ix.release(r)
		if r, err = ix.read(next, bufmgr.Shared); err != nil {
			return dst, err
		}
		off = r.n.firstData()
	}
}
