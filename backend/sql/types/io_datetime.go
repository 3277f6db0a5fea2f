package types

import (
	"time"

	"ringpg/backend/sql/types/datetime"
)

// pgEpochUnix is 2000-01-01 00:00:00 UTC in Unix seconds.
const pgEpochUnix = 946684800

// nowMicros returns the transaction start as a timestamptz.
func (e *Env) nowMicros() int64 {
	t := e.TxnStart
	if t.IsZero() {
		t = time.Now()
	}
	return t.UnixMicro() - pgEpochUnix*1000000
}

// intervalStyle maps the IntervalStyle setting to datetime's style.
func (e *Env) intervalStyle() datetime.IntervalStyle {
	switch e.IntervalStyle {
	case "postgres_verbose":
		return datetime.IntervalPostgresVerbose
	case "sql_standard":
		return datetime.IntervalSQLStandard
	case "iso_8601":
		return datetime.IntervalISO8601
	}
	return datetime.IntervalPostgres
}

func inputDateTime(t T, s string, env *Env) (Datum, error) {
	now, loc := env.nowMicros(), env.location()
	var v int64
	var err error
	switch t.Oid {
	case DateOid:
		v, err = parseDate(s, now, loc)
	case TimeOid:
		v, err = parseTime(s, t.Mod, now, loc)
	case TimestampOid:
		v, err = parseTimestamp(s, t.Mod, now, loc)
	case TimestampTZOid:
		v, err = parseTimestampTZ(s, t.Mod, now, loc)
	}
	if err != nil {
		return Null, err
	}
	return Datum{I: v}, nil
}

func appendDateTime(dst []byte, t T, d Datum, env *Env) []byte {
	switch t.Oid {
	case DateOid:
		return datetime.AppendDate(dst, d.I)
	case TimeOid:
		return datetime.AppendTime(dst, d.I)
	case TimestampOid:
		return datetime.AppendTimestamp(dst, d.I)
	case TimestampTZOid:
		return datetime.AppendTimestampTZ(dst, d.I, env.location())
	case IntervalOid:
		if iv, ok := d.P.(datetime.Interval); ok {
			return datetime.AppendInterval(dst, iv, env.intervalStyle())
		}
	}
	return dst
}
