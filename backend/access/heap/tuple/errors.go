package tuple

import "ringpg/pgerr"

// codeDataCorrupted is SQLSTATE XX001 (data_corrupted).
const codeDataCorrupted = pgerr.DataCorrupted

// corrupted reports bytes that cannot be a well-formed tuple or datum.
func corrupted(format string, args ...any) *pgerr.Error {
	return pgerr.New(codeDataCorrupted, format, args...)
}

// badValue reports a value that does not fit its attribute: a caller bug.
func badValue(format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.InternalError, format, args...)
}

// pgerrMessage returns the message of err without psql's severity prefix.
func pgerrMessage(err error) string { return pgerr.From(err).Message }
