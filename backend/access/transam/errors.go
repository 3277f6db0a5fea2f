package transam

import "ringpg/pgerr"

// ioError reports a failed file operation on the commit log, the
// subtransaction map or the xid limit file (58030 io_error, with
// PostgreSQL's "could not ... file" wording).
func ioError(format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.IOError, format, args...)
}

// internalError reports a broken invariant or a caller bug (XX000).
func internalError(format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.InternalError, format, args...)
}

// errTooManyCommands is PostgreSQL's error when a transaction runs out of
// command ids.
func errTooManyCommands() *pgerr.Error {
	return pgerr.New(pgerr.ProgramLimitExceeded, "cannot have more than 2^32-2 commands in a transaction")
}

// errNoTransaction is what ending an already ended transaction says.
func errNoTransaction() *pgerr.Error {
	return pgerr.New(pgerr.InternalError, "there is no transaction in progress")
}

// errNoSavepoint is what releasing or rolling back a subtransaction that
// does not exist says.
func errNoSavepoint() *pgerr.Error {
	return pgerr.New("3B001", "savepoint does not exist")
}
