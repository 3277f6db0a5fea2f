package spill

import (
	"encoding/binary"
	"errors"
	"math"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
	"ringpg/backend/sql/types/numeric"
)

// A datum is encoded as a flag byte followed by the fields the flags name:
// I as a zigzag varint, F as 8 little-endian bytes, S as a uvarint length
// and its bytes, and P by its kind (the flag byte's high nibble).
const (
	flagNull = 1 << iota
	flagI
	flagF
	flagS
)

// Kinds of Datum.P.
const (
	pNone = iota
	pNumeric
	pInterval
	pArray
	pRecord
	pJSONB
	pMemory = 15 // kept in the File's memory, referenced by index
)

var errCorrupt = errors.New("corrupt temporary file record")

// encoder appends encoded rows; side holds the values kept in memory.
type encoder struct {
	side []any
}

// appendRow appends the encoding of row to dst.
func (e *encoder) appendRow(dst []byte, row []types.Datum) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(row)))
	for i := range row {
		dst = e.appendDatum(dst, &row[i])
	}
	return dst
}

func (e *encoder) appendDatum(dst []byte, d *types.Datum) []byte {
	var flags byte
	if d.Null {
		flags |= flagNull
	}
	if d.I != 0 {
		flags |= flagI
	}
	if d.F != 0 || math.Signbit(d.F) {
		flags |= flagF
	}
	if d.S != "" {
		flags |= flagS
	}
	kind := pKind(d.P)
	dst = append(dst, flags|byte(kind)<<4)
	if flags&flagI != 0 {
		dst = binary.AppendVarint(dst, d.I)
	}
	if flags&flagF != 0 {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(d.F))
	}
	if flags&flagS != 0 {
		dst = binary.AppendUvarint(dst, uint64(len(d.S)))
		dst = append(dst, d.S...)
	}
	switch kind {
	case pNumeric:
		return appendBytes(dst, types.AppendStored(nil, types.Of(types.NumericOid), types.Datum{P: d.P}))
	case pJSONB:
		return appendBytes(dst, types.AppendStored(nil, types.Of(types.JSONBOid), types.Datum{P: d.P}))
	case pInterval:
		iv := d.P.(datetime.Interval)
		dst = binary.AppendVarint(dst, iv.Micros)
		dst = binary.AppendVarint(dst, int64(iv.Days))
		return binary.AppendVarint(dst, int64(iv.Months))
	case pArray:
		a := d.P.(*types.Array)
		dst = binary.AppendUvarint(dst, uint64(a.Elem))
		dst = binary.AppendUvarint(dst, uint64(len(a.Dims)))
		for _, dim := range a.Dims {
			dst = binary.AppendVarint(dst, int64(dim.Len))
			dst = binary.AppendVarint(dst, int64(dim.Lower))
		}
		return e.appendRow(dst, a.Elems)
	case pRecord:
		r := d.P.(*types.Record)
		dst = binary.AppendUvarint(dst, uint64(len(r.Types)))
		for _, t := range r.Types {
			dst = binary.AppendUvarint(dst, uint64(t.Oid))
			dst = binary.AppendVarint(dst, int64(t.Mod))
		}
		return e.appendRow(dst, r.Values)
	case pMemory:
		dst = binary.AppendUvarint(dst, uint64(len(e.side)))
		e.side = append(e.side, d.P)
	}
	return dst
}

func pKind(p any) int {
	switch v := p.(type) {
	case nil:
		return pNone
	case *numeric.Decimal:
		if v != nil {
			return pNumeric
		}
	case datetime.Interval:
		return pInterval
	case *types.Array:
		if v != nil {
			return pArray
		}
	case *types.Record:
		if v != nil {
			return pRecord
		}
	case *types.JSONB:
		if v != nil {
			return pJSONB
		}
	}
	return pMemory
}

func appendBytes(dst, b []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}

// decoder reads rows that an encoder with the same side table wrote.
type decoder struct {
	b    []byte
	side []any
}

func (d *decoder) uvarint() (uint64, error) {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		return 0, errCorrupt
	}
	d.b = d.b[n:]
	return v, nil
}

func (d *decoder) varint() (int64, error) {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		return 0, errCorrupt
	}
	d.b = d.b[n:]
	return v, nil
}

func (d *decoder) bytes() ([]byte, error) {
	n, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	if n > uint64(len(d.b)) {
		return nil, errCorrupt
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v, nil
}

// row appends the decoded row to dst.
func (d *decoder) row(dst []types.Datum) ([]types.Datum, error) {
	n, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	if n > uint64(len(d.b)) {
		return nil, errCorrupt
	}
	for i := uint64(0); i < n; i++ {
		v, err := d.datum()
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

func (d *decoder) datum() (types.Datum, error) {
	var v types.Datum
	if len(d.b) == 0 {
		return v, errCorrupt
	}
	flags, kind := d.b[0]&0xf, int(d.b[0]>>4)
	d.b = d.b[1:]
	v.Null = flags&flagNull != 0
	var err error
	if flags&flagI != 0 {
		if v.I, err = d.varint(); err != nil {
			return v, err
		}
	}
	if flags&flagF != 0 {
		if len(d.b) < 8 {
			return v, errCorrupt
		}
		v.F = math.Float64frombits(binary.LittleEndian.Uint64(d.b))
		d.b = d.b[8:]
	}
	if flags&flagS != 0 {
		s, err := d.bytes()
		if err != nil {
			return v, err
		}
		v.S = string(s)
	}
	if kind != pNone {
		v.P, err = d.pValue(kind)
	}
	return v, err
}

func (d *decoder) pValue(kind int) (any, error) {
	switch kind {
	case pNumeric, pJSONB:
		b, err := d.bytes()
		if err != nil {
			return nil, err
		}
		oid := types.Oid(types.NumericOid)
		if kind == pJSONB {
			oid = types.JSONBOid
		}
		v, err := types.FromStored(types.Of(oid), b)
		return v.P, err
	case pInterval:
		var iv datetime.Interval
		var days, months int64
		var err error
		if iv.Micros, err = d.varint(); err != nil {
			return nil, err
		}
		if days, err = d.varint(); err != nil {
			return nil, err
		}
		if months, err = d.varint(); err != nil {
			return nil, err
		}
		iv.Days, iv.Months = int32(days), int32(months)
		return iv, nil
	case pArray:
		return d.array()
	case pRecord:
		return d.record()
	case pMemory:
		i, err := d.uvarint()
		if err != nil || i >= uint64(len(d.side)) {
			return nil, errCorrupt
		}
		return d.side[i], nil
	}
	return nil, errCorrupt
}

func (d *decoder) array() (*types.Array, error) {
	elem, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	nd, err := d.uvarint()
	if err != nil || nd > uint64(len(d.b)) {
		return nil, errCorrupt
	}
	a := &types.Array{Elem: types.Oid(elem)}
	for i := uint64(0); i < nd; i++ {
		l, err := d.varint()
		if err != nil {
			return nil, err
		}
		lo, err := d.varint()
		if err != nil {
			return nil, err
		}
		a.Dims = append(a.Dims, types.ArrayDim{Len: int32(l), Lower: int32(lo)})
	}
	if a.Elems, err = d.row(nil); err != nil {
		return nil, err
	}
	return a, nil
}

func (d *decoder) record() (*types.Record, error) {
	nt, err := d.uvarint()
	if err != nil || nt > uint64(len(d.b)) {
		return nil, errCorrupt
	}
	r := &types.Record{Types: make([]types.T, nt)}
	for i := range r.Types {
		oid, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		mod, err := d.varint()
		if err != nil {
			return nil, err
		}
		r.Types[i] = types.T{Oid: types.Oid(oid), Mod: int32(mod)}
	}
	if r.Values, err = d.row(nil); err != nil {
		return nil, err
	}
	return r, nil
}
