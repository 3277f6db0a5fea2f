package types

import (
	"encoding/binary"

	"ringpg/backend/access/heap/tuple"
)

// A jsonb is stored in PostgreSQL's on-disk form (jsonb.h): after the
// varlena header, one container. All integers are little-endian and every
// offset is relative to the start of the varlena (as with a 4-byte header).
//
//	container  uint32 header: count | 0x40000000 array | 0x20000000 object
//	           | 0x10000000 scalar (a top-level scalar is a one-element array)
//	           uint32 JEntry per child (an array's elements; an object's keys,
//	           then its values, keys in jsonb order)
//	           the children's data, in the same order
//	JEntry     type in bits 28-30 (0 string, 1 numeric, 2 false, 3 true,
//	           4 null, 5 container), bit 31 set on every 32nd child: then the
//	           low 28 bits are the child's end offset in the data, otherwise
//	           its length
//
// A numeric child is a numeric datum (4-byte header, numeric_stored.go)
// and a nested container starts at 4-byte alignment; the padding before
// either counts in the child's length.
const (
	jbCountMask   = 0x0FFFFFFF
	jbScalar      = 0x10000000
	jbObject      = 0x20000000
	jbArray       = 0x40000000
	jeOffLenMask  = 0x0FFFFFFF
	jeTypeMask    = 0x70000000
	jeHasOff      = 0x80000000
	jeString      = 0x00000000
	jeNumeric     = 0x10000000
	jeFalse       = 0x20000000
	jeTrue        = 0x30000000
	jeNull        = 0x40000000
	jeContainer   = 0x50000000
	jbOffsetStide = 32
)

// appendJSONBStored appends j as a varlena in the on-disk form.
func appendJSONBStored(dst []byte, j *JSONB) []byte {
	w := jsonbWriter{b: dst, start: len(dst)}
	w.b = append(w.b, 0, 0, 0, 0)
	if j.kind < JSONArray {
		w.container(JSONBArray([]*JSONB{j}), true)
	} else {
		w.container(j, false)
	}
	return setVarHeader(w.b, w.start)
}

type jsonbWriter struct {
	b     []byte
	start int // the varlena's first byte
}

func (w *jsonbWriter) padToInt() int {
	n := 0
	for (len(w.b)-w.start)%4 != 0 {
		w.b = append(w.b, 0)
		n++
	}
	return n
}

func (w *jsonbWriter) container(j *JSONB, raw bool) {
	w.padToInt()
	n := len(j.vals)
	header := uint32(n)
	entries := n
	if j.kind == JSONObject {
		header |= jbObject
		entries = 2 * n
	} else {
		header |= jbArray
		if raw {
			header |= jbScalar
		}
	}
	w.b = binary.LittleEndian.AppendUint32(w.b, header)
	at := len(w.b)
	for i := 0; i < entries; i++ {
		w.b = append(w.b, 0, 0, 0, 0)
	}
	total := uint32(0)
	for k := 0; k < entries; k++ {
		var meta uint32
		switch {
		case j.kind == JSONObject && k < n:
			w.b = append(w.b, j.keys[k]...)
			meta = jeString | uint32(len(j.keys[k]))
		case j.kind == JSONObject:
			meta = w.value(j.vals[k-n])
		default:
			meta = w.value(j.vals[k])
		}
		total += meta & jeOffLenMask
		if k%jbOffsetStide == 0 {
			meta = meta&jeTypeMask | total | jeHasOff
		}
		binary.LittleEndian.PutUint32(w.b[at+4*k:], meta)
	}
}

// value appends one child's data and returns its JEntry (with a length).
func (w *jsonbWriter) value(j *JSONB) uint32 {
	switch j.kind {
	case JSONNull:
		return jeNull
	case JSONBool:
		if j.b {
			return jeTrue
		}
		return jeFalse
	case JSONString:
		w.b = append(w.b, j.str...)
		return jeString | uint32(len(j.str))
	case JSONNumber:
		pad := w.padToInt()
		at := len(w.b)
		w.b = append(w.b, 0, 0, 0, 0)
		if j.num != nil {
			w.b = appendNumericStored(w.b, j.num)
		}
		setVarHeader(w.b, at)
		return jeNumeric | uint32(pad+len(w.b)-at)
	}
	before := len(w.b)
	w.container(j, false)
	return jeContainer | uint32(len(w.b)-before)
}

// jsonbFromStored reads the on-disk form from a varlena payload.
func jsonbFromStored(p []byte) (*JSONB, error) {
	r := jsonbReader{p: p}
	return r.container(tuple.VarHdrSz, len(p)+tuple.VarHdrSz, 0, true)
}

type jsonbReader struct {
	p []byte // the payload; offset x of the varlena is p[x-4]
}

func jsonbCorrupt(format string, args ...any) error {
	return storedCorrupt(Of(JSONBOid), format, args...)
}

func (r *jsonbReader) u32(off int) (uint32, bool) {
	i := off - tuple.VarHdrSz
	if i < 0 || i+4 > len(r.p) {
		return 0, false
	}
	return binary.LittleEndian.Uint32(r.p[i:]), true
}

// container reads the container at varlena offset off, which must end by
// limit.
func (r *jsonbReader) container(off, limit, depth int, top bool) (*JSONB, error) {
	if depth > maxJSONDepth {
		return nil, jsonbCorrupt("jsonb nested too deeply")
	}
	header, ok := r.u32(off)
	if !ok {
		return nil, jsonbCorrupt("jsonb container truncated")
	}
	n := int(header & jbCountMask)
	entries := n
	isObject := header&jbObject != 0
	if isObject {
		entries = 2 * n
	}
	if header&(jbObject|jbArray) == 0 || header&jbObject != 0 && header&jbArray != 0 {
		return nil, jsonbCorrupt("jsonb container of unknown kind")
	}
	base := off + 4 + 4*entries
	if entries > len(r.p) || base > limit {
		return nil, jsonbCorrupt("jsonb container of %d children in %d bytes", n, limit-off)
	}
	vals := make([]*JSONB, 0, n)
	keys := make([]string, 0, n)
	cur := 0
	for k := 0; k < entries; k++ {
		e, _ := r.u32(off + 4 + 4*k)
		end := cur + int(e&jeOffLenMask)
		if e&jeHasOff != 0 {
			end = int(e & jeOffLenMask)
		}
		if end < cur || base+end > limit {
			return nil, jsonbCorrupt("jsonb child out of its container")
		}
		from, to := base+cur, base+end
		cur = end
		var v *JSONB
		switch e & jeTypeMask {
		case jeString:
			v = JSONBString(string(r.p[from-tuple.VarHdrSz : to-tuple.VarHdrSz]))
		case jeNumeric:
			from = base + (from-base+3)&^3
			if from >= to {
				return nil, jsonbCorrupt("jsonb numeric truncated")
			}
			pl, err := varPayload(r.p[from-tuple.VarHdrSz : to-tuple.VarHdrSz])
			if err != nil {
				return nil, err
			}
			num, err := numericFromStored(pl)
			if err != nil {
				return nil, err
			}
			v = JSONBNumber(num)
		case jeFalse, jeTrue:
			v = JSONBBool(e&jeTypeMask == jeTrue)
		case jeNull:
			v = JSONBNull()
		case jeContainer:
			from = base + (from-base+3)&^3
			c, err := r.container(from, to, depth+1, false)
			if err != nil {
				return nil, err
			}
			v = c
		default:
			return nil, jsonbCorrupt("jsonb child of unknown type")
		}
		if isObject && k < n {
			if v.kind != JSONString {
				return nil, jsonbCorrupt("jsonb object key is not a string")
			}
			keys = append(keys, v.str)
			continue
		}
		vals = append(vals, v)
	}
	switch {
	case header&jbScalar != 0:
		if !top || n != 1 || vals[0].kind >= JSONArray {
			return nil, jsonbCorrupt("bad jsonb scalar")
		}
		return vals[0], nil
	case isObject:
		return JSONBObject(keys, vals), nil
	}
	return JSONBArray(vals), nil
}
