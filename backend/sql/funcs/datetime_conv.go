package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
)

// to_timestamp(float8): seconds since the Unix epoch.
func toTimestampFloat(_ *Ctx, a []types.Datum) (types.Datum, error) {
	return intD(datetime.ToTimestamp(a[0].F))
}
