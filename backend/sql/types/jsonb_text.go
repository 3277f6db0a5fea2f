package types

import (
	"slices"

	"github.com/cespare/xxhash/v2"

	"ringpg/backend/sql/types/numeric"
	"ringpg/pgerr"
)

// newJSONBObject sorts pairs into jsonb order, keeping the last value of
// a duplicated key.
func newJSONBObject(keys []string, vals []*JSONB) *JSONB {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	// Stable: among equal keys the later one stays later.
	slices.SortStableFunc(idx, func(a, b int) int { return jsonbKeyCmp(keys[a], keys[b]) })
	j := &JSONB{kind: JSONObject, keys: make([]string, 0, len(keys)), vals: make([]*JSONB, 0, len(keys))}
	for n, i := range idx {
		if n+1 < len(idx) && keys[idx[n+1]] == keys[i] {
			continue
		}
		j.keys = append(j.keys, keys[i])
		j.vals = append(j.vals, vals[i])
	}
	return j
}

// AppendText appends j as jsonb_out prints it: ", " between elements and
// pairs, ": " after keys, strings escaped as JSON requires.
func (j *JSONB) AppendText(dst []byte) []byte {
	switch j.kind {
	case JSONNull:
		return append(dst, "null"...)
	case JSONBool:
		if j.b {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case JSONString:
		return AppendJSONString(dst, j.str)
	case JSONNumber:
		if j.num == nil {
			return append(dst, '0')
		}
		return j.num.Append(dst)
	case JSONArray:
		dst = append(dst, '[')
		for i, v := range j.vals {
			if i > 0 {
				dst = append(dst, ',', ' ')
			}
			dst = v.AppendText(dst)
		}
		return append(dst, ']')
	case JSONObject:
		dst = append(dst, '{')
		for i, v := range j.vals {
			if i > 0 {
				dst = append(dst, ',', ' ')
			}
			dst = AppendJSONString(dst, j.keys[i])
			dst = append(dst, ':', ' ')
			dst = v.AppendText(dst)
		}
		return append(dst, '}')
	}
	return dst
}

// String returns j's text form.
func (j *JSONB) String() string { return string(j.AppendText(nil)) }

// AppendJSONString appends s as a JSON string literal, as PostgreSQL's
// escape_json does.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			if c < 0x20 {
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			} else {
				dst = append(dst, c)
			}
		}
	}
	return append(dst, '"')
}

// jsonbRank orders node kinds as jsonb's comparison does.
var jsonbRank = [...]int{JSONNull: 0, JSONString: 1, JSONNumber: 2, JSONBool: 3, JSONArray: 4, JSONObject: 5}

// CompareJSONB orders jsonb values as PostgreSQL's jsonb B-tree operator
// class does: by kind (null < string < number < boolean < array <
// object), containers first by size (a top-level scalar counts as an array
// of one that sorts before a real one), then their contents in storage
// order; strings compare as bytes.
func CompareJSONB(a, b *JSONB) int {
	if a == nil || b == nil {
		return cmpBool(a != nil, b != nil)
	}
	as, bs := a.kind < JSONArray, b.kind < JSONArray
	switch {
	case as && bs:
		return compareJSONBNode(a, b)
	case as && b.kind == JSONArray:
		// A raw scalar is a one-element pseudo array.
		if len(b.vals) != 1 {
			return cmpInt(1, int64(len(b.vals)))
		}
		return -1
	case bs && a.kind == JSONArray:
		if len(a.vals) != 1 {
			return cmpInt(int64(len(a.vals)), 1)
		}
		return 1
	case as || bs:
		// A scalar (pseudo array) against an object.
		return cmpInt(int64(jsonbRank[arrayIfScalar(a.kind)]), int64(jsonbRank[arrayIfScalar(b.kind)]))
	}
	return compareJSONBNode(a, b)
}

func arrayIfScalar(k JSONKind) JSONKind {
	if k < JSONArray {
		return JSONArray
	}
	return k
}

func compareJSONBNode(a, b *JSONB) int {
	if a.kind != b.kind {
		return cmpInt(int64(jsonbRank[a.kind]), int64(jsonbRank[b.kind]))
	}
	switch a.kind {
	case JSONNull:
		return 0
	case JSONString:
		return cmpStrings(a.str, b.str)
	case JSONNumber:
		return numeric.Cmp(a.num, b.num)
	case JSONBool:
		return cmpBool(a.b, b.b)
	}
	if c := cmpInt(int64(len(a.vals)), int64(len(b.vals))); c != 0 {
		return c
	}
	for i := range a.vals {
		if a.kind == JSONObject {
			if c := cmpStrings(a.keys[i], b.keys[i]); c != 0 {
				return c
			}
		}
		if c := compareJSONBNode(a.vals[i], b.vals[i]); c != 0 {
			return c
		}
	}
	return 0
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// hash is consistent with CompareJSONB's equality.
func (j *JSONB) hash() uint64 {
	h := uint64(j.kind) + 1
	switch j.kind {
	case JSONBool:
		if j.b {
			h += 2
		}
	case JSONString:
		h = h*31 + xxhash.Sum64String(j.str)
	case JSONNumber:
		if j.num != nil {
			h = h*31 + j.num.Hash()
		}
	default:
		for i, v := range j.vals {
			if j.kind == JSONObject {
				h = h*31 + xxhash.Sum64String(j.keys[i])
			}
			h = h*31 + v.hash()
		}
	}
	return hashUint64(h)
}

// recvJSONB reads jsonb's binary format: a version byte (1) and the text.
func recvJSONB(b []byte) (Datum, error) {
	if len(b) < 1 {
		return Null, insufficientData()
	}
	if b[0] != 1 {
		return Null, pgerr.New(pgerr.InternalError, "unsupported jsonb version number %d", b[0])
	}
	if err := checkUTF8(string(b[1:])); err != nil {
		return Null, err
	}
	j, err := ParseJSONB(string(b[1:]))
	if err != nil {
		return Null, err
	}
	return Datum{P: j}, nil
}
