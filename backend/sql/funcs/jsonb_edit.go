package funcs

import (
	"strconv"
	"strings"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Editing jsonb values: deleting keys, elements and paths, jsonb_set and
// jsonb_insert, jsonb_strip_nulls, and jsonb_pretty's layout.

var errDeleteScalar = pgerr.New(codeInvalidParameter, "cannot delete from scalar")

func jbDeleteKey(j *types.JSONB, key string) (*types.JSONB, error) {
	switch j.Kind() {
	case types.JSONObject:
		ks, vs := jbKeys(j)
		var k2 []string
		var v2 []*types.JSONB
		for i := range ks {
			if ks[i] != key {
				k2, v2 = append(k2, ks[i]), append(v2, vs[i])
			}
		}
		return types.JSONBObject(k2, v2), nil
	case types.JSONArray:
		var out []*types.JSONB
		for _, e := range jbElems(j) {
			if !(e.Kind() == types.JSONString && e.Str() == key) {
				out = append(out, e)
			}
		}
		return types.JSONBArray(out), nil
	}
	return nil, errDeleteScalar
}

func jbDeleteIndex(j *types.JSONB, i int64) (*types.JSONB, error) {
	switch j.Kind() {
	case types.JSONObject:
		return nil, pgerr.New(codeInvalidParameter, "cannot delete from object using integer index")
	case types.JSONArray:
		n := int64(j.Len())
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return j, nil
		}
		es := jbElems(j)
		return types.JSONBArray(append(es[:i:i], es[i+1:]...)), nil
	}
	return nil, errDeleteScalar
}

// pathIndex reads an array subscript from a path element.
func pathIndex(s string, pos int) (int64, error) {
	i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, pgerr.New(codeInvalidText, "path element at position %d is not an integer: \"%s\"", pos, s)
	}
	return i, nil
}

// jbSetPath is jsonb_set (insert false) and jsonb_insert (insert true).
func jbSetPath(j *types.JSONB, path []types.Datum, pos int, nv *types.JSONB, create, insert, after bool) (*types.JSONB, error) {
	if path[pos].Null {
		return nil, pgerr.New(codeNullNotAllowed, "path element at position %d is null", pos+1)
	}
	last := pos == len(path)-1
	key := path[pos].S
	switch j.Kind() {
	case types.JSONObject:
		ks, vs := jbKeys(j)
		for i := range ks {
			if ks[i] != key {
				continue
			}
			if last {
				if insert {
					return nil, pgerr.New(codeInvalidParameter, "cannot replace existing key").
						WithHint("Try using the function jsonb_set to replace key value.")
				}
				vs[i] = nv
				return types.JSONBObject(ks, vs), nil
			}
			sub, err := jbSetPath(vs[i], path, pos+1, nv, create, insert, after)
			if err != nil {
				return nil, err
			}
			vs[i] = sub
			return types.JSONBObject(ks, vs), nil
		}
		if last && (create || insert) {
			return types.JSONBObject(append(ks, key), append(vs, nv)), nil
		}
		return j, nil
	case types.JSONArray:
		idx, err := pathIndex(key, pos+1)
		if err != nil {
			return nil, err
		}
		es := jbElems(j)
		n := int64(len(es))
		if idx < 0 {
			idx += n
		}
		if last {
			switch {
			case insert:
				if after {
					idx++
				}
				if idx < 0 {
					idx = 0
				}
				if idx > n {
					idx = n
				}
				out := append(append(append([]*types.JSONB(nil), es[:idx]...), nv), es[idx:]...)
				return types.JSONBArray(out), nil
			case idx >= 0 && idx < n:
				es[idx] = nv
				return types.JSONBArray(es), nil
			case !create:
				return j, nil
			case idx < 0:
				return types.JSONBArray(append([]*types.JSONB{nv}, es...)), nil
			default:
				return types.JSONBArray(append(es, nv)), nil
			}
		}
		if idx < 0 || idx >= n {
			return j, nil
		}
		sub, err := jbSetPath(es[idx], path, pos+1, nv, create, insert, after)
		if err != nil {
			return nil, err
		}
		es[idx] = sub
		return types.JSONBArray(es), nil
	}
	if pos == 0 {
		return nil, pgerr.New(codeInvalidParameter, "cannot set path in scalar")
	}
	return j, nil
}

func jbDeletePath(j *types.JSONB, path []types.Datum, pos int) (*types.JSONB, error) {
	if path[pos].Null {
		return nil, pgerr.New(codeNullNotAllowed, "path element at position %d is null", pos+1)
	}
	last := pos == len(path)-1
	key := path[pos].S
	switch j.Kind() {
	case types.JSONObject:
		ks, vs := jbKeys(j)
		for i := range ks {
			if ks[i] != key {
				continue
			}
			if last {
				return types.JSONBObject(append(ks[:i:i], ks[i+1:]...), append(vs[:i:i], vs[i+1:]...)), nil
			}
			sub, err := jbDeletePath(vs[i], path, pos+1)
			if err != nil {
				return nil, err
			}
			vs[i] = sub
			return types.JSONBObject(ks, vs), nil
		}
		return j, nil
	case types.JSONArray:
		idx, err := pathIndex(key, pos+1)
		if err != nil {
			return nil, err
		}
		es := jbElems(j)
		n := int64(len(es))
		if idx < 0 {
			idx += n
		}
		if idx < 0 || idx >= n {
			return j, nil
		}
		if last {
			return types.JSONBArray(append(es[:idx:idx], es[idx+1:]...)), nil
		}
		sub, err := jbDeletePath(es[idx], path, pos+1)
		if err != nil {
			return nil, err
		}
		es[idx] = sub
		return types.JSONBArray(es), nil
	}
	if pos == 0 {
		return nil, pgerr.New(codeInvalidParameter, "cannot delete path in scalar")
	}
	return j, nil
}

func jbStripNulls(j *types.JSONB) *types.JSONB {
	switch j.Kind() {
	case types.JSONObject:
		ks, vs := jbKeys(j)
		var k2 []string
		var v2 []*types.JSONB
		for i := range ks {
			if vs[i].Kind() == types.JSONNull {
				continue
			}
			k2, v2 = append(k2, ks[i]), append(v2, jbStripNulls(vs[i]))
		}
		return types.JSONBObject(k2, v2)
	case types.JSONArray:
		es := jbElems(j)
		for i := range es {
			es[i] = jbStripNulls(es[i])
		}
		return types.JSONBArray(es)
	}
	return j
}

// jbPretty writes jsonb_pretty's indented form.
func jbPretty(b *strings.Builder, j *types.JSONB, level int) {
	indent := func(l int) {
		for i := 0; i < l; i++ {
			b.WriteString("    ")
		}
	}
	switch j.Kind() {
	case types.JSONObject:
		b.WriteString("{")
		for i := 0; i < j.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
			indent(level + 1)
			k, v := j.Key(i)
			b.Write(types.AppendJSONString(nil, k))
			b.WriteString(": ")
			jbPretty(b, v, level+1)
		}
		b.WriteByte('\n')
		indent(level)
		b.WriteString("}")
	case types.JSONArray:
		b.WriteString("[")
		for i := 0; i < j.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
			indent(level + 1)
			jbPretty(b, j.Index(i), level+1)
		}
		b.WriteByte('\n')
		indent(level)
		b.WriteString("]")
	default:
		b.WriteString(j.String())
	}
}
