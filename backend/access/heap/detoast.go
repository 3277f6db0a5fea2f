package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// Detoast returns the payload of varlena datum v (the value without any
// header): v's own bytes when it is inline and uncompressed, else a new
// slice, decompressed and, for an external datum, read from this
// relation's toast relation.
func (h *Heap) Detoast(v []byte) ([]byte, error) {
	kind, _, err := tuple.VarInfo(v)
	if err != nil {
		return nil, err
	}
	switch kind {
	case tuple.VarShort, tuple.VarPlain:
		return tuple.Payload(v)
	case tuple.VarCompressed:
		return decompress(v)
	}
	inline, err := h.fetchExternalInline(v)
	if err != nil {
		return nil, err
	}
	if inline[0]&3 == 2 {
		return decompress(inline)
	}
	return inline[tuple.VarHdrSz:], nil
}

// fetchExternalInline reads the value an external datum points at and
// returns it inline, as it was stored: compressed if it was compressed
// (detoast_external_attr).
func (h *Heap) fetchExternalInline(v []byte) ([]byte, error) {
	ptr, err := tuple.DecodeToastPointer(v)
	if err != nil {
		return nil, err
	}
	if h.toast == nil || ptr.ToastRel != h.toast.rel.Rel {
		return nil, pgerr.New(pgerr.InternalError, "toast value %d lives in relation %d, which is not the toast relation of \"%s\"",
			ptr.ValueID, ptr.ToastRel, h.name)
	}
	out := make([]byte, tuple.VarHdrSz+int(ptr.StoredSize))
	if err := h.toast.readChunks(&ptr, out[tuple.VarHdrSz:]); err != nil {
		return nil, err
	}
	if ptr.Method != tuple.CompressionNone {
		// The stored bytes begin with the raw-size word of a compressed
		// datum; give them back their first header word.
		if len(out) < tuple.VarHdrSzComp {
			return nil, toastCorrupt("compressed toast value %d in %s is only %d bytes", ptr.ValueID, h.toast.name, ptr.StoredSize)
		}
		tuple.PutVarHeader4(out, len(out))
		out[0] |= 2
		return out, nil
	}
	if int(ptr.RawSize) != len(out) {
		return nil, toastCorrupt("toast value %d in %s has %d bytes, its pointer says %d", ptr.ValueID, h.toast.name, len(out), ptr.RawSize)
	}
	tuple.PutVarHeader4(out, len(out))
	return out, nil
}

// chunkIter walks the chunk chain of one value in a toast relation,
// keeping the current page pinned and locked while consecutive chunks lie
// on it (a value's chunks are written together, so most do).
type chunkIter struct {
	t    *Heap
	ptr  *tuple.ToastPointer
	mode bufmgr.LockMode
	b    bufmgr.Buffer
	blk  uint32
	vals [][]byte
	null []bool
}

func (t *Heap) chunks(ptr *tuple.ToastPointer, mode bufmgr.LockMode) *chunkIter {
	return &chunkIter{t: t, ptr: ptr, mode: mode, vals: make([][]byte, 5), null: make([]bool, 5)}
}

// at locks the page of tid and returns the chunk there, checked to be
// chunk seq of the value; the item is a view into the locked page.
func (c *chunkIter) at(tid tuple.TID, seq, total int) (item []byte, data []byte, next tuple.TID, err error) {
	t := c.t
	missing := func() error {
		return pgerr.New(codeDataCorrupted, "missing chunk number %d for toast value %d in %s", seq, c.ptr.ValueID, t.name)
	}
	if !tid.Valid() {
		return nil, nil, next, missing()
	}
	if c.b == bufmgr.InvalidBuffer || tid.Block != c.blk {
		c.close()
		ok, err := t.blockExists(tid.Block)
		if err != nil {
			return nil, nil, next, err
		}
		if !ok {
			return nil, nil, next, missing()
		}
		if c.b, err = t.pool.ReadBuffer(t.tag(tid.Block), nil); err != nil {
			return nil, nil, next, err
		}
		t.pool.Lock(c.b, c.mode)
		c.blk = tid.Block
	}
	item = normalItem(t.pool.Page(c.b), page.OffsetNumber(tid.Offset))
	if item == nil {
		return nil, nil, next, missing()
	}
	if err := tuple.DeformInto(ToastDesc, item, c.vals, c.null); err != nil || c.null[0] || c.null[1] || c.null[4] {
		return nil, nil, next, missing()
	}
	if uint64(tuple.GetInt64(c.vals[0])) != c.ptr.ValueID {
		return nil, nil, next, missing()
	}
	if got := int(tuple.GetInt32(c.vals[1])); got != seq {
		return nil, nil, next, pgerr.New(codeDataCorrupted, "unexpected chunk number %d (expected %d) for toast value %d in %s",
			got, seq, c.ptr.ValueID, t.name)
	}
	data, err = tuple.Payload(c.vals[4])
	if err != nil {
		return nil, nil, next, missing()
	}
	want := ToastMaxChunkSize
	if seq == total-1 {
		want = int(c.ptr.StoredSize) - seq*ToastMaxChunkSize
	}
	if len(data) != want {
		return nil, nil, next, pgerr.New(codeDataCorrupted, "unexpected chunk size %d (expected %d) in chunk %d of %d for toast value %d in %s",
			len(data), want, seq, total, c.ptr.ValueID, t.name)
	}
	next = tuple.TID{Block: uint32(tuple.GetInt32(c.vals[2])), Offset: uint16(tuple.GetInt16(c.vals[3]))}
	return item, data, next, nil
}

func (c *chunkIter) close() {
	if c.b != bufmgr.InvalidBuffer {
		c.t.pool.Unlock(c.b)
		c.t.pool.Release(c.b)
		c.b = bufmgr.InvalidBuffer
	}
}

func chunkCount(ptr *tuple.ToastPointer) int {
	return (int(ptr.StoredSize) + ToastMaxChunkSize - 1) / ToastMaxChunkSize
}

// readChunks copies the stored bytes of the value ptr points at into out
// (StoredSize bytes), checking every chunk's value id, sequence number and
// size (toast_fetch_datum). t is the toast relation.
func (t *Heap) readChunks(ptr *tuple.ToastPointer, out []byte) error {
	total := chunkCount(ptr)
	c := t.chunks(ptr, bufmgr.Shared)
	defer c.close()
	tid := ptr.First
	for seq := range total {
		_, data, next, err := c.at(tid, seq, total)
		if err != nil {
			return err
		}
		copy(out[seq*ToastMaxChunkSize:], data)
		tid = next
	}
	if tid.Valid() {
		return pgerr.New(codeDataCorrupted, "unexpected chunk number %d (out of range %d..%d) for toast value %d in %s",
			total, 0, total-1, ptr.ValueID, t.name)
	}
	return nil
}

// deleteExternals deletes the out-of-line values of old, a version tx
// has just deleted (toast_delete).
func (h *Heap) deleteExternals(tx Txn, old []byte) error {
	vals, nulls, err := tuple.Deform(h.desc, old)
	if err != nil {
		return err
	}
	for i, v := range vals {
		if h.desc.Attrs[i].Len == tuple.VarlenaLen && !nulls[i] && tuple.IsExternal(v) {
			if err := h.deleteExternal(tx, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteExternal marks every chunk of the value v points at deleted by tx
// (toast_delete_datum). The chunks belong to one value of one row, which
// tx has locked or deleted, so nobody else modifies them: a chunk held by
// another transaction means something is badly wrong.
func (h *Heap) deleteExternal(tx Txn, v []byte) error {
	ptr, err := tuple.DecodeToastPointer(v)
	if err != nil {
		return err
	}
	if h.toast == nil || ptr.ToastRel != h.toast.rel.Rel {
		return nil // not ours to delete
	}
	t := h.toast
	total := chunkCount(&ptr)
	c := t.chunks(&ptr, bufmgr.Exclusive)
	defer c.close()
	tid := ptr.First
	for seq := range total {
		item, _, next, err := c.at(tid, seq, total)
		if err != nil {
			return err
		}
		hdr, _ := tuple.ReadHeader(item)
		free := hdr.Xmax == 0 || hdr.Infomask&tuple.XmaxInvalid != 0 || hdr.Xmax == tx.Xid() || hdr.XmaxIsLockOnly()
		if !free {
			switch tx.SatisfiesUpdate(&hdr) {
			case TMOk:
			case TMUpdated:
				return pgerr.New(pgerr.InternalError, "tuple concurrently updated")
			default:
				return pgerr.New(pgerr.InternalError, "tuple concurrently deleted")
			}
		}
		setXmax(&hdr, tid, tx.Xid(), 0, tuple.KeysUpdated)
		hdr.Cid = tx.Cid()
		hdr.Ctid = tid
		hdr.Put(item)
		p := page.Page(t.pool.Page(c.b))
		setPrunable(p, tx.Xid())
		clearAllVisible(p)
		t.pool.MarkDirty(c.b)
		tid = next
	}
	return nil
}

// toastCorrupt is an XX001 error about a toast value.
func toastCorrupt(format string, args ...any) error {
	return pgerr.New(codeDataCorrupted, format, args...)
}
