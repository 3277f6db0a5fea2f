package btree

import (
	"errors"
	"fmt"

	"ringpg/pgerr"
)

// SQLSTATEs this package reports.
const (
	UniqueViolation      = "23505"
	ProgramLimitExceeded = pgerr.ProgramLimitExceeded
	IndexCorrupted       = pgerr.IndexCorrupted
	codeInternal         = pgerr.InternalError
)

// ErrConflictInProgress is matched (errors.Is) by the error InsertUnique
// returns when a conflicting entry's inserter or deleter is still in
// progress: the caller waits for that transaction (InProgressError.Xid)
// and tries the insert again.
var ErrConflictInProgress = errors.New("btree: conflicting insertion in progress")

// InProgressError names the transaction a unique insertion must wait for.
type InProgressError struct {
	Xid uint64 // the transaction to wait for
	TID TID    // the heap tuple of the conflicting entry
}

func (e *InProgressError) Error() string {
	return fmt.Sprintf("btree: conflicting tuple %v is being changed by transaction %d", e.TID, e.Xid)
}

// Is makes errors.Is(err, ErrConflictInProgress) hold.
func (e *InProgressError) Is(target error) bool { return target == ErrConflictInProgress }

func corruptf(format string, args ...any) error {
	return pgerr.New(IndexCorrupted, format, args...)
}

func internalf(format string, args ...any) error {
	return pgerr.New(codeInternal, format, args...)
}
