package types

import (
	"encoding/binary"
	"strconv"

	"ringpg/pgerr"
)

// Record is a row value (an anonymous composite): the types and values of
// its fields, and their names when the row came from a table or a
// sub-select (a whole-row reference); nil Names means f1, f2, .... It is
// immutable once built.
type Record struct {
	Types  []T
	Values []Datum
	Names  []string
}

// FieldName is field i's name: its column's, else f1, f2, ....
func (r *Record) FieldName(i int) string {
	if i < len(r.Names) && r.Names[i] != "" {
		return r.Names[i]
	}
	return "f" + strconv.Itoa(i+1)
}

// RecordDatum wraps a record as a Datum.
func RecordDatum(r *Record) Datum { return Datum{P: r} }

// AsRecord returns the record held by a record datum (nil for NULL).
func (d Datum) AsRecord() *Record {
	r, _ := d.P.(*Record)
	return r
}

// AppendText appends the record as record_out prints it: "(f1,f2,...)",
// nothing for a NULL field, a field quoted when it is empty or holds
// quotes, backslashes, parentheses, commas or white space, with quotes
// and backslashes doubled inside.
func (r *Record) AppendText(dst []byte, env *Env) []byte {
	dst = append(dst, '(')
	var scratch []byte
	for i, v := range r.Values {
		if i > 0 {
			dst = append(dst, ',')
		}
		if v.Null {
			continue
		}
		scratch = AppendOutput(scratch[:0], r.Types[i], v, env)
		need := len(scratch) == 0
		for _, c := range scratch {
			if c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || isSpace(c) {
				need = true
				break
			}
		}
		if !need {
			dst = append(dst, scratch...)
			continue
		}
		dst = append(dst, '"')
		for _, c := range scratch {
			if c == '"' || c == '\\' {
				dst = append(dst, c)
			}
			dst = append(dst, c)
		}
		dst = append(dst, '"')
	}
	return append(dst, ')')
}

// AppendSend appends the record as record_send writes it: int32 number of
// fields, then for each its type oid, int32 length (-1 for NULL) and
// binary value.
func (r *Record) AppendSend(dst []byte, env *Env) []byte {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(r.Values)))
	for i, v := range r.Values {
		dst = binary.BigEndian.AppendUint32(dst, r.Types[i].Oid)
		if v.Null {
			dst = binary.BigEndian.AppendUint32(dst, 0xFFFFFFFF)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		dst = AppendSend(dst, r.Types[i], v, env)
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	return dst
}

// recvRecord reads record_recv's format.
func recvRecord(b []byte, env *Env) (Datum, error) {
	if len(b) < 4 {
		return Null, insufficientData()
	}
	n := int32(binary.BigEndian.Uint32(b))
	b = b[4:]
	if n < 0 || int(n) > len(b)/8 {
		return Null, insufficientData()
	}
	r := &Record{Types: make([]T, n), Values: make([]Datum, n)}
	for i := range r.Values {
		if len(b) < 8 {
			return Null, insufficientData()
		}
		oid := binary.BigEndian.Uint32(b)
		l := int32(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
		if Lookup(oid) == nil {
			return Null, pgerr.New(pgerr.UndefinedObject, "type with OID %d does not exist", oid)
		}
		r.Types[i] = Of(oid)
		if l == -1 {
			r.Values[i] = Null
			continue
		}
		if l < -1 || int(l) > len(b) {
			return Null, insufficientData()
		}
		v, err := Recv(Of(oid), b[:l], env)
		if err != nil {
			return Null, err
		}
		r.Values[i] = v
		b = b[l:]
	}
	if len(b) != 0 {
		return Null, binaryFormatError()
	}
	return Datum{P: r}, nil
}
