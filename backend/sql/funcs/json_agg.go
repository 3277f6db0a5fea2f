package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// json_agg, jsonb_agg, json_object_agg and jsonb_object_agg. NULL inputs
// become JSON nulls; an aggregate over no rows is NULL.

type jsonAgg struct {
	c     *Ctx
	w     jsonWriter
	nl    bool // arrays and rows start on a new line, as PostgreSQL prints them
	buf   []byte
	count int
}

func (s *jsonAgg) Add(a []types.Datum) error {
	if s.count == 0 {
		s.buf = append(s.buf, '[')
	} else {
		s.buf = append(s.buf, ", "...)
		if s.nl {
			s.buf = append(s.buf, "\n "...)
		}
	}
	s.count++
	if a[0].Null {
		s.buf = append(s.buf, "null"...)
	} else {
		s.buf = s.w(s.c, s.buf, a[0])
	}
	return nil
}

func (s *jsonAgg) Result() (types.Datum, error) {
	if s.count == 0 {
		return types.Null, nil
	}
	return txt(string(s.buf) + "]"), nil
}

type jsonbAgg struct {
	c     *Ctx
	t     types.T
	elems []*types.JSONB
}

func (s *jsonbAgg) Add(a []types.Datum) error {
	j, err := toJSONB(s.c, s.t, a[0])
	if err != nil {
		return err
	}
	s.elems = append(s.elems, j)
	return nil
}

func (s *jsonbAgg) Result() (types.Datum, error) {
	if len(s.elems) == 0 {
		return types.Null, nil
	}
	return types.JSONBDatum(types.JSONBArray(append([]*types.JSONB(nil), s.elems...))), nil
}

var errNullKey = pgerr.New(codeInvalidParameter, "field name must not be null")

type jsonObjectAgg struct {
	c     *Ctx
	kt    types.T
	w     jsonWriter
	buf   []byte
	count int
}

func (s *jsonObjectAgg) Add(a []types.Datum) error {
	if a[0].Null {
		return errNullKey
	}
	if s.count == 0 {
		s.buf = append(s.buf, "{ "...)
	} else {
		s.buf = append(s.buf, ", "...)
	}
	s.count++
	s.buf = types.AppendJSONString(s.buf, jsonKey(s.c, s.kt, a[0]))
	s.buf = append(s.buf, " : "...)
	if a[1].Null {
		s.buf = append(s.buf, "null"...)
	} else {
		s.buf = s.w(s.c, s.buf, a[1])
	}
	return nil
}

func (s *jsonObjectAgg) Result() (types.Datum, error) {
	if s.count == 0 {
		return types.Null, nil
	}
	return txt(string(s.buf) + " }"), nil
}

type jsonbObjectAgg struct {
	c      *Ctx
	kt, vt types.T
	keys   []string
	vals   []*types.JSONB
}

func (s *jsonbObjectAgg) Add(a []types.Datum) error {
	if a[0].Null {
		return errNullKey
	}
	j, err := toJSONB(s.c, s.vt, a[1])
	if err != nil {
		return err
	}
	s.keys = append(s.keys, jsonKey(s.c, s.kt, a[0]))
	s.vals = append(s.vals, j)
	return nil
}

func (s *jsonbObjectAgg) Result() (types.Datum, error) {
	if len(s.keys) == 0 {
		return types.Null, nil
	}
	return types.JSONBDatum(types.JSONBObject(append([]string(nil), s.keys...), append([]*types.JSONB(nil), s.vals...))), nil
}

func init() {
	defAgg("json_agg", "anyelement", newAgg(false, func(c *Ctx, at []types.T, _ types.T) AggState {
		t := at[0]
		return &jsonAgg{c: c, w: jsonWriterOf(t), nl: t.Oid == types.RecordOid || types.ElemType(t.Oid) != 0}
	}))
	defAgg("jsonb_agg", "anyelement", newAgg(false, func(c *Ctx, at []types.T, _ types.T) AggState {
		return &jsonbAgg{c: c, t: at[0]}
	}))
	defAgg("json_object_agg", "any,any", newAgg(false, func(c *Ctx, at []types.T, _ types.T) AggState {
		return &jsonObjectAgg{c: c, kt: at[0], w: jsonWriterOf(at[1])}
	}))
	defAgg("jsonb_object_agg", "any,any", newAgg(false, func(c *Ctx, at []types.T, _ types.T) AggState {
		return &jsonbObjectAgg{c: c, kt: at[0], vt: at[1]}
	}))
}
