package heap

import (
	"bytes"
	"math/rand/v2"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/storage/page"
	"ringpg/pgerr"
)

// TOAST: a row is kept under a quarter of a page by compressing its
// largest values and moving them out of line into the toast relation
// (heap_toast_insert_or_update). The thresholds are PostgreSQL's for 8 KiB
// pages.
const (
	// ToastTupleThreshold: a row larger than this is toasted.
	ToastTupleThreshold = (page.Size - (page.HeaderSize+4*page.ItemIDSize+tuple.MaxAlign-1)&^(tuple.MaxAlign-1)) / 4 &^ (tuple.MaxAlign - 1)
	// ToastTupleTarget: toasting goes on until the row is no larger.
	ToastTupleTarget = ToastTupleThreshold
	// toastTupleTargetMain: values with 'm' storage move out of line only
	// to bring the row under this.
	toastTupleTargetMain = MaxHeapTupleSize
	// ToastMaxChunkSize is the data in one chunk: a full chunk tuple is
	// exactly ToastTupleThreshold bytes, so four fill a page.
	ToastMaxChunkSize = ToastTupleThreshold - 32 - toastChunkFixed - tuple.VarHdrSz
	// toastChunkFixed is where chunk_data starts in a chunk's data:
	// chunk_id (8), chunk_seq (4), next_block (4), next_offset (2), then
	// 2 bytes of padding to chunk_data's 4-byte alignment.
	toastChunkFixed = 20
)

// ToastDesc describes the tuples of a toast relation: one chunk of one
// value each. Unlike PostgreSQL's (chunk_id, chunk_seq, chunk_data), a
// chunk also holds the TID of the next chunk of its value (invalid for
// the last): toast relations have no index, and a value is read by
// following this chain from the first chunk named in its pointer (see
// tuple.ToastPointer).
var ToastDesc = tuple.MustDesc(
	tuple.Int8Attr("chunk_id"),
	tuple.Int4Attr("chunk_seq"),
	tuple.Int4Attr("next_block"),
	tuple.Int2Attr("next_offset"),
	tuple.Attr{Name: "chunk_data", Len: tuple.VarlenaLen, Align: tuple.AlignInt, Storage: tuple.StoragePlain},
)

// column flags of the toaster (TOASTCOL_*).
const (
	colIgnore         = 1 << iota // not a candidate: fixed-length, null, plain storage, kept or already external
	colIncompressible             // compression was tried and did not pay
)

// toastValues forms the tuple for values and nulls (into the Heap's
// reusable buffer when nothing is toasted: the result is valid until the
// next call), compressing and moving
// out of line what it must to keep it under ToastTupleTarget. For an
// update, old is the previous version: an external value the new row
// carries unchanged keeps its chunks, and the old version's other external
// values are deleted (by tx, so snapshots that see the old version can
// still read them). An external value that comes from elsewhere is copied,
// never shared: two rows must not own the same chunks.
func (h *Heap) toastValues(tx Txn, values [][]byte, nulls []bool, old []byte) ([]byte, error) {
	size, mask, err := tuple.Size(h.desc, values, nulls)
	if err != nil {
		return nil, err
	}
	oldExternal := false
	if old != nil {
		oh, _ := tuple.ReadHeader(old)
		oldExternal = oh.HasExternal()
	}
	if size <= ToastTupleThreshold && mask&tuple.HasExternal == 0 && !oldExternal {
		// The common case: form into the Heap's buffer, which the caller
		// copies into a page before the next row is formed.
		h.formBuf, err = tuple.AppendForm(h.formBuf, h.desc, values, nulls)
		return h.formBuf, err
	}

	d := h.desc
	vals := append([][]byte(nil), values...)
	flags := make([]uint8, len(vals))
	var oldVals [][]byte
	var oldNulls []bool
	if oldExternal {
		if oldVals, oldNulls, err = tuple.Deform(d, old); err != nil {
			return nil, err
		}
	}
	var obsolete [][]byte // the old version's external values the new one drops
	for i, a := range d.Attrs {
		if a.Len != tuple.VarlenaLen {
			flags[i] = colIgnore
			continue
		}
		isNull := nulls != nil && nulls[i]
		if oldVals != nil && !oldNulls[i] && tuple.IsExternal(oldVals[i]) {
			if !isNull && bytes.Equal(vals[i], oldVals[i]) {
				flags[i] = colIgnore
				continue
			}
			obsolete = append(obsolete, oldVals[i])
		}
		if isNull {
			flags[i] = colIgnore
			continue
		}
		if tuple.IsExternal(vals[i]) {
			if vals[i], err = h.fetchExternalInline(vals[i]); err != nil {
				return nil, err
			}
		}
		if a.Storage == tuple.StoragePlain {
			flags[i] = colIgnore
		}
	}

	t := toaster{h: h, tx: tx, vals: vals, nulls: nulls, flags: flags}
	if err := t.run(); err != nil {
		return nil, err
	}
	tup, err := tuple.Form(d, t.vals, nulls)
	if err != nil {
		return nil, err
	}
	if len(tup) > MaxHeapTupleSize {
		return nil, rowTooBig(len(tup))
	}
	for _, v := range obsolete {
		if err := h.deleteExternal(tx, v); err != nil {
			return nil, err
		}
	}
	return tup, nil
}

// toaster is the state of one toasting: the values as they are being
// changed, and what has been tried on each.
type toaster struct {
	h     *Heap
	tx    Txn
	vals  [][]byte
	nulls []bool
	flags []uint8
}

func (t *toaster) size() int {
	n, _, _ := tuple.Size(t.h.desc, t.vals, t.nulls)
	return n
}

// biggest returns the largest candidate value (toast_tuple_find_biggest_attribute):
// not ignored, not already external, for compression not already
// compressed or found incompressible, of the storage classes asked for,
// and larger than a toast pointer (moving a smaller one out gains
// nothing). -1 when there is none.
func (t *toaster) biggest(forCompression, main bool) int {
	best, bestSize := -1, (tuple.ExternalSize+tuple.MaxAlign-1)&^(tuple.MaxAlign-1)
	for i, a := range t.h.desc.Attrs {
		if t.flags[i]&colIgnore != 0 || forCompression && t.flags[i]&colIncompressible != 0 {
			continue
		}
		kind, _, _ := tuple.VarInfo(t.vals[i])
		if kind == tuple.VarExternal || forCompression && kind == tuple.VarCompressed {
			continue
		}
		if main != (a.Storage == tuple.StorageMain) {
			continue
		}
		if len(t.vals[i]) > bestSize {
			best, bestSize = i, len(t.vals[i])
		}
	}
	return best
}

// run is PostgreSQL's four rounds: compress 'x' values, largest first,
// moving out at once any that stay too big; move 'x' and 'e' values out;
// compress 'm' values; and as a last resort move 'm' values out.
func (t *toaster) run() error {
	hoff := tuple.HeaderLen(len(t.vals), t.nulls != nil && anyTrue(t.nulls))
	maxDataLen := ToastTupleTarget - hoff
	canMove := t.h.toast != nil

	for t.size() > ToastTupleTarget {
		i := t.biggest(true, false)
		if i < 0 {
			break
		}
		if t.h.desc.Attrs[i].Storage == tuple.StorageExtended {
			t.tryCompress(i)
		} else {
			t.flags[i] |= colIncompressible // 'e': never compressed
		}
		if canMove && len(t.vals[i]) > maxDataLen {
			if err := t.moveOut(i); err != nil {
				return err
			}
		}
	}
	for canMove && t.size() > ToastTupleTarget {
		i := t.biggest(false, false)
		if i < 0 {
			break
		}
		if err := t.moveOut(i); err != nil {
			return err
		}
	}
	for t.size() > ToastTupleTarget {
		i := t.biggest(true, true)
		if i < 0 {
			break
		}
		t.tryCompress(i)
	}
	for canMove && t.size() > toastTupleTargetMain {
		i := t.biggest(false, true)
		if i < 0 {
			break
		}
		if err := t.moveOut(i); err != nil {
			return err
		}
	}
	return nil
}

func (t *toaster) tryCompress(i int) {
	if c, ok := t.h.compress(t.vals[i]); ok {
		t.vals[i] = c
	} else {
		t.flags[i] |= colIncompressible
	}
}

func (t *toaster) moveOut(i int) error {
	v, err := t.h.saveExternal(t.tx, t.vals[i])
	if err != nil {
		return err
	}
	t.vals[i] = v
	t.flags[i] |= colIgnore
	return nil
}

func anyTrue(b []bool) bool {
	for _, v := range b {
		if v {
			return true
		}
	}
	return false
}

// saveExternal stores inline datum v in the toast relation as chunks and
// returns the external datum pointing at them (toast_save_datum). A
// compressed datum is stored compressed: its raw-size word and compressed
// bytes. Chunks are written last first, so that each one is complete
// (its successor's TID known) when it is inserted and never changes.
func (h *Heap) saveExternal(tx Txn, v []byte) ([]byte, error) {
	kind, n, err := tuple.VarInfo(v)
	if err != nil {
		return nil, err
	}
	ptr := tuple.ToastPointer{ToastRel: h.toast.rel.Rel, ValueID: rand.Uint64()}
	var data []byte
	switch kind {
	case tuple.VarCompressed:
		raw, _, _, err := tuple.CompressedInfo(v)
		if err != nil {
			return nil, err
		}
		data = v[tuple.VarHdrSz:n]
		ptr.RawSize, ptr.Method = uint32(raw+tuple.VarHdrSz), tuple.CompressionDeflate
	case tuple.VarShort:
		data = v[tuple.VarHdrSzShort:n]
		ptr.RawSize = uint32(len(data) + tuple.VarHdrSz)
	case tuple.VarPlain:
		data = v[tuple.VarHdrSz:n]
		ptr.RawSize = uint32(len(data) + tuple.VarHdrSz)
	default:
		return nil, pgerr.New(pgerr.InternalError, "cannot move a %v datum out of line", kind)
	}
	ptr.StoredSize = uint32(len(data))
	chunks := (len(data) + ToastMaxChunkSize - 1) / ToastMaxChunkSize
	var next tuple.TID
	buf := make([]byte, ToastTupleThreshold)
	vals := make([][]byte, 5)
	for seq := chunks - 1; seq >= 0; seq-- {
		chunk := data[seq*ToastMaxChunkSize : min((seq+1)*ToastMaxChunkSize, len(data))]
		vals[0] = tuple.Int64(int64(ptr.ValueID))
		vals[1] = tuple.Int32(int32(seq))
		vals[2] = tuple.Int32(int32(next.Block))
		vals[3] = tuple.Int16(int16(next.Offset))
		vals[4] = tuple.MakeVarlena(chunk)
		n, err := tuple.FormInto(buf, ToastDesc, vals, nil)
		if err != nil {
			return nil, err
		}
		if next, err = h.toast.insertTuple(tx, buf[:n]); err != nil {
			return nil, err
		}
	}
	ptr.First = next
	return ptr.Encode(), nil
}
