package types

// Record is a row value (an anonymous composite): the types and values of
// its fields. It is immutable once built.
type Record struct {
	Types  []T
	Values []Datum
}

// RecordDatum wraps a record as a Datum.
func RecordDatum(r *Record) Datum { return Datum{P: r} }

// AsRecord returns the record held by a record datum (nil for NULL).
func (d Datum) AsRecord() *Record {
	r, _ := d.P.(*Record)
	return r
}
