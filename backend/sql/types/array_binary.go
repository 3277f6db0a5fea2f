package types

import (
	"encoding/binary"

	"ringpg/pgerr"
)

// recvArray reads array_recv's format: int32 ndim, int32 has-null flag,
// uint32 element type, ndim × (int32 length, int32 lower bound), then each
// element as an int32 length (-1 for NULL) and its binary form.
func recvArray(b []byte, info *Info, mod int32, env *Env) (Datum, error) {
	if len(b) < 12 {
		return Null, insufficientData()
	}
	ndim := int32(binary.BigEndian.Uint32(b))
	flags := int32(binary.BigEndian.Uint32(b[4:]))
	elemOid := binary.BigEndian.Uint32(b[8:])
	b = b[12:]
	if ndim < 0 {
		return Null, pgerr.New(codeInvalidBinaryRepresentation, "invalid number of dimensions: %d", ndim)
	}
	if ndim > MaxArrayDims {
		return Null, tooManyDims(int(ndim))
	}
	if flags != 0 && flags != 1 {
		return Null, pgerr.New(codeInvalidBinaryRepresentation, "invalid array flags")
	}
	if elemOid != info.Elem {
		return Null, pgerr.New(codeDatatypeMismatch, "binary data has array element type %d (%s) instead of expected %d (%s)",
			elemOid, FormatType(Of(elemOid)), info.Elem, FormatType(Of(info.Elem)))
	}
	a := &Array{Elem: elemOid}
	n := int64(1)
	for i := int32(0); i < ndim; i++ {
		if len(b) < 8 {
			return Null, insufficientData()
		}
		d := ArrayDim{Len: int32(binary.BigEndian.Uint32(b)), Lower: int32(binary.BigEndian.Uint32(b[4:]))}
		b = b[8:]
		if d.Len < 0 {
			return Null, pgerr.New(pgerr.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxArrayElems)
		}
		n *= int64(d.Len)
		if n > maxArrayElems {
			return Null, pgerr.New(pgerr.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", maxArrayElems)
		}
		if d.Len > 0 && int64(d.Lower)+int64(d.Len)-1 > 1<<31-1 {
			return Null, pgerr.New(pgerr.ProgramLimitExceeded, "array lower bound is too large: %d", d.Lower)
		}
		a.Dims = append(a.Dims, d)
	}
	if ndim == 0 || n == 0 {
		a.Dims = nil
		if len(b) != 0 {
			return Null, binaryFormatError()
		}
		return Datum{P: a}, nil
	}
	et := T{Oid: elemOid, Mod: mod}
	a.Elems = make([]Datum, 0, min(n, int64(len(b)/4)+1))
	for i := int64(0); i < n; i++ {
		if len(b) < 4 {
			return Null, insufficientData()
		}
		l := int32(binary.BigEndian.Uint32(b))
		b = b[4:]
		if l == -1 {
			a.Elems = append(a.Elems, Null)
			continue
		}
		if l < -1 || int(l) > len(b) {
			return Null, insufficientData()
		}
		v, err := Recv(et, b[:l], env)
		if err != nil {
			if pgerr.Code(err) == codeInvalidBinaryRepresentation && err.Error() == binaryFormatError().Error() {
				return Null, pgerr.New(codeInvalidBinaryRepresentation, "improper binary format in array element %d", i+1)
			}
			return Null, err
		}
		a.Elems = append(a.Elems, v)
		b = b[l:]
	}
	if len(b) != 0 {
		return Null, binaryFormatError()
	}
	if info.Oid == Int2VectorOid || info.Oid == OidVectorOid {
		if len(a.Dims) > 1 || len(a.Dims) == 1 && a.Dims[0].Lower != 0 || a.HasNull() {
			return Null, pgerr.New(codeInvalidBinaryRepresentation, "invalid %s data", info.Typname)
		}
		if len(a.Dims) == 0 {
			a.Dims = []ArrayDim{{Len: 0, Lower: 0}}
		}
	}
	return Datum{P: a}, nil
}

// appendArraySend writes array_send's format.
func appendArraySend(dst []byte, a *Array, info *Info, mod int32, env *Env) []byte {
	dims := a.Dims
	if len(a.Elems) == 0 && info.IsArray() {
		dims = nil
	}
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(dims)))
	if a.HasNull() {
		dst = binary.BigEndian.AppendUint32(dst, 1)
	} else {
		dst = binary.BigEndian.AppendUint32(dst, 0)
	}
	dst = binary.BigEndian.AppendUint32(dst, a.Elem)
	for _, d := range dims {
		dst = binary.BigEndian.AppendUint32(dst, uint32(d.Len))
		dst = binary.BigEndian.AppendUint32(dst, uint32(d.Lower))
	}
	et := T{Oid: a.Elem, Mod: mod}
	for _, e := range a.Elems {
		if e.Null {
			dst = binary.BigEndian.AppendUint32(dst, 0xFFFFFFFF)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		dst = AppendSend(dst, et, e, env)
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	return dst
}
