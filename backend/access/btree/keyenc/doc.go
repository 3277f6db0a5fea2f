// Package keyenc turns index key values into byte strings whose order,
// under bytes.Compare, is the order PostgreSQL's default B-tree operator
// classes give the values ("memcomparable" keys). The B-tree compares
// keys with bytes.Compare alone and never needs to know their types.
//
// # Encoding
//
// Every column starts with a one-byte marker, then (unless the value is
// NULL) its payload:
//
//	0x01  NULL, when the column sorts NULLS FIRST
//	0x02  a value follows
//	0x03  NULL, when the column sorts NULLS LAST
//
// The marker is the same whatever the direction, so NULLS FIRST/LAST hold
// for ASC and DESC columns alike. Payloads, for ASC:
//
//	bool                 one byte, 0 (false) or 1 (true)
//	int2, int4, int8     big-endian two's complement with the sign bit
//	date (int4 days)     flipped, so that negative numbers sort first
//	timestamp[tz] (int8 µs)
//	float4, float8       the IEEE bits, big-endian; positive numbers get
//	                     the sign bit set, negative ones all bits flipped.
//	                     -0 is stored as +0 and every NaN as one NaN, which
//	                     sorts after +Infinity, as PostgreSQL orders them
//	numeric              a class byte (1 -Infinity, 2 negative, 3 zero,
//	                     4 positive, 5 +Infinity, 6 NaN); for a non-zero
//	                     finite value v = ±0.d1d2d3... × 10^E (d1 ≠ 0,
//	                     no trailing zeros) then E as an int4 payload,
//	                     the digits two to a byte (10*d1+d2+1, a missing
//	                     last digit counting as 0) and a 0x00 terminator;
//	                     for a negative value the bytes after the class
//	                     byte are inverted, so larger magnitudes sort first
//	text, varchar,       the bytes with 0x00 escaped as 0x00 0xFF, then
//	bytea                the terminator 0x00 0x01: a string sorts before
//	                     every longer string it is a prefix of, and the
//	                     byte order is the "C" collation's
//
// A DESC column has its payload bytes inverted (b ^ 0xFF). That reverses
// the order of any set of payloads none of which is a prefix of another,
// which every payload above guarantees (fixed widths, terminators).
//
// A multi-column key is the concatenation of its columns. As no column's
// encoding is a prefix of another value's encoding, comparing two keys
// compares them column by column, and the encoding of the first n columns
// is a byte prefix of the whole key: a scan bounded on a column prefix
// compares that many bytes.
//
// # Decoding
//
// Decode reverses the encoding given the columns' types and orders, for
// index-only scans. Two things do not survive: the sign of a zero float
// (-0 decodes as 0) and a numeric's display scale (1.50 decodes as 1.5),
// since values that compare equal must encode equal. Decoders are strict:
// they accept only what the encoders produce, so re-encoding a decoded key
// gives back the same bytes, and they never panic on arbitrary input.
//
// The package holds no state and imports nothing of ours but pgerr.
package keyenc
