package funcs

import (
	"crypto/rand"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
	"ringpg/pgerr"
)

// gen_random_uuid, current_setting and generate_series over timestamps.

func init() {
	def("gen_random_uuid", "", func(_ *Ctx, _ []types.Datum) (types.Datum, error) {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return types.Datum{}, pgerr.New(pgerr.InternalError, "could not generate random values")
		}
		b[6] = b[6]&0x0f | 0x40 // version 4
		b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
		return txt(string(b[:])), nil
	})
	def("current_setting", "text", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return currentSetting(c, a[0].S, false)
	})
	def("current_setting", "text,bool", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return currentSetting(c, a[0].S, a[1].I != 0)
	})
	def("set_config", "text,text,bool", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		if a[0].Null {
			return types.Datum{}, pgerr.New(codeNullNotAllowed, "SET requires parameter name")
		}
		if c.SetSetting == nil {
			return types.Datum{}, notSupported("set_config")
		}
		local := !a[2].Null && a[2].I != 0
		v, err := c.SetSetting(a[0].S, a[1].S, a[1].Null, local)
		if err != nil {
			return types.Datum{}, err
		}
		return txt(v), nil
	})
	defSRF("generate_series", "timestamp,timestamp,interval", func(_ *Ctx, a []types.Datum) (Rows, error) {
		return newTSSeries(a, func(ts int64, iv datetime.Interval) (int64, error) {
			return datetime.TimestampAddInterval(ts, iv)
		})
	})
	defSRF("generate_series", "timestamptz,timestamptz,interval", func(c *Ctx, a []types.Datum) (Rows, error) {
		loc := c.loc()
		return newTSSeries(a, func(ts int64, iv datetime.Interval) (int64, error) {
			return datetime.TimestampTZAddInterval(ts, iv, loc)
		})
	})
}

func currentSetting(c *Ctx, name string, missingOK bool) (types.Datum, error) {
	if c.Setting != nil {
		v, ok, err := c.Setting(name)
		if err != nil {
			return types.Datum{}, err
		}
		if ok {
			return txt(v), nil
		}
	}
	if missingOK {
		return types.Null, nil
	}
	return types.Datum{}, pgerr.New(codeUndefinedObject, "unrecognized configuration parameter \"%s\"", name)
}

type tsSeries struct {
	cur, stop int64
	step      datetime.Interval
	dir       int
	add       func(int64, datetime.Interval) (int64, error)
	row       [1]types.Datum
}

func newTSSeries(a []types.Datum, add func(int64, datetime.Interval) (int64, error)) (Rows, error) {
	step := ivl(a[2])
	zero := datetime.Interval{}
	dir := types.Compare(intervalT, types.Datum{P: step}, types.Datum{P: zero})
	if dir == 0 {
		return nil, errStepZero
	}
	return &tsSeries{cur: a[0].I, stop: a[1].I, step: step, dir: dir, add: add}, nil
}

func (s *tsSeries) Next(*Ctx) ([]types.Datum, bool, error) {
	if (s.dir > 0 && s.cur > s.stop) || (s.dir < 0 && s.cur < s.stop) {
		return nil, false, nil
	}
	s.row[0] = types.Datum{I: s.cur}
	next, err := s.add(s.cur, s.step)
	if err != nil {
		return nil, false, err
	}
	s.cur = next
	return s.row[:], true, nil
}
