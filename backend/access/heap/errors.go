package heap

import (
	"ringpg/backend/access/heap/tuple"
	"ringpg/pgerr"
)

// SQLSTATEs used here beyond pgerr's list.
const (
	codeProgramLimitExceeded = pgerr.ProgramLimitExceeded
	codeDataCorrupted        = pgerr.DataCorrupted
)

// rowTooBig is the error for a tuple no page can hold, worded as
// PostgreSQL's RelationGetBufferForTuple words it.
func rowTooBig(size int) error {
	return pgerr.New(codeProgramLimitExceeded, "row is too big: size %d, maximum size %d", size, MaxHeapTupleSize)
}

// invisible is the error for modifying a version the transaction cannot
// see at all: the caller passed a TID it did not get from a scan.
func invisible(verb string) error {
	return pgerr.New(pgerr.InternalError, "attempted to %s invisible tuple", verb)
}

// noSuchTuple is the error for a TID that names no tuple of the relation.
func (h *Heap) noSuchTuple(verb string, tid tuple.TID) error {
	return pgerr.New(pgerr.InternalError, "attempted to %s tuple %v of relation \"%s\", which does not exist", verb, tid, h.name)
}

// corruptTuple reports a stored tuple whose bytes are not well formed.
func (h *Heap) corruptTuple(tid tuple.TID, err error) error {
	return pgerr.New(codeDataCorrupted, "invalid tuple %v in relation \"%s\": %s", tid, h.name, pgerr.From(err).Message)
}
