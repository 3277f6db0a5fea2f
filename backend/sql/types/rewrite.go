package types

// BinaryCoercible reports whether a value of type from is also a valid
// value of type to, bit for bit: the same type, or a pg_cast row of
// method 'b' (varchar to text, text to varchar, ...).
func BinaryCoercible(from, to Oid) bool {
	if from == to {
		return true
	}
	r, ok := pgCasts[[2]Oid{from, to}]
	return ok && r.method == 'b'
}

// NoRewrite reports whether the stored values of a column of type from
// are already those of type to, so that ALTER COLUMN ... TYPE needs no
// table rewrite: a binary-compatible type with no type modifier, the
// same modifier, or one that only widens what the old one allowed
// (varchar(5) to varchar(10), numeric(6,2) to numeric(8,2), the
// fractional digits of a timestamp), as PostgreSQL's length-coercion
// support functions decide it. Anything else (char(n), a narrower
// modifier, a cast that computes) stores every row again.
func NoRewrite(from, to T) bool {
	if !BinaryCoercible(from.Oid, to.Oid) {
		return false
	}
	if to.Mod < 0 || to.Mod == from.Mod && from.Oid == to.Oid {
		return true
	}
	if from.Oid != to.Oid || from.Mod < 0 {
		return false
	}
	switch to.Oid {
	case VarcharOid:
		return to.Mod >= from.Mod
	case NumericOid:
		fp, fs, ok1 := NumericPrecScale(from.Mod)
		tp, ts, ok2 := NumericPrecScale(to.Mod)
		return ok1 && ok2 && fs == ts && tp >= fp
	case TimestampOid, TimestampTZOid, TimeOid:
		return to.Mod >= from.Mod
	}
	return false
}
