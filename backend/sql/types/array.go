package types

// MaxArrayDims is the most dimensions an array may have (PostgreSQL's MAXDIM).
const MaxArrayDims = 6

// ArrayDim is one dimension of an array: its length and lower bound.
type ArrayDim struct {
	Len   int32
	Lower int32
}

// Array is an array value of any element type: its dimensions and its
// elements in row-major order (len(Elems) is the product of the
// lengths). An empty array has no dimensions. Like every Datum payload it
// is immutable once built.
type Array struct {
	Elem  Oid // element type
	Dims  []ArrayDim
	Elems []Datum
}

// NewArray returns a one-dimensional array with lower bound 1 (or the
// empty array when elems is empty). elems is kept, not copied.
func NewArray(elem Oid, elems []Datum) *Array {
	if len(elems) == 0 {
		return &Array{Elem: elem}
	}
	return &Array{Elem: elem, Dims: []ArrayDim{{Len: int32(len(elems)), Lower: 1}}, Elems: elems}
}

// ArrayDatum wraps an array as a Datum.
func ArrayDatum(a *Array) Datum { return Datum{P: a} }

// AsArray returns the array held by an array datum (nil for NULL).
func (d Datum) AsArray() *Array {
	a, _ := d.P.(*Array)
	return a
}

// NDim returns the number of dimensions (0 for an empty array).
func (a *Array) NDim() int { return len(a.Dims) }

// HasNull reports whether any element is NULL.
func (a *Array) HasNull() bool {
	for i := range a.Elems {
		if a.Elems[i].Null {
			return true
		}
	}
	return false
}

// checkDims reports whether the dimensions are consistent with the
// number of elements and within PostgreSQL's limits.
func (a *Array) checkDims() bool {
	if len(a.Dims) > MaxArrayDims {
		return false
	}
	n := int64(1)
	if len(a.Dims) == 0 {
		n = 0
	}
	for _, d := range a.Dims {
		if d.Len < 0 {
			return false
		}
		n *= int64(d.Len)
		if n > maxArrayElems {
			return false
		}
		if int64(d.Lower)+int64(d.Len) > 1<<31-1 {
			return false
		}
	}
	return n == int64(len(a.Elems))
}

// maxArrayElems is PostgreSQL's MaxArraySize.
const maxArrayElems = (1<<30 - 1) / 8
