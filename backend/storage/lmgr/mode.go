package lmgr

import "fmt"

// Mode is a heavyweight lock mode: the eight table lock modes of
// PostgreSQL, numbered as PostgreSQL numbers them (1 = AccessShareLock ...
// 8 = AccessExclusiveLock). Zero is no mode.
type Mode uint8

// Lock modes, weakest first.
const (
	AccessShare          Mode = 1 // SELECT
	RowShare             Mode = 2 // SELECT FOR UPDATE/SHARE
	RowExclusive         Mode = 3 // INSERT, UPDATE, DELETE
	ShareUpdateExclusive Mode = 4 // VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY
	Share                Mode = 5 // CREATE INDEX
	ShareRowExclusive    Mode = 6 // CREATE TRIGGER and some ALTER TABLE
	Exclusive            Mode = 7 // REFRESH MATERIALIZED VIEW CONCURRENTLY
	AccessExclusive      Mode = 8 // DROP TABLE, TRUNCATE, most ALTER TABLE, LOCK TABLE
	numModes                  = 8
)

var modeNames = [numModes + 1]string{"INVALID", "AccessShareLock", "RowShareLock",
	"RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
	"ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"}

// String returns the mode's name as pg_locks spells it ("AccessShareLock").
func (m Mode) String() string {
	if m >= 1 && m <= numModes {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// Valid reports whether m is one of the eight modes.
func (m Mode) Valid() bool { return m >= 1 && m <= numModes }

// bit is m's bit in a mode mask (bit m; bit 0 unused).
func (m Mode) bit() uint32 { return 1 << m }

// conflicts[m] is the mask of modes that conflict with m: PostgreSQL's
// table (the manual's "Conflicting Lock Modes"), which is symmetric.
var conflicts = [numModes + 1]uint32{
	0,
	AccessExclusive.bit(),
	Exclusive.bit() | AccessExclusive.bit(),
	Share.bit() | ShareRowExclusive.bit() | Exclusive.bit() | AccessExclusive.bit(),
	ShareUpdateExclusive.bit() | Share.bit() | ShareRowExclusive.bit() | Exclusive.bit() | AccessExclusive.bit(),
	RowExclusive.bit() | ShareUpdateExclusive.bit() | ShareRowExclusive.bit() | Exclusive.bit() | AccessExclusive.bit(),
	RowExclusive.bit() | ShareUpdateExclusive.bit() | Share.bit() | ShareRowExclusive.bit() | Exclusive.bit() | AccessExclusive.bit(),
	RowShare.bit() | RowExclusive.bit() | ShareUpdateExclusive.bit() | Share.bit() | ShareRowExclusive.bit() | Exclusive.bit() | AccessExclusive.bit(),
	AccessShare.bit() | RowShare.bit() | RowExclusive.bit() | ShareUpdateExclusive.bit() | Share.bit() | ShareRowExclusive.bit() | Exclusive.bit() | AccessExclusive.bit(),
}

// Conflicts reports whether a holds of mode a and b by two different
// transactions conflict.
func Conflicts(a, b Mode) bool {
	if !a.Valid() || !b.Valid() {
		return false
	}
	return conflicts[a]&b.bit() != 0
}

// fastPathMode reports whether m may be taken on a relation through the
// fast path: the weak modes, which conflict with none of themselves.
func fastPathMode(m Mode) bool { return m >= AccessShare && m <= RowExclusive }

// strongMode reports whether m conflicts with some fast-path mode, and so
// must push fast-path holds of its relation into the shared table first.
// ShareUpdateExclusive is neither weak nor strong: it goes to the shared
// table but conflicts with no fast-path mode.
func strongMode(m Mode) bool { return m > ShareUpdateExclusive }
