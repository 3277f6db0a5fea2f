package funcs

import (
	"math"

	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
	"ringpg/pgerr"
)

// to_timestamp(float8): seconds since the Unix epoch, rounded to
// microseconds, with PostgreSQL's range checks.
func toTimestampFloat(_ *Ctx, a []types.Datum) (types.Datum, error) {
	f := a[0].F
	switch {
	case math.IsNaN(f):
		return types.Datum{}, pgerr.New("22008", "timestamp cannot be NaN")
	case math.IsInf(f, 1):
		return types.Datum{I: datetime.TimestampPosInf}, nil
	case math.IsInf(f, -1):
		return types.Datum{I: datetime.TimestampNegInf}, nil
	}
	// Seconds from 2000-01-01 to the Unix epoch's offset.
	secs := f - 946684800
	if secs < -211813488000 || secs >= 9223371331200 {
		return types.Datum{}, pgerr.New("22008", "timestamp out of range: \"%s\"", fmtG(f))
	}
	us := math.Round(secs * 1e6)
	ts := int64(us)
	if !datetime.ValidTimestamp(ts) {
		return types.Datum{}, pgerr.New("22008", "timestamp out of range: \"%s\"", fmtG(f))
	}
	return types.Datum{I: ts}, nil
}
