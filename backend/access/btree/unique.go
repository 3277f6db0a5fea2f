package btree

import (
	"bytes"

	"ringpg/backend/storage/bufmgr"
	"ringpg/pgerr"
)

// checkUnique looks at every entry whose key equals key, starting on the
// exclusively locked leaf r (the first page where key can appear) and
// continuing right while the high key says equal keys may follow (those
// pages are locked shared, one at a time, while r stays locked). Entries
// marked LP_DEAD are dead to everyone and skipped. On success r is still
// locked; on failure it has been released.
func (ix *Index) checkUnique(r ref, key []byte, isLive IsLive) error {
	sk := scanKey{key: key}
	cur := r
	var extra ref // a page right of r, when the duplicates continue there
	done := func(err error) error {
		if extra.buf != bufmgr.InvalidBuffer {
			ix.release(extra)
		}
		if err != nil {
			ix.release(r)
		}
		return err
	}
	off := leafSearch(cur.n, &sk)
	for {
		for ; off <= cur.n.maxOff(); off++ {
			t := cur.n.tuple(off)
			if !bytes.Equal(t.key(), key) {
				return done(nil)
			}
			if cur.n.isDead(off) {
				continue
			}
			tid, _ := t.heapTID()
			live, xid, err := isLive(tid)
			switch {
			case err != nil:
				return done(err)
			case xid != 0:
				return done(&InProgressError{Xid: xid, TID: tid})
			case live:
				return done(ix.uniqueViolation(key))
			}
		}
		if cur.n.isRightmost() || !bytes.Equal(cur.n.highKey().key(), key) {
			return done(nil)
		}
		next, err := ix.read(cur.n.next(), bufmgr.Shared)
		if err != nil {
			return done(err)
		}
		if extra.buf != bufmgr.InvalidBuffer {
			ix.release(extra)
		}
		extra, cur = next, next
		off = cur.n.firstData()
	}
}

func (ix *Index) uniqueViolation(key []byte) error {
	e := pgerr.New(UniqueViolation, "duplicate key value violates unique constraint \"%s\"", ix.opts.Name)
	if ix.opts.DescribeKey != nil {
		cols, vals := ix.opts.DescribeKey(key)
		e = e.WithDetail("Key (%s)=(%s) already exists.", cols, vals)
	}
	return e
}
