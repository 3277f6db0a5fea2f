package types

import "ringpg/pgerr"

func validateJSON(s string) error { return nil }

// ParseJSONB parses jsonb text input.
func ParseJSONB(s string) (*JSONB, error) {
	return nil, pgerr.New(pgerr.FeatureNotSupported, "jsonb input is not implemented yet")
}

// AppendText appends the jsonb text form.
func (j *JSONB) AppendText(dst []byte) []byte { return dst }

func newJSONBObject(keys []string, vals []*JSONB) *JSONB {
	return &JSONB{kind: JSONObject, keys: keys, vals: vals}
}

// CompareJSONB orders jsonb values.
func CompareJSONB(a, b *JSONB) int { return 0 }

func (j *JSONB) hash() uint64 { return 0 }

func recvJSONB(b []byte) (Datum, error) { return Null, binaryFormatError() }

func arrayIn(s string, elem Oid, mod int32, env *Env) (Datum, error) {
	return Null, pgerr.New(pgerr.FeatureNotSupported, "array input is not implemented yet")
}

func appendArrayText(dst []byte, a *Array, elem Oid, mod int32, env *Env) []byte { return dst }

func recvArray(b []byte, info *Info, mod int32, env *Env) (Datum, error) {
	return Null, binaryFormatError()
}

func appendArraySend(dst []byte, a *Array, info *Info, mod int32, env *Env) []byte { return dst }

// AppendText appends the record's text form.
func (r *Record) AppendText(dst []byte, env *Env) []byte { return dst }

// AppendSend appends the record's binary form.
func (r *Record) AppendSend(dst []byte, env *Env) []byte { return dst }
