// Package pgerr is the one error type a client sees: a PostgreSQL error or
// notice with its SQLSTATE, severity, message, detail, hint and position.
//
// An *Error is created where the problem is known and travels up wrapped
// (fmt.Errorf("...: %w", err)); the session recovers it with errors.As and
// turns it into an ErrorResponse. Any other error that reaches a client is an
// internal failure and is reported as XX000 with its cause in the server log.
//
// This package imports nothing of ours and holds no state.
package pgerr

import (
	"errors"
	"fmt"
)

// Severities, as PostgreSQL spells them in the 'S' and 'V' fields.
const (
	SeverityError   = "ERROR"
	SeverityFatal   = "FATAL"
	SeverityPanic   = "PANIC"
	SeverityWarning = "WARNING"
	SeverityNotice  = "NOTICE"
	SeverityLog     = "LOG"
)

// SQLSTATE codes used by the server. Names follow PostgreSQL's errcodes.txt.
const (
	SuccessfulCompletion         = "00000"
	FeatureNotSupported          = "0A000"
	InvalidParameterValue        = "22023"
	ProtocolViolation            = "08P01"
	ConnectionFailure            = "08006"
	InvalidAuthorization         = "28000"
	InvalidPassword              = "28P01"
	SyntaxError                  = "42601"
	UndefinedObject              = "42704"
	UndefinedTable               = "42P01"
	UndefinedColumn              = "42703"
	InsufficientPrivilege        = "42501"
	TooManyConnections           = "53300"
	OutOfMemory                  = "53200"
	QueryCanceled                = "57014"
	AdminShutdown                = "57P01"
	CrashShutdown                = "57P02"
	CannotConnectNow             = "57P03"
	CantChangeRuntimeParam       = "55P02"
	ActiveSQLTransaction         = "25001"
	InFailedSQLTransaction       = "25P02"
	InternalError                = "XX000"
	InvalidTextRepresentation    = "22P02"
	NumericValueOutOfRange       = "22003"
	InvalidCatalogName           = "3D000"
	InvalidAuthorizationSpec     = "28000"
	ObjectNotInPrerequisiteState = "55000"
	WrongObjectType              = "42809"
	InsufficientResources        = "53000"
	DiskFull                     = "53100"
	ProgramLimitExceeded         = "54000"
	IOError                      = "58030"
	UndefinedFile                = "58P01"
	DuplicateFile                = "58P02"
	DataCorrupted                = "XX001"
	IndexCorrupted               = "XX002"
)

// Error is a PostgreSQL error or notice as a client receives it.
type Error struct {
	Severity string // ERROR, FATAL, ...; empty means ERROR
	Code     string // SQLSTATE, five characters
	Message  string
	Detail   string
	Hint     string
	Position int // 1-based character offset into the query; 0 = none
	// Where is the CONTEXT line: what the server was doing (the 'W'
	// field), e.g. the COPY line that failed.
	Where string
	// The object the error is about, as the 's', 't' and 'n' fields
	// report it (drivers expose them, e.g. the violated constraint).
	Schema, Table, Constraint string
	// Column is the column the error is about (the 'c' field), as for a
	// not-null violation.
	Column string
}

// Error implements the error interface in psql's style.
func (e *Error) Error() string {
	return e.SeverityOrDefault() + ":  " + e.Message
}

// SeverityOrDefault returns the severity, ERROR when unset.
func (e *Error) SeverityOrDefault() string {
	if e.Severity == "" {
		return SeverityError
	}
	return e.Severity
}

// New returns an ERROR with the given SQLSTATE and formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Fatal returns a FATAL error with the given SQLSTATE and formatted message.
func Fatal(code, format string, args ...any) *Error {
	return &Error{Severity: SeverityFatal, Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithDetail sets the DETAIL field and returns e.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// WithHint sets the HINT field and returns e.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// WithConstraint names the schema, table and constraint the error is
// about and returns e.
func (e *Error) WithConstraint(schema, table, constraint string) *Error {
	e.Schema, e.Table, e.Constraint = schema, table, constraint
	return e
}

// WithColumn names the schema, table and column the error is about and
// returns e.
func (e *Error) WithColumn(schema, table, column string) *Error {
	e.Schema, e.Table, e.Column = schema, table, column
	return e
}

// WithPosition sets the 1-based error position and returns e.
func (e *Error) WithPosition(pos int) *Error {
	e.Position = pos
	return e
}

// From recovers the client-facing error from err. An error that carries no
// *Error is an internal failure: it becomes XX000 whose message is err's text.
func From(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: InternalError, Message: err.Error()}
}

// Code returns the SQLSTATE carried by err, or "" when it carries none.
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
