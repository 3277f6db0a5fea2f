package funcs

import (
	"strconv"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Functions over json (the text type): values are found in the stored
// text without reparsing into a tree, so results keep the input's
// spelling, as PostgreSQL's json functions do. Input was validated when
// the value was made, so the scanner assumes well-formed JSON.

func jsWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// jsSkip returns the end of the value starting at s[i].
func jsSkip(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '"':
		i++
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		return i + 1
	case '{', '[':
		close := byte('}')
		if s[i] == '[' {
			close = ']'
		}
		i++
		for {
			i = jsWS(s, i)
			if i >= len(s) || s[i] == close {
				return i + 1
			}
			if s[i] == ',' || s[i] == ':' {
				i++
				continue
			}
			i = jsSkip(s, i)
		}
	}
	for i < len(s) && !strings.ContainsRune(",}] \t\n\r:", rune(s[i])) {
		i++
	}
	return i
}

// jsMembers lists an object's keys (unescaped) and value spans.
func jsMembers(s string) (keys, vals []string) {
	i := jsWS(s, 0)
	if i >= len(s) || s[i] != '{' {
		return nil, nil
	}
	i++
	for {
		i = jsWS(s, i)
		if i >= len(s) || s[i] == '}' {
			return
		}
		if s[i] == ',' {
			i++
			continue
		}
		ke := jsSkip(s, i)
		keys = append(keys, jsUnquote(s[i:ke]))
		i = jsWS(s, ke)
		i = jsWS(s, i+1) // ':'
		ve := jsSkip(s, i)
		vals = append(vals, s[i:ve])
		i = ve
	}
}

// jsElems lists an array's element spans.
func jsElems(s string) []string {
	i := jsWS(s, 0)
	if i >= len(s) || s[i] != '[' {
		return nil
	}
	i++
	var out []string
	for {
		i = jsWS(s, i)
		if i >= len(s) || s[i] == ']' {
			return out
		}
		if s[i] == ',' {
			i++
			continue
		}
		e := jsSkip(s, i)
		out = append(out, s[i:e])
		i = e
	}
}

func jsUnquote(s string) string {
	j, err := types.ParseJSONB(s)
	if err != nil || j.Kind() != types.JSONString {
		return s
	}
	return j.Str()
}

func jsKind(s string) byte {
	i := jsWS(s, 0)
	if i >= len(s) {
		return 0
	}
	return s[i]
}

func jsField(s, key string) (string, bool) {
	ks, vs := jsMembers(s)
	// Of duplicate keys the last wins, as in jsonb.
	for i := len(ks) - 1; i >= 0; i-- {
		if ks[i] == key {
			return vs[i], true
		}
	}
	return "", false
}

func jsIndex(s string, i int64) (string, bool) {
	if jsKind(s) != '[' {
		return "", false
	}
	es := jsElems(s)
	if i < 0 {
		i += int64(len(es))
	}
	if i < 0 || i >= int64(len(es)) {
		return "", false
	}
	return es[i], true
}

// jsTextOf is ->>'s text of a json value.
func jsTextOf(v string) types.Datum {
	switch v[0] {
	case '"':
		return txt(jsUnquote(v))
	case 'n':
		return types.Null
	}
	return txt(v)
}

func jsPath(s string, path *types.Array) (string, bool) {
	for _, p := range path.Elems {
		if p.Null {
			return "", false
		}
	}
	return jsPathFrom(s, path.Elems)
}

// jsPathFrom follows path through s. Under duplicate keys every copy is
// followed and the last that reaches the end of the path wins, as a
// streaming reader of the text finds it.
func jsPathFrom(s string, path []types.Datum) (string, bool) {
	if len(path) == 0 {
		return s, true
	}
	switch jsKind(s) {
	case '{':
		ks, vs := jsMembers(s)
		found, v := false, ""
		for i := range ks {
			if ks[i] == path[0].S {
				if r, ok := jsPathFrom(vs[i], path[1:]); ok {
					found, v = true, r
				}
			}
		}
		return v, found
	case '[':
		i, err := strconv.ParseInt(strings.TrimSpace(path[0].S), 10, 32)
		if err != nil {
			return "", false
		}
		e, ok := jsIndex(s, i)
		if !ok {
			return "", false
		}
		return jsPathFrom(e, path[1:])
	}
	return "", false
}

func jsTypeof(s string) string {
	switch jsKind(s) {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

type jsPairs struct {
	keys, vals []string
	text       bool
	row        [2]types.Datum
}

func (r *jsPairs) Next(*Ctx) ([]types.Datum, bool, error) {
	if len(r.keys) == 0 {
		return nil, false, nil
	}
	r.row[0] = txt(r.keys[0])
	if r.text {
		r.row[1] = jsTextOf(r.vals[0])
	} else {
		r.row[1] = txt(r.vals[0])
	}
	r.keys, r.vals = r.keys[1:], r.vals[1:]
	return r.row[:], true, nil
}

func init() {
	def("json_object_field", "json,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if v, ok := jsField(a[0].S, a[1].S); ok {
			return txt(v), nil
		}
		return types.Null, nil
	})
	def("json_object_field_text", "json,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if v, ok := jsField(a[0].S, a[1].S); ok {
			return jsTextOf(v), nil
		}
		return types.Null, nil
	})
	def("json_array_element", "json,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if v, ok := jsIndex(a[0].S, a[1].I); ok {
			return txt(v), nil
		}
		return types.Null, nil
	})
	def("json_array_element_text", "json,int4", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if v, ok := jsIndex(a[0].S, a[1].I); ok {
			return jsTextOf(v), nil
		}
		return types.Null, nil
	})
	def("json_extract_path", "json,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if v, ok := jsPath(strings.TrimSpace(a[0].S), a[1].AsArray()); ok {
			return txt(v), nil
		}
		return types.Null, nil
	})
	def("json_extract_path_text", "json,_text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		if v, ok := jsPath(strings.TrimSpace(a[0].S), a[1].AsArray()); ok {
			return jsTextOf(v), nil
		}
		return types.Null, nil
	})
	def("json_typeof", "json", func(_ *Ctx, a []types.Datum) (types.Datum, error) { return txt(jsTypeof(a[0].S)), nil })
	def("json_array_length", "json", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		switch jsKind(a[0].S) {
		case '[':
			return i64(int64(len(jsElems(a[0].S)))), nil
		case '{':
			return types.Datum{}, pgerr.New(codeInvalidParameter, "cannot get array length of a non-array")
		}
		return types.Datum{}, pgerr.New(codeInvalidParameter, "cannot get array length of a scalar")
	})
	for _, name := range []string{"json_array_elements", "json_array_elements_text"} {
		text := name == "json_array_elements_text"
		defSRF(name, "json", func(_ *Ctx, a []types.Datum) (Rows, error) {
			switch jsKind(a[0].S) {
			case '{':
				return nil, pgerr.New(codeInvalidParameter, "cannot extract elements from an object")
			case '[':
			default:
				return nil, pgerr.New(codeInvalidParameter, "cannot extract elements from a scalar")
			}
			es := jsElems(a[0].S)
			vals := make([]types.Datum, len(es))
			for i, e := range es {
				if text {
					vals[i] = jsTextOf(e)
				} else {
					vals[i] = txt(e)
				}
			}
			return &sliceRows{vals: vals}, nil
		})
	}
	defSRF("json_object_keys", "json", func(_ *Ctx, a []types.Datum) (Rows, error) {
		switch jsKind(a[0].S) {
		case '{':
		case '[':
			return nil, pgerr.New(codeInvalidParameter, "cannot call %s on an array", "json_object_keys")
		default:
			return nil, pgerr.New(codeInvalidParameter, "cannot call %s on a scalar", "json_object_keys")
		}
		ks, _ := jsMembers(a[0].S)
		vals := make([]types.Datum, len(ks))
		for i, k := range ks {
			vals[i] = txt(k)
		}
		return &sliceRows{vals: vals}, nil
	})
	for _, name := range []string{"json_each", "json_each_text"} {
		name := name
		defSRF(name, "json", func(_ *Ctx, a []types.Datum) (Rows, error) {
			if jsKind(a[0].S) != '{' {
				return nil, pgerr.New(codeInvalidParameter, "cannot call %s on a non-object", name)
			}
			ks, vs := jsMembers(a[0].S)
			return &jsPairs{keys: ks, vals: vs, text: name == "json_each_text"}, nil
		})
	}
}

// jsStripNulls writes json_strip_nulls' compact form of the value v:
// object members whose value is null are left out, at any depth.
func jsStripNulls(dst []byte, v string) []byte {
	v = strings.TrimSpace(v)
	switch jsKind(v) {
	case '{':
		ks, vs := jsMembers(v)
		dst = append(dst, '{')
		first := true
		for i := range ks {
			if jsKind(vs[i]) == 'n' {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = types.AppendJSONString(dst, ks[i])
			dst = append(dst, ':')
			dst = jsStripNulls(dst, vs[i])
		}
		return append(dst, '}')
	case '[':
		dst = append(dst, '[')
		for i, e := range jsElems(v) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsStripNulls(dst, e)
		}
		return append(dst, ']')
	}
	return append(dst, v...)
}

func init() {
	def("json_strip_nulls", "json", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return txt(string(jsStripNulls(nil, a[0].S))), nil
	})
}
