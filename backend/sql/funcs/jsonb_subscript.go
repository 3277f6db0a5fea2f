package funcs

import (
	"strconv"
	"sync"

	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// jsonb subscripting: j['a'][0] reads a path, and j['a'][0] = v in UPDATE
// or INSERT sets one, creating the objects and arrays the path lacks.
// Subscripts are text (an object key, or an array index written as text)
// or integer (an array index, or the key of the same spelling).

var (
	errJSONBAssignNullSubscript = pgerr.New(codeNullNotAllowed, "jsonb subscript in assignment must not be null")
	errJSONBReplaceScalar       = pgerr.New(codeInvalidParameter, "cannot replace existing key").
					WithDetail("The path assumes key is a composite object, but it is a scalar value.")
)

// jsonbPath turns subscript values into path elements: isInt[k] says
// subscript k is an integer. ok is false when one is NULL.
func jsonbPath(subs []types.Datum, isInt []bool) (path []string, ok bool) {
	path = make([]string, len(subs))
	for k, s := range subs {
		if s.Null {
			return nil, false
		}
		if isInt[k] {
			path[k] = strconv.FormatInt(s.I, 10)
		} else {
			path[k] = s.S
		}
	}
	return path, true
}

// JSONBSubscriptFetch returns the function reading j[s1][s2]...: its
// arguments are the jsonb value then the subscripts (isInt[k] says
// subscript k is an integer, otherwise it is text). A NULL argument or a
// path that does not exist gives NULL.
// The same shape of subscripts always gives the same *Func, so that an
// index on (j['k']) is recognised in a query that writes j['k'].
func JSONBSubscriptFetch(isInt []bool) *Func {
	key := make([]byte, len(isInt))
	for k, b := range isInt {
		key[k] = '0'
		if b {
			key[k] = '1'
		}
	}
	if f, ok := jsonbFetchFuncs.Load(string(key)); ok {
		return f.(*Func)
	}
	f, _ := jsonbFetchFuncs.LoadOrStore(string(key), newJSONBSubscriptFetch(append([]bool(nil), isInt...)))
	return f.(*Func)
}

// jsonbFetchFuncs holds JSONBSubscriptFetch's functions by shape (a
// string of '1' for an integer subscript, '0' for text).
var jsonbFetchFuncs sync.Map

func newJSONBSubscriptFetch(isInt []bool) *Func {
	return &Func{
		Name:       "jsonb_subscript",
		Strict:     true,
		Volatility: Immutable,
		Call: func(_ *Ctx, args []types.Datum) (types.Datum, error) {
			path, ok := jsonbPath(args[1:], isInt)
			if !ok {
				return types.Null, nil
			}
			j := args[0].AsJSONB()
			if j == nil {
				return types.Null, nil
			}
			if v := JSONBGetPath(j, path); v != nil {
				return types.JSONBDatum(v), nil
			}
			return types.Null, nil
		},
	}
}

// JSONBSubscriptAssign returns the function computing j[s1][s2]... :=
// value: its arguments are the jsonb value, the new value (SQL NULL stores
// a JSON null) and the subscripts as for JSONBSubscriptFetch. A NULL
// jsonb starts as an empty array when the first subscript is an integer,
// an empty object otherwise.
func JSONBSubscriptAssign(isInt []bool) *Func {
	return &Func{
		Name:       "jsonb_subscript_assign",
		Volatility: Immutable,
		Call: func(_ *Ctx, args []types.Datum) (types.Datum, error) {
			path, ok := jsonbPath(args[2:], isInt)
			if !ok {
				return types.Null, errJSONBAssignNullSubscript
			}
			nv := args[1].AsJSONB()
			if args[1].Null || nv == nil {
				nv = types.JSONBNull()
			}
			j := args[0].AsJSONB()
			if args[0].Null || j == nil {
				if len(isInt) > 0 && isInt[0] {
					j = types.JSONBArray(nil)
				} else {
					j = types.JSONBObject(nil, nil)
				}
			}
			out, err := JSONBSetPath(j, path, nv)
			if err != nil {
				return types.Null, err
			}
			return types.JSONBDatum(out), nil
		},
	}
}

// parseCInt reads a path element as C's strtol would for an array index:
// leading white space, an optional sign, decimal digits and nothing else,
// within the range of a 32-bit integer.
func parseCInt(s string) (int64, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	v, err := strconv.ParseInt(s[i:], 10, 32)
	return v, err == nil
}

// jsonbMaxElems is the most elements a jsonb array may have.
const jsonbMaxElems = 1<<28 - 1

// padNulls appends JSON nulls to es until it has n elements.
func padNulls(es []*types.JSONB, n int64) ([]*types.JSONB, error) {
	if n >= jsonbMaxElems {
		return nil, pgerr.New(codeProgramLimitExceeded, "number of jsonb array elements exceeds the maximum allowed (%d)", jsonbMaxElems)
	}
	null := types.JSONBNull() // nodes are immutable: one serves every gap
	for int64(len(es)) < n {
		es = append(es, null)
	}
	return es, nil
}

// JSONBGetPath follows path through objects (by key) and arrays (by index,
// negative ones counting from the end); nil when it leads nowhere.
func JSONBGetPath(j *types.JSONB, path []string) *types.JSONB {
	for _, p := range path {
		switch j.Kind() {
		case types.JSONObject:
			j = j.Get(p)
		case types.JSONArray:
			i, ok := parseCInt(p)
			if !ok {
				return nil
			}
			if i < 0 {
				i += int64(j.Len())
			}
			j = j.Index(int(i))
		default:
			return nil
		}
		if j == nil {
			return nil
		}
	}
	return j
}

// JSONBSetPath returns j with the value at path replaced by nv. Missing
// object keys are added; an array index past the end pads the array with
// nulls; a path continuing past a missing element creates the containers
// it names (an array where the next element reads as an integer, an
// object otherwise). Stepping into a scalar, an array index that is not an
// integer or a negative index before the array's start is an error.
func JSONBSetPath(j *types.JSONB, path []string, nv *types.JSONB) (*types.JSONB, error) {
	return jsonbSetAt(j, path, 0, nv)
}

func jsonbSetAt(j *types.JSONB, path []string, level int, nv *types.JSONB) (*types.JSONB, error) {
	last := level == len(path)-1
	switch j.Kind() {
	case types.JSONObject:
		ks, vs := jbKeys(j)
		for i := range ks {
			if ks[i] != path[level] {
				continue
			}
			if last {
				vs[i] = nv
			} else {
				sub, err := jsonbSetAt(vs[i], path, level+1, nv)
				if err != nil {
					return nil, err
				}
				vs[i] = sub
			}
			return types.JSONBObject(ks, vs), nil
		}
		inner, err := jsonbNewPath(path, level+1, nv)
		if err != nil {
			return nil, err
		}
		return types.JSONBObject(append(ks, path[level]), append(vs, inner)), nil
	case types.JSONArray:
		idx, ok := parseCInt(path[level])
		if !ok {
			return nil, pgerr.New(codeInvalidText, "path element at position %d is not an integer: \"%s\"", level+1, path[level])
		}
		es := jbElems(j)
		n := int64(len(es))
		if idx < 0 {
			if -idx > n {
				return nil, pgerr.New(codeInvalidParameter, "path element at position %d is out of range: %d", level+1, idx)
			}
			idx += n
		}
		if idx < n {
			if last {
				es[idx] = nv
			} else {
				sub, err := jsonbSetAt(es[idx], path, level+1, nv)
				if err != nil {
					return nil, err
				}
				es[idx] = sub
			}
			return types.JSONBArray(es), nil
		}
		es, err := padNulls(es, idx)
		if err != nil {
			return nil, err
		}
		inner, err := jsonbNewPath(path, level+1, nv)
		if err != nil {
			return nil, err
		}
		return types.JSONBArray(append(es, inner)), nil
	}
	return nil, errJSONBReplaceScalar
}

// jsonbNewPath builds the value that path[level:] leads to inside new
// containers: nv itself when the path is done.
func jsonbNewPath(path []string, level int, nv *types.JSONB) (*types.JSONB, error) {
	if level == len(path) {
		return nv, nil
	}
	inner, err := jsonbNewPath(path, level+1, nv)
	if err != nil {
		return nil, err
	}
	if i, ok := parseCInt(path[level]); ok {
		es, err := padNulls(nil, i)
		if err != nil {
			return nil, err
		}
		return types.JSONBArray(append(es, inner)), nil
	}
	return types.JSONBObject([]string{path[level]}, []*types.JSONB{inner}), nil
}

// SubscriptText writes a call of a jsonb subscript function as SQL writes
// it, base[s1][s2]..., given its arguments' text; ok is false for any
// other function.
func SubscriptText(fn *Func, args []string) (s string, ok bool) {
	if fn == nil || fn.Name != "jsonb_subscript" || len(args) < 2 {
		return "", false
	}
	s = args[0]
	for _, a := range args[1:] {
		s += "[" + a + "]"
	}
	return s, true
}
