package tuple

import "encoding/binary"

// Varlena header sizes and limits (postgres.h).
const (
	VarHdrSz      = 4           // a 4-byte header
	VarHdrSzShort = 1           // a 1-byte header
	VarHdrSzExt   = 2           // the 1-byte header and tag of an external datum
	VarHdrSzComp  = 8           // a 4-byte header and the raw size of a compressed datum
	MaxShortSize  = 0x7F        // the largest datum with a 1-byte header, header included
	MaxVarSize    = 1<<30 - 1   // the largest 4-byte-header datum, header included
	varSizeMask   = 0x3FFFFFFF  // the raw size field of a compressed datum
	varHdrByteExt = byte(0x01)  // first byte of an external datum
	methodShift   = 30          // compression method bits in the raw size word
	maxRawSize    = varSizeMask // the largest raw size a compressed datum can state
)

// VarTagOnDisk is the tag of an external datum stored in a toast relation.
const VarTagOnDisk = 18

// VarKind is the form of a varlena datum.
type VarKind uint8

// The varlena forms (see the package documentation).
const (
	VarShort      VarKind = iota + 1 // 1-byte header, inline
	VarPlain                         // 4-byte header, inline, uncompressed
	VarCompressed                    // 4-byte header, inline, compressed
	VarExternal                      // external TOAST pointer
)

func (k VarKind) String() string {
	switch k {
	case VarShort:
		return "short"
	case VarPlain:
		return "plain"
	case VarCompressed:
		return "compressed"
	case VarExternal:
		return "external"
	}
	return "invalid"
}

// VarInfo returns the form and total size (header included) of the
// varlena datum starting at v[0]. It checks that the size is consistent
// with the header and that v holds that many bytes; it never panics.
func VarInfo(v []byte) (VarKind, int, error) {
	if len(v) == 0 {
		return 0, 0, corrupted("varlena datum is empty")
	}
	b0 := v[0]
	switch {
	case b0 == varHdrByteExt:
		if len(v) < VarHdrSzExt {
			return 0, 0, corrupted("external varlena datum is truncated")
		}
		if v[1] != VarTagOnDisk {
			return 0, 0, corrupted("unrecognized external varlena tag %d", v[1])
		}
		n := VarHdrSzExt + ToastPointerSize
		if len(v) < n {
			return 0, 0, corrupted("external varlena datum of %d bytes, want %d", len(v), n)
		}
		return VarExternal, n, nil
	case b0&1 == 1:
		n := int(b0 >> 1)
		if n > len(v) {
			return 0, 0, corrupted("short varlena datum of %d bytes overruns its %d bytes", n, len(v))
		}
		return VarShort, n, nil
	}
	if len(v) < VarHdrSz {
		return 0, 0, corrupted("varlena datum of %d bytes is shorter than its header", len(v))
	}
	w := binary.LittleEndian.Uint32(v)
	n := int(w >> 2)
	kind := VarPlain
	min := VarHdrSz
	if w&3 == 2 {
		kind, min = VarCompressed, VarHdrSzComp
	} else if w&3 != 0 {
		return 0, 0, corrupted("invalid varlena header 0x%08x", w)
	}
	if n < min || n > len(v) {
		return 0, 0, corrupted("varlena datum of %d bytes does not fit in %d bytes", n, len(v))
	}
	return kind, n, nil
}

// MakeVarlena returns payload as a varlena datum with a 4-byte header
// (Form gives it a 1-byte header if it is short enough and the
// attribute's storage allows). The payload must be below MaxVarSize.
func MakeVarlena(payload []byte) []byte {
	v := make([]byte, VarHdrSz+len(payload))
	binary.LittleEndian.PutUint32(v, uint32(len(v))<<2)
	copy(v[VarHdrSz:], payload)
	return v
}

// Text returns s as a text datum (a varlena with a 4-byte header).
func Text(s string) []byte {
	v := make([]byte, VarHdrSz+len(s))
	binary.LittleEndian.PutUint32(v, uint32(len(v))<<2)
	copy(v[VarHdrSz:], s)
	return v
}

// PutVarHeader4 writes a 4-byte uncompressed header for a datum of n
// bytes (header included) into v[:4].
func PutVarHeader4(v []byte, n int) { binary.LittleEndian.PutUint32(v, uint32(n)<<2) }

// PutCompressedHeader writes the header of a compressed datum of n bytes
// (VarHdrSzComp included) whose payload is rawSize bytes when
// decompressed with method, into v[:8].
func PutCompressedHeader(v []byte, n, rawSize int, method uint8) {
	binary.LittleEndian.PutUint32(v, uint32(n)<<2|2)
	binary.LittleEndian.PutUint32(v[4:], uint32(rawSize)&varSizeMask|uint32(method)<<methodShift)
}

// CompressedInfo returns the raw (decompressed payload) size and method
// of a compressed datum, and its compressed bytes.
func CompressedInfo(v []byte) (rawSize int, method uint8, data []byte, err error) {
	kind, n, err := VarInfo(v)
	if err != nil {
		return 0, 0, nil, err
	}
	if kind != VarCompressed {
		return 0, 0, nil, badValue("varlena datum is %v, not compressed", kind)
	}
	w := binary.LittleEndian.Uint32(v[4:])
	return int(w & varSizeMask), uint8(w >> methodShift), v[VarHdrSzComp:n], nil
}

// Payload returns the bytes of an inline, uncompressed varlena datum
// (short or 4-byte header) without its header. Compressed and external
// datums must be detoasted first; they are an error here.
func Payload(v []byte) ([]byte, error) {
	kind, n, err := VarInfo(v)
	if err != nil {
		return nil, err
	}
	switch kind {
	case VarShort:
		return v[VarHdrSzShort:n], nil
	case VarPlain:
		return v[VarHdrSz:n], nil
	}
	return nil, badValue("varlena datum is %v; detoast it first", kind)
}

// IsExternal reports whether v starts with an external TOAST pointer.
func IsExternal(v []byte) bool { return len(v) > 0 && v[0] == varHdrByteExt }

// Int32 returns v as an int4 datum.
func Int32(v int32) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

// Int64 returns v as an int8 datum.
func Int64(v int64) []byte { return binary.LittleEndian.AppendUint64(nil, uint64(v)) }

// Int16 returns v as an int2 datum.
func Int16(v int16) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }

// Bool returns v as a bool datum.
func Bool(v bool) []byte {
	if v {
		return []byte{1}
	}
	return []byte{0}
}

// GetInt32 decodes an int4 datum (0 if it is not 4 bytes).
func GetInt32(b []byte) int32 {
	if len(b) != 4 {
		return 0
	}
	return int32(binary.LittleEndian.Uint32(b))
}

// GetInt64 decodes an int8 datum (0 if it is not 8 bytes).
func GetInt64(b []byte) int64 {
	if len(b) != 8 {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(b))
}

// GetInt16 decodes an int2 datum (0 if it is not 2 bytes).
func GetInt16(b []byte) int16 {
	if len(b) != 2 {
		return 0
	}
	return int16(binary.LittleEndian.Uint16(b))
}
