package types

import (
	"ringpg/backend/access/btree/keyenc"
	"ringpg/backend/sql/types/numeric"
)

// Arrays and jsonb have B-tree orders in PostgreSQL (array_ops,
// jsonb_ops); their keys are built here from keyenc's scalar encodings
// and wrapped as one bytea payload, so the column stays prefix-free and a
// DESC column simply inverts it.
//
// An array's inner key is each element's ASC NULLS LAST key (so a NULL
// element sorts above any value), a 0x00 byte (below every column marker,
// so a shorter array sorts first), then the number of dimensions and each
// dimension's length and lower bound: the order of btarraycmp.
//
// A jsonb's inner key follows compareJsonbContainers: a kind byte (null <
// string < number < boolean < array < object), then a string's text key, a
// number's numeric key, a boolean's byte; a container's element count
// comes before its contents (for arrays also a byte that puts a top-level
// scalar, PostgreSQL's one-element "raw scalar" array, before a real array
// of one element), then each element, or each key's text key and value.

func appendArrayKey(dst []byte, a *Array, o keyenc.Order) ([]byte, error) {
	inner, err := arrayInnerKey(nil, a)
	if err != nil {
		return dst, err
	}
	return keyenc.AppendBytes(dst, inner, o), nil
}

func arrayInnerKey(b []byte, a *Array) ([]byte, error) {
	et := Of(a.Elem)
	var err error
	for _, e := range a.Elems {
		if b, err = AppendKey(b, et, e, keyenc.Asc); err != nil {
			return b, err
		}
	}
	b = append(b, 0)
	dims := a.Dims
	if len(a.Elems) == 0 {
		dims = nil
	}
	b = append(b, byte(len(dims)))
	for _, d := range dims {
		b = keyenc.AppendInt4(b, d.Len, keyenc.Asc)
		b = keyenc.AppendInt4(b, d.Lower, keyenc.Asc)
	}
	return b, nil
}

func appendJSONBKey(dst []byte, j *JSONB, o keyenc.Order) ([]byte, error) {
	var inner []byte
	var err error
	if j.kind < JSONArray {
		// A top-level scalar is a one-element pseudo array.
		inner = append(inner, byte(jsonbRank[JSONArray]))
		inner = keyenc.AppendInt4(inner, 1, keyenc.Asc)
		inner = append(inner, 0)
		inner, err = jsonbInnerKey(inner, j)
	} else {
		inner, err = jsonbInnerKey(inner, j)
	}
	if err != nil {
		return dst, err
	}
	return keyenc.AppendBytes(dst, inner, o), nil
}

func jsonbInnerKey(b []byte, j *JSONB) ([]byte, error) {
	b = append(b, byte(jsonbRank[j.kind]))
	switch j.kind {
	case JSONString:
		return keyenc.AppendText(b, j.str, keyenc.Asc), nil
	case JSONNumber:
		n := j.num
		if n == nil {
			n = numeric.Zero()
		}
		return keyenc.AppendNumeric(b, n.String(), keyenc.Asc)
	case JSONBool:
		return keyenc.AppendBool(b, j.b, keyenc.Asc), nil
	case JSONArray, JSONObject:
		b = keyenc.AppendInt4(b, int32(len(j.vals)), keyenc.Asc)
		if j.kind == JSONArray {
			b = append(b, 1)
		}
		var err error
		for i, v := range j.vals {
			if j.kind == JSONObject {
				b = keyenc.AppendText(b, j.keys[i], keyenc.Asc)
			}
			if b, err = jsonbInnerKey(b, v); err != nil {
				return b, err
			}
		}
	}
	return b, nil
}

// appendRecordKey builds a row value's key as btrecordcmp orders rows:
// each field's ASC NULLS LAST key (a NULL field sorts above any value),
// then a 0x00 so that a row with fewer fields sorts first.
func appendRecordKey(dst []byte, r *Record, o keyenc.Order) ([]byte, error) {
	var inner []byte
	var err error
	for i, v := range r.Values {
		if inner, err = AppendKey(inner, r.Types[i], v, keyenc.Asc); err != nil {
			return dst, err
		}
	}
	inner = append(inner, 0)
	return keyenc.AppendBytes(dst, inner, o), nil
}
