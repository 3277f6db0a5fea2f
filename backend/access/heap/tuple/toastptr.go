package tuple

import "encoding/binary"

// ToastPointerSize is the size of an encoded ToastPointer, after the
// 2-byte external header.
const ToastPointerSize = 26

// ExternalSize is the size of an external datum: header, tag and pointer.
const ExternalSize = VarHdrSzExt + ToastPointerSize

// Compression methods, stored in the top two bits of a compressed datum's
// raw size word and of a ToastPointer's stored size word.
const (
	CompressionNone    uint8 = 0 // (external only) stored as is
	CompressionDeflate uint8 = 1 // DEFLATE (RFC 1951), compress/flate
)

// ToastPointer is the body of an external datum: where a value moved out
// of line lives (varatt_external, extended).
//
// PostgreSQL finds a value's chunks through a B-tree index on the toast
// relation's (chunk_id, chunk_seq). Toast relations here have no index, so
// the pointer holds the TID of the first chunk and each chunk holds the
// TID of the next: reading a value costs one page visit per chunk (at
// most 4 chunks share a page), with no index descent, and chunks are
// written last-first so that each is immutable once written. The value id
// and sequence numbers are still stored and checked on every read, so a
// pointer that leads to the wrong tuple is reported as corruption rather
// than returned. The price: a toast relation's tuples must never move
// (no VACUUM FULL or CLUSTER of a toast relation without rewriting the
// pointers), and slices of a value cannot skip to a chunk.
//
// Encoding, little-endian, after the bytes 0x01 and VarTagOnDisk:
//
//	offset size field
//	     0    4 RawSize    the original datum's size, its 4-byte header included (va_rawsize)
//	     4    4 extinfo    StoredSize (30 bits) | Method << 30
//	     8    8 ValueID    chunk_id of every chunk
//	    16    4 ToastRel   the toast relation's relfilenode
//	    20    4 First.Block
//	    24    2 First.Offset
type ToastPointer struct {
	RawSize    uint32 // size of the value when detoasted, with a 4-byte header
	StoredSize uint32 // bytes stored in the chunks
	Method     uint8  // CompressionNone, or how the stored bytes are compressed
	ValueID    uint64
	ToastRel   uint32
	First      TID
}

// Encode returns the external datum holding p.
func (p *ToastPointer) Encode() []byte {
	v := make([]byte, ExternalSize)
	p.put(v)
	return v
}

func (p *ToastPointer) put(v []byte) {
	v[0], v[1] = varHdrByteExt, VarTagOnDisk
	b := v[VarHdrSzExt:ExternalSize]
	binary.LittleEndian.PutUint32(b[0:], p.RawSize)
	binary.LittleEndian.PutUint32(b[4:], p.StoredSize&varSizeMask|uint32(p.Method)<<methodShift)
	binary.LittleEndian.PutUint64(b[8:], p.ValueID)
	binary.LittleEndian.PutUint32(b[16:], p.ToastRel)
	binary.LittleEndian.PutUint32(b[20:], p.First.Block)
	binary.LittleEndian.PutUint16(b[24:], p.First.Offset)
}

// DecodeToastPointer reads the pointer of an external datum.
func DecodeToastPointer(v []byte) (ToastPointer, error) {
	kind, _, err := VarInfo(v)
	if err != nil {
		return ToastPointer{}, err
	}
	if kind != VarExternal {
		return ToastPointer{}, badValue("varlena datum is %v, not external", kind)
	}
	b := v[VarHdrSzExt:ExternalSize]
	ext := binary.LittleEndian.Uint32(b[4:])
	p := ToastPointer{
		RawSize:    binary.LittleEndian.Uint32(b[0:]),
		StoredSize: ext & varSizeMask,
		Method:     uint8(ext >> methodShift),
		ValueID:    binary.LittleEndian.Uint64(b[8:]),
		ToastRel:   binary.LittleEndian.Uint32(b[16:]),
		First:      TID{Block: binary.LittleEndian.Uint32(b[20:]), Offset: binary.LittleEndian.Uint16(b[24:])},
	}
	if p.RawSize < VarHdrSz || p.RawSize > MaxVarSize || !p.First.Valid() {
		return ToastPointer{}, corrupted("invalid toast pointer: raw size %d, first chunk %v", p.RawSize, p.First)
	}
	return p, nil
}
