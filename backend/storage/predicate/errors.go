package predicate

import "ringpg/pgerr"

// internalError reports a caller bug or a broken invariant (XX000).
func internalError(format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.InternalError, format, args...)
}

// errOutOfSharedMemory is PostgreSQL's error when the SIREAD lock table
// is full.
func errOutOfSharedMemory() *pgerr.Error {
	return pgerr.New(pgerr.OutOfMemory, "out of shared memory").
		WithHint("You might need to increase max_pred_locks_per_transaction.")
}

// errTooManyXacts is the error when no transaction record is free and
// none can be summarised: every record belongs to a running transaction.
func errTooManyXacts() *pgerr.Error {
	return pgerr.New(pgerr.OutOfMemory, "out of shared memory").
		WithHint("You might need to run fewer transactions at a time or increase max_connections.")
}

// errConflictPoolFull is PostgreSQL's error when no conflict record is free.
func errConflictPoolFull() *pgerr.Error {
	return pgerr.New(pgerr.OutOfMemory, "not enough elements in RWConflictPool to record a read/write conflict").
		WithHint("You might need to run fewer transactions at a time or increase max_connections.")
}

// Reason codes of serialization failures, as PostgreSQL words them.
const (
	ReasonPivotCommit      = "Canceled on identification as a pivot, during commit attempt."
	ReasonPivotConflictOut = "Canceled on identification as a pivot, during conflict out checking."
	ReasonPivotConflictIn  = "Canceled on identification as a pivot, during conflict in checking."
	ReasonPivotWrite       = "Canceled on identification as a pivot, during write."
)

// errSerialization is 40001 with reason as DETAIL.
func errSerialization(reason string) *pgerr.Error {
	e := pgerr.New(pgerr.SerializationFailure, "could not serialize access due to read/write dependencies among transactions").
		WithHint("The transaction might succeed if retried.")
	e.Detail = "Reason code: " + reason
	return e
}
