package funcs

import (
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

var (
	errArrayAggNull  = pgerr.New(codeNullNotAllowed, "cannot accumulate null arrays")
	errArrayAggEmpty = pgerr.New(codeArraySubscript, "cannot accumulate empty arrays")
	errArrayAggDims  = pgerr.New(codeArraySubscript, "cannot accumulate arrays of different dimensionality")
)

// stackArrays makes an array of one more dimension from arrays of equal
// dimensions (array_agg over arrays).
func stackArrays(elem types.Oid, arrs []types.Datum) (types.Datum, error) {
	var first *types.Array
	var elems []types.Datum
	for _, d := range arrs {
		a := d.AsArray()
		if a.NDim() == 0 {
			return types.Datum{}, errArrayAggEmpty
		}
		if first == nil {
			first = a
		} else if !sameDims(first, a) {
			return types.Datum{}, errArrayAggDims
		}
		elems = append(elems, a.Elems...)
	}
	if first.NDim()+1 > types.MaxArrayDims {
		return types.Datum{}, pgerr.New(codeProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", first.NDim()+1, types.MaxArrayDims)
	}
	dims := append([]types.ArrayDim{{Len: int32(len(arrs)), Lower: 1}}, first.Dims...)
	return types.ArrayDatum(&types.Array{Elem: elem, Dims: dims, Elems: elems}), nil
}

func sameDims(a, b *types.Array) bool {
	if len(a.Dims) != len(b.Dims) {
		return false
	}
	for i := range a.Dims {
		if a.Dims[i] != b.Dims[i] {
			return false
		}
	}
	return true
}
