package parser

// TypeName is a type as written in a cast, a column definition or a
// parameter list, normalised the way PostgreSQL's grammar does: the SQL
// spellings (INT, INTEGER, DOUBLE PRECISION, CHARACTER VARYING, TIMESTAMP
// WITH TIME ZONE, ...) become the catalog name in pg_catalog, and so do the
// unqualified catalog names of built-in types (int4, float8, timestamptz,
// text, ...), so every spelling of a built-in type has one Names value.
// Other names (serial, user types) stay as written.
type TypeName struct {
	Names []string
	// Typmods are the modifiers as written: varchar(10) has [10],
	// numeric(10,2) has [10 2]. CHAR and BIT without a length get [1], as in
	// PostgreSQL. INTERVAL encodes its fields as PostgreSQL does: the field
	// mask (IntervalMask...) first, then the precision if given.
	Typmods []Expr
	// ArrayBounds has one entry per array dimension: -1 for [], n for [n].
	ArrayBounds []int
	Setof       bool
	PctType     bool // name%TYPE
	Location    int
}

// Name returns the unqualified type name, e.g. "int4".
func (t *TypeName) Name() string {
	if len(t.Names) == 0 {
		return ""
	}
	return t.Names[len(t.Names)-1]
}

// Interval field masks, as PostgreSQL encodes them in an INTERVAL type's
// first modifier (INTERVAL_MASK in datetime.h).
const (
	IntervalMaskMonth  = 1 << 1
	IntervalMaskYear   = 1 << 2
	IntervalMaskDay    = 1 << 3
	IntervalMaskHour   = 1 << 10
	IntervalMaskMinute = 1 << 11
	IntervalMaskSecond = 1 << 12
	IntervalFullRange  = 0x7FFF
)
