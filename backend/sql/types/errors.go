package types

import (
	"ringpg/pgerr"
)

// SQLSTATEs this package reports that pgerr does not name.
const (
	codeInvalidBinaryRepresentation = "22P03"
	codeStringDataRightTruncation   = "22001"
	codeCharacterNotInRepertoire    = "22021"
	codeInvalidTextRepresentation   = pgerr.InvalidTextRepresentation
	codeDatatypeMismatch            = "42804"
	codeCannotCoerce                = "42846"
	codeUntranslatableCharacter     = "22P05"
	codeNullValueNotAllowed         = "22004"
	codeArraySubscriptError         = "2202E"
)

func syntaxError(typeName, s string) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", typeName, s)
}

func valueOutOfRange(s, typeName string) error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value \"%s\" is out of range for type %s", s, typeName)
}

func binaryFormatError() error {
	return pgerr.New(codeInvalidBinaryRepresentation, "incorrect binary data format")
}

func insufficientData() error {
	return pgerr.New(pgerr.ProtocolViolation, "insufficient data left in message")
}

func internalError(format string, args ...any) error {
	return pgerr.New(pgerr.InternalError, format, args...)
}

func unsupportedType(what string, oid Oid) error {
	return pgerr.New(pgerr.FeatureNotSupported, "%s is not supported for type %s", what, FormatType(Of(oid)))
}
