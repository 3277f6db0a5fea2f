package types

import (
	"ringpg/backend/sql/types/numeric"
)

// JSONKind is the kind of a jsonb node.
type JSONKind uint8

// The jsonb node kinds.
const (
	JSONNull JSONKind = iota
	JSONString
	JSONNumber
	JSONBool
	JSONArray
	JSONObject
)

// JSONB is a parsed jsonb value: a tree of immutable nodes. Object keys
// are unique and kept in jsonb's order (shorter keys first, then bytes),
// which is also the order jsonb prints them in; for a duplicated key in
// the input the last value wins. Numbers are numerics.
type JSONB struct {
	kind JSONKind
	b    bool
	str  string
	num  *numeric.Decimal
	keys []string // object keys, sorted by (length, bytes)
	vals []*JSONB // array elements, or object values parallel to keys
}

// JSONBDatum wraps a jsonb tree as a Datum.
func JSONBDatum(j *JSONB) Datum { return Datum{P: j} }

// AsJSONB returns the tree held by a jsonb datum (nil for NULL).
func (d Datum) AsJSONB() *JSONB {
	j, _ := d.P.(*JSONB)
	return j
}

// Constructors for jsonb nodes. The slices passed in are kept, not copied.

// JSONBNull returns the JSON null.
func JSONBNull() *JSONB { return &JSONB{kind: JSONNull} }

// JSONBBool returns a JSON boolean.
func JSONBBool(v bool) *JSONB { return &JSONB{kind: JSONBool, b: v} }

// JSONBString returns a JSON string.
func JSONBString(s string) *JSONB { return &JSONB{kind: JSONString, str: s} }

// JSONBNumber returns a JSON number (n must be finite: jsonb has no NaN
// or infinities).
func JSONBNumber(n *numeric.Decimal) *JSONB { return &JSONB{kind: JSONNumber, num: n} }

// JSONBArray returns a JSON array of elems.
func JSONBArray(elems []*JSONB) *JSONB { return &JSONB{kind: JSONArray, vals: elems} }

// JSONBObject returns a JSON object of keys and values, parallel slices in
// any order; the last of duplicated keys wins.
func JSONBObject(keys []string, vals []*JSONB) *JSONB {
	return newJSONBObject(keys, vals)
}

// Kind returns the node's kind.
func (j *JSONB) Kind() JSONKind { return j.kind }

// Bool returns a boolean node's value.
func (j *JSONB) Bool() bool { return j.b }

// Str returns a string node's value.
func (j *JSONB) Str() string { return j.str }

// Number returns a number node's value.
func (j *JSONB) Number() *numeric.Decimal { return j.num }

// Len returns the number of elements of an array or pairs of an object.
func (j *JSONB) Len() int { return len(j.vals) }

// Index returns an array's i-th element (0-based), nil when out of range.
func (j *JSONB) Index(i int) *JSONB {
	if j.kind != JSONArray || i < 0 || i >= len(j.vals) {
		return nil
	}
	return j.vals[i]
}

// Key returns an object's i-th key and value in jsonb order.
func (j *JSONB) Key(i int) (string, *JSONB) { return j.keys[i], j.vals[i] }

// Get returns an object's value for key, nil when absent.
func (j *JSONB) Get(key string) *JSONB {
	if j.kind != JSONObject {
		return nil
	}
	lo, hi := 0, len(j.keys)
	for lo < hi {
		m := (lo + hi) / 2
		if jsonbKeyCmp(j.keys[m], key) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(j.keys) && j.keys[lo] == key {
		return j.vals[lo]
	}
	return nil
}

// jsonbKeyCmp orders object keys as jsonb stores them: by length, then bytes.
func jsonbKeyCmp(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
