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

// dateStyle parses the DateStyle setting (PostgreSQL's default when it
// is empty or does not parse).
func (e *Env) dateStyle() datetime.DateStyle {
	if e == nil || e.DateStyle == "" || e.DateStyle == "ISO, MDY" {
		return datetime.DefaultDateStyle
	}
	st, ok := datetime.ParseDateStyle(e.DateStyle, datetime.DefaultDateStyle)
	if !ok {
		return datetime.DefaultDateStyle
	}
	return st
}

func inputDateTime(t T, s string, env *Env) (Datum, error) {
	now, loc := env.nowMicros(), env.location()
	order := env.dateStyle().Order
	var v int64
	var err error
	switch t.Oid {
	case DateOid:
		v, err = datetime.ParseDateOrder(s, now, loc, order)
	case TimeOid:
		v, err = datetime.ParseTime(s, t.Mod, now, loc)
	case TimestampOid:
		v, err = datetime.ParseTimestampOrder(s, t.Mod, now, loc, order)
	case TimestampTZOid:
		v, err = datetime.ParseTimestampTZOrder(s, t.Mod, now, loc, order)
	}
	if err != nil {
		return Null, err
	}
	return Datum{I: v}, nil
}

func appendDateTime(dst []byte, t T, d Datum, env *Env) []byte {
	switch t.Oid {
	case DateOid:
		return datetime.AppendDateStyle(dst, d.I, env.dateStyle())
	case TimeOid:
		return datetime.AppendTime(dst, d.I)
	case TimestampOid:
		return datetime.AppendTimestampStyle(dst, d.I, env.dateStyle())
	case TimestampTZOid:
		return datetime.AppendTimestampTZStyle(dst, d.I, env.location(), env.dateStyle())
	case IntervalOid:
		if iv, ok := d.P.(datetime.Interval); ok {
			return datetime.AppendInterval(dst, iv, env.intervalStyle())
		}
	}
	return dst
}
