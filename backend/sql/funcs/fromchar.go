package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/backend/sql/types/datetime"
)

// to_date(text, text) and to_timestamp(text, text): text read under
// to_char's template (datetime.ToDate, datetime.ToTimestampFormat).
func init() {
	def("to_date", "text,text", func(_ *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.ToDate(a[0].S, a[1].S))
	})
	def("to_timestamp", "text,text", func(c *Ctx, a []types.Datum) (types.Datum, error) {
		return intD(datetime.ToTimestampFormat(a[0].S, a[1].S, c.loc()))
	})
}
