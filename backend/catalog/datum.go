package catalog

import (
	"encoding/binary"
	"math"
	"strings"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Encoders of catalog column values into the attribute bytes tuple.Form
// takes (PostgreSQL's on-disk formats, little-endian), and the decoders
// back. They cover the types catalog columns have.

const nameDataLen = 64 // NAMEDATALEN

func dOid(v uint32) []byte  { return binary.LittleEndian.AppendUint32(nil, v) }
func dInt4(v int32) []byte  { return tuple.Int32(v) }
func dInt2(v int16) []byte  { return tuple.Int16(v) }
func dInt8(v int64) []byte  { return tuple.Int64(v) }
func dBool(v bool) []byte   { return tuple.Bool(v) }
func dChar(v byte) []byte   { return []byte{v} }
func dText(s string) []byte { return tuple.Text(s) }

func dFloat4(v float32) []byte {
	return binary.LittleEndian.AppendUint32(nil, math.Float32bits(v))
}

// dName returns a name datum: the string NUL padded to 64 bytes (63 at
// most kept; callers truncate names as PostgreSQL does first).
func dName(s string) []byte {
	b := make([]byte, nameDataLen)
	copy(b[:nameDataLen-1], s)
	return b
}

// Array layout (ArrayType): int32 varlena header, int32 ndim, int32
// dataoffset (0: no null bitmap), uint32 element type, int32 dims[ndim],
// int32 lbounds[ndim], then the elements from MAXALIGN(16 + 8*ndim), each
// followed by padding to its type's alignment counted from the start of
// the varlena (so the total length is padded too, as PostgreSQL builds
// arrays).
func dArray(elemType uint32, lbound int32, elems [][]byte, align byte) []byte {
	if len(elems) == 0 {
		b := make([]byte, 16)
		tuple.PutVarHeader4(b, 16)
		binary.LittleEndian.PutUint32(b[12:], elemType)
		return b
	}
	b := make([]byte, 24, 24+8*len(elems))
	binary.LittleEndian.PutUint32(b[4:], 1)
	binary.LittleEndian.PutUint32(b[12:], elemType)
	binary.LittleEndian.PutUint32(b[16:], uint32(len(elems)))
	binary.LittleEndian.PutUint32(b[20:], uint32(lbound))
	for _, e := range elems {
		b = append(b, e...)
		for len(b)%alignOf(align) != 0 { // each element, the last too, padded to the alignment
			b = append(b, 0)
		}
	}
	tuple.PutVarHeader4(b, len(b))
	return b
}

func alignOf(a byte) int {
	switch a {
	case 's':
		return 2
	case 'i':
		return 4
	case 'd':
		return 8
	}
	return 1
}

// dInt2Vector and dOidVector are the one-dimensional, zero-based arrays
// int2vector and oidvector.
func dInt2Vector(v []int16) []byte {
	el := make([][]byte, len(v))
	for i, x := range v {
		el[i] = dInt2(x)
	}
	return dVector(types.Int2Oid, el, 's')
}

func dOidVector(v []uint32) []byte {
	el := make([][]byte, len(v))
	for i, x := range v {
		el[i] = dOid(x)
	}
	return dVector(types.OidOid, el, 'i')
}

// dVector is dArray for the vector types, which PostgreSQL always writes
// with one dimension (even when empty) and lower bound 0.
func dVector(elemType uint32, elems [][]byte, align byte) []byte {
	b := make([]byte, 24, 24+4*len(elems))
	binary.LittleEndian.PutUint32(b[4:], 1)
	binary.LittleEndian.PutUint32(b[12:], elemType)
	binary.LittleEndian.PutUint32(b[16:], uint32(len(elems)))
	for _, e := range elems {
		b = append(b, e...)
		for len(b)%alignOf(align) != 0 { // each element, the last too, padded to the alignment
			b = append(b, 0)
		}
	}
	tuple.PutVarHeader4(b, len(b))
	return b
}

// dTextArray returns a text[] of ss; text elements are 4-byte-header
// varlenas aligned on 4.
func dTextArray(ss []string) []byte {
	el := make([][]byte, len(ss))
	for i, s := range ss {
		el[i] = dText(s)
	}
	return dArray(types.TextOid, 1, el, 'i')
}

func dOidArray(v []uint32) []byte {
	el := make([][]byte, len(v))
	for i, x := range v {
		el[i] = dOid(x)
	}
	return dArray(types.OidOid, 1, el, 'i')
}

func dInt2Array(v []int16) []byte {
	el := make([][]byte, len(v))
	for i, x := range v {
		el[i] = dInt2(x)
	}
	return dArray(types.Int2Oid, 1, el, 's')
}

func dCharArray(v []byte) []byte {
	el := make([][]byte, len(v))
	for i, x := range v {
		el[i] = []byte{x}
	}
	return dArray(types.CharOid, 1, el, 'c')
}

// Decoders. Fixed-length values come straight from the tuple; varlena
// values must already be detoasted (whole datum with a 1- or 4-byte
// header, or its payload as returned by Detoast).

func gOid(b []byte) uint32 {
	if len(b) != 4 {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func gInt4(b []byte) int32 { return tuple.GetInt32(b) }
func gInt2(b []byte) int16 { return tuple.GetInt16(b) }
func gInt8(b []byte) int64 { return tuple.GetInt64(b) }
func gBool(b []byte) bool  { return len(b) == 1 && b[0] != 0 }

func gChar(b []byte) byte {
	if len(b) != 1 {
		return 0
	}
	return b[0]
}

func gFloat4(b []byte) float32 {
	if len(b) != 4 {
		return 0
	}
	return math.Float32frombits(binary.LittleEndian.Uint32(b))
}

func gName(b []byte) string {
	if i := strings.IndexByte(string(b), 0); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}

// arrayElems splits an array payload (the bytes after its varlena
// header) into its elements. elemLen is the element type's length (-1 for
// varlena elements, which must have 4-byte headers as this package writes
// them, or 1-byte ones). Offsets inside an array count from the start of
// its 4-byte-header form, so payload offset p is array offset p+4.
func arrayElems(p []byte, elemLen int, align byte) ([][]byte, error) {
	bad := pgerr.New(pgerr.DataCorrupted, "invalid array in catalog tuple")
	if len(p) < 12 {
		return nil, bad
	}
	ndim := int(int32(binary.LittleEndian.Uint32(p[0:])))
	dataOff := binary.LittleEndian.Uint32(p[4:])
	if ndim == 0 {
		return nil, nil
	}
	if ndim != 1 || dataOff != 0 || len(p) < 20 {
		return nil, bad
	}
	n := int(int32(binary.LittleEndian.Uint32(p[12:])))
	if n < 0 || n > len(p) {
		return nil, bad
	}
	off := 24 // in the 4-byte-header form
	out := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		for off%alignOf(align) != 0 {
			off++
		}
		q := off - 4
		if q > len(p) {
			return nil, bad
		}
		l := elemLen
		if elemLen == -1 {
			if q+4 > len(p) {
				return nil, bad
			}
			l = int(binary.LittleEndian.Uint32(p[q:]) >> 2)
			if l < 4 {
				return nil, bad
			}
		}
		if q+l > len(p) {
			return nil, bad
		}
		out = append(out, p[q:q+l])
		off += l
	}
	return out, nil
}

func gInt2s(p []byte) ([]int16, error) {
	el, err := arrayElems(p, 2, 's')
	if err != nil {
		return nil, err
	}
	out := make([]int16, len(el))
	for i, e := range el {
		out[i] = gInt2(e)
	}
	return out, nil
}

func gOids(p []byte) ([]uint32, error) {
	el, err := arrayElems(p, 4, 'i')
	if err != nil {
		return nil, err
	}
	out := make([]uint32, len(el))
	for i, e := range el {
		out[i] = gOid(e)
	}
	return out, nil
}

func gTexts(p []byte) ([]string, error) {
	el, err := arrayElems(p, -1, 'i')
	if err != nil {
		return nil, err
	}
	out := make([]string, len(el))
	for i, e := range el {
		out[i] = string(e[4:])
	}
	return out, nil
}
