package types

import (
	"encoding/binary"

	"ringpg/backend/access/heap/tuple"
)

// PostgreSQL's on-disk ArrayType, all integers little-endian and every
// offset relative to the start of the varlena (as it is with a 4-byte
// header):
//
//	0   int32  varlena header
//	4   int32  ndim
//	8   int32  dataoffset: 0 when there are no NULLs, else the offset of the data
//	12  uint32 element type
//	16  int32  dims[ndim], then int32 lbounds[ndim]
//	    null bitmap, (nitems+7)/8 bytes, bit i set when element i is not NULL,
//	    present only when dataoffset != 0
//	    padding to 8 (MAXALIGN), then the non-NULL elements in order, each
//	    in its stored form (varlenas with 4-byte headers) and followed by
//	    zero padding to its type's typalign (so the total size is a multiple
//	    of it, as pg_column_size shows: '{ab}'::text[] is 32 bytes).
const arrayHeaderSize = 16

func maxAlign(n int) int { return (n + 7) &^ 7 }

func alignTo(n int, align byte) int {
	switch align {
	case tuple.AlignShort:
		return (n + 1) &^ 1
	case tuple.AlignInt:
		return (n + 3) &^ 3
	case tuple.AlignDouble:
		return (n + 7) &^ 7
	}
	return n
}

// appendArrayStored appends a in the ArrayType layout above.
func appendArrayStored(dst []byte, a *Array) []byte {
	elem := Lookup(a.Elem)
	if elem == nil {
		return dst
	}
	start := len(dst)
	ndim := len(a.Dims)
	hasNull := a.HasNull()
	dst = append(dst, 0, 0, 0, 0)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(ndim))
	dst = append(dst, 0, 0, 0, 0) // dataoffset, set below
	dst = binary.LittleEndian.AppendUint32(dst, a.Elem)
	for _, d := range a.Dims {
		dst = binary.LittleEndian.AppendUint32(dst, uint32(d.Len))
	}
	for _, d := range a.Dims {
		dst = binary.LittleEndian.AppendUint32(dst, uint32(d.Lower))
	}
	if hasNull {
		bitmap := make([]byte, (len(a.Elems)+7)/8)
		for i, e := range a.Elems {
			if !e.Null {
				bitmap[i/8] |= 1 << (i % 8)
			}
		}
		dst = append(dst, bitmap...)
	}
	for len(dst)-start < maxAlign(len(dst)-start) {
		dst = append(dst, 0)
	}
	if hasNull {
		binary.LittleEndian.PutUint32(dst[start+8:], uint32(len(dst)-start))
	}
	et := Of(a.Elem)
	for _, e := range a.Elems {
		if e.Null {
			continue
		}
		for off := len(dst) - start; off < alignTo(off, elem.Align); off++ {
			dst = append(dst, 0)
		}
		dst = AppendStored(dst, et, e)
	}
	// Like PostgreSQL, the size includes the padding after the last
	// element to its alignment.
	for off := len(dst) - start; off < alignTo(off, elem.Align); off++ {
		dst = append(dst, 0)
	}
	return setVarHeader(dst, start)
}

// arrayFromStored reads the ArrayType layout of an array (or int2vector,
// oidvector) of type info from a varlena with a 1- or 4-byte header.
func arrayFromStored(b []byte, info *Info) (Datum, error) {
	p, err := varPayload(b)
	if err != nil {
		return Null, err
	}
	t := Of(info.Oid)
	// Offsets in the layout count from a 4-byte header.
	at := func(off int) int { return off - tuple.VarHdrSz }
	if len(p) < arrayHeaderSize-tuple.VarHdrSz {
		return Null, storedCorrupt(t, "array of %d bytes", len(p))
	}
	ndim := int(int32(binary.LittleEndian.Uint32(p[at(4):])))
	dataOffset := int(int32(binary.LittleEndian.Uint32(p[at(8):])))
	elemOid := binary.LittleEndian.Uint32(p[at(12):])
	if ndim < 0 || ndim > MaxArrayDims {
		return Null, storedCorrupt(t, "array with %d dimensions", ndim)
	}
	if elemOid != info.Elem {
		return Null, storedCorrupt(t, "array of element type %d", elemOid)
	}
	elem := Lookup(elemOid)
	hdrEnd := arrayHeaderSize + 8*ndim
	if len(p) < at(hdrEnd) {
		return Null, storedCorrupt(t, "array header truncated")
	}
	a := &Array{Elem: elemOid}
	n := int64(1)
	for i := 0; i < ndim; i++ {
		d := ArrayDim{
			Len:   int32(binary.LittleEndian.Uint32(p[at(arrayHeaderSize+4*i):])),
			Lower: int32(binary.LittleEndian.Uint32(p[at(arrayHeaderSize+4*ndim+4*i):])),
		}
		if d.Len < 0 {
			return Null, storedCorrupt(t, "negative array dimension")
		}
		n *= int64(d.Len)
		if n > maxArrayElems {
			return Null, storedCorrupt(t, "array too large")
		}
		a.Dims = append(a.Dims, d)
	}
	if ndim == 0 {
		n = 0
	}
	if n > 8*int64(len(p)) {
		// Every element takes a byte of data or a bit of the bitmap.
		return Null, storedCorrupt(t, "array of %d elements in %d bytes", n, len(p))
	}
	if n == 0 && ndim > 0 && info.IsArray() {
		// A zero-length dimension is an empty array (int2vector and
		// oidvector keep their one dimension).
		a.Dims = nil
	}
	var bitmap []byte
	off := maxAlign(hdrEnd)
	if dataOffset != 0 {
		bmLen := int((n + 7) / 8)
		if len(p) < at(hdrEnd+bmLen) || dataOffset != maxAlign(hdrEnd+bmLen) {
			return Null, storedCorrupt(t, "bad array data offset %d", dataOffset)
		}
		bitmap = p[at(hdrEnd) : at(hdrEnd)+bmLen]
		off = dataOffset
	}
	et := Of(elemOid)
	a.Elems = make([]Datum, n)
	for i := range a.Elems {
		if bitmap != nil && bitmap[i/8]&(1<<(i%8)) == 0 {
			a.Elems[i] = Null
			continue
		}
		off = alignTo(off, elem.Align)
		if at(off) >= len(p) {
			return Null, storedCorrupt(t, "array data truncated")
		}
		size := elem.Len
		if size == -1 {
			_, vs, err := tuple.VarInfo(p[at(off):])
			if err != nil {
				return Null, err
			}
			size = vs
		}
		if size <= 0 || at(off)+size > len(p) {
			return Null, storedCorrupt(t, "array data truncated")
		}
		v, err := FromStored(et, p[at(off):at(off)+size])
		if err != nil {
			return Null, err
		}
		a.Elems[i] = v
		off += size
	}
	return Datum{P: a}, nil
}

// anyArrayFromStored reads a value of a polymorphic anyarray column
// (pg_attribute.attmissingval) as the array type of the element type its
// header names.
func anyArrayFromStored(b []byte) (Datum, error) {
	p, err := varPayload(b)
	if err != nil {
		return Null, err
	}
	if len(p) < arrayHeaderSize-tuple.VarHdrSz {
		return Null, storedCorrupt(Of(AnyArrayOid), "array of %d bytes", len(p))
	}
	elem := binary.LittleEndian.Uint32(p[12-tuple.VarHdrSz:])
	info := Lookup(ArrayOf(elem))
	if ei := Lookup(elem); info == nil && ei != nil && ei.arrayLike() {
		// Elements that are arrays themselves (the missing value of an
		// array column): an array type no catalog entry names.
		info = &Info{Oid: AnyArrayOid, Name: "anyarray", Kind: KindPseudo, Len: -1, Align: ei.Align, Storage: 'x',
			Category: CatPseudo, Elem: elem, Delim: ','}
	}
	if info == nil || !info.arrayLike() {
		return Null, unsupportedType("storage", elem)
	}
	return arrayFromStored(b, info)
}
