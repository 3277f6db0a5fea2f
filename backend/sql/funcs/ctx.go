package funcs

import (
	"math/rand"
	"time"

	"ringpg/backend/sql/types"
)

// Ctx is everything an implementation may use beyond its arguments. The
// executor owns one per statement (or per backend, refreshing the
// timestamps); it belongs to one goroutine.
type Ctx struct {
	// Env carries the session's time zone, DateStyle, IntervalStyle and
	// the other settings that value I/O depends on.
	Env *types.Env

	// TxnStart is the transaction's start time (now(), current_timestamp,
	// transaction_timestamp()), StmtStart the statement's
	// (statement_timestamp()); both in microseconds since 2000-01-01 UTC,
	// the timestamptz representation.
	TxnStart  int64
	StmtStart int64

	// Clock returns the wall clock for clock_timestamp() and timeofday();
	// nil means time.Now.
	Clock func() time.Time

	// Rand serves random() and setseed(); nil means a generator seeded
	// from the clock is created on first use and kept here.
	Rand *rand.Rand

	// Setting looks up a run-time setting for current_setting(name,
	// missing_ok). It returns ok=false when the setting does not exist
	// (the function then raises PostgreSQL's 42704 error unless missing_ok)
	// and an error when it may not be read. Nil means no settings exist.
	Setting func(name string) (value string, ok bool, err error)

	// SetSetting changes a setting for set_config(name, value, is_local)
	// (reset is true when value was NULL: the setting goes back to its
	// default) and returns its new value as current_setting would show
	// it. Nil makes set_config fail with 0A000.
	SetSetting func(name, value string, reset, isLocal bool) (string, error)

	// WAL reports the server's WAL positions for pg_current_wal_lsn() and
	// friends (insert: where the next record goes; write: written to the
	// kernel; flush: durable) and, for pg_stat_wal, its counters. Nil: the
	// functions fail with 55000 "WAL is not available" (should not happen
	// in a server).
	WAL func() WALInfo

	// Session is opaque to this package: functions the integrator
	// registers (current_user, pg_backend_pid, nextval...) reach their
	// session through it.
	Session any

	dense *denseMemo // dense_rank's running count
}

// now returns the wall clock.
func (c *Ctx) now() time.Time {
	if c.Clock != nil {
		return c.Clock()
	}
	return time.Now()
}

// rng returns the session's random generator, creating it on first use.
func (c *Ctx) rng() *rand.Rand {
	if c.Rand == nil {
		c.Rand = rand.New(rand.NewSource(time.Now().UnixNano()))
	}
	return c.Rand
}

type timeLocation = time.Location

var utc = time.UTC
