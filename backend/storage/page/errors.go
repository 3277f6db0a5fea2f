package page

import (
	"errors"

	"ringpg/pgerr"
)

// codeDataCorrupted is SQLSTATE XX001 (data_corrupted).
const codeDataCorrupted = pgerr.DataCorrupted

// ErrNoSpace is returned by AddItem when the item and its line pointer do
// not fit in the page's free space: the caller picks another page or
// splits this one. It is a sentinel, so the miss costs no allocation.
var ErrNoSpace = errors.New("page: not enough free space for item")

// corrupted returns an XX001 error, as PostgreSQL's ERRCODE_DATA_CORRUPTED
// reports of broken page pointers.
func corrupted(format string, args ...any) *pgerr.Error {
	return pgerr.New(codeDataCorrupted, format, args...)
}

// badArgument returns an XX000 error for a request no well-formed caller
// makes (an offset that does not exist, an unsorted list).
func badArgument(format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.InternalError, format, args...)
}

// pointersSane reports whether the header's space pointers are ordered
// as every mutator needs (the test PostgreSQL applies before reshuffling
// a page).
func (p Page) pointersSane() bool {
	lower, upper, special := p.Lower(), p.Upper(), p.SpecialOffset()
	return lower >= HeaderSize && lower <= upper && upper <= special &&
		special <= Size && special == MaxAlign(special)
}

func (p Page) corruptPointers() *pgerr.Error {
	return corrupted("corrupted page pointers: lower = %d, upper = %d, special = %d",
		p.Lower(), p.Upper(), p.SpecialOffset())
}
