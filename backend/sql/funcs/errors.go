package funcs

import "ringpg/pgerr"

// SQLSTATEs the implementations report.
const (
	codeDivisionByZero           = "22012"
	codeOutOfRange               = pgerr.NumericValueOutOfRange
	codeInvalidParameter         = pgerr.InvalidParameterValue
	codeInvalidEscapeSequence    = "22025"
	codeInvalidRegex             = "2201B"
	codeInvalidArgForLog         = "2201E"
	codeInvalidArgForPower       = "2201F"
	codeInvalidArgForWidth       = "2201G"
	codeArraySubscript           = "2202E"
	codeNullNotAllowed           = "22004"
	codeInvalidText              = pgerr.InvalidTextRepresentation
	codeDatatypeMismatch         = "42804"
	codeArrayElementError        = "2202E"
	codeInvalidParameterValue    = pgerr.InvalidParameterValue
	codeProgramLimitExceeded     = pgerr.ProgramLimitExceeded
	codeObjectNotInPrereq        = pgerr.ObjectNotInPrerequisiteState
	codeUndefinedObject          = pgerr.UndefinedObject
	codeFeatureNotSupported      = pgerr.FeatureNotSupported
	codeCharacterNotInRepertoire = "22021"
)

// Errors built once: returning them allocates nothing. A client never
// mutates an error it receives.
var (
	errDivByZero  = pgerr.New(codeDivisionByZero, "division by zero")
	errInt2Range  = pgerr.New(codeOutOfRange, "smallint out of range")
	errInt4Range  = pgerr.New(codeOutOfRange, "integer out of range")
	errInt8Range  = pgerr.New(codeOutOfRange, "bigint out of range")
	errFloatOver  = pgerr.New(codeOutOfRange, "value out of range: overflow")
	errFloatUnder = pgerr.New(codeOutOfRange, "value out of range: underflow")
)

var (
	errPowZeroNeg = pgerr.New(codeInvalidArgForPower, "zero raised to a negative power is undefined")
	errPowNegFrac = pgerr.New(codeInvalidArgForPower, "a negative number raised to a non-integer power yields a complex result")
)
