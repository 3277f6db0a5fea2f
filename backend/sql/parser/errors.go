package parser

import (
	"unicode/utf8"

	"ringpg/pgerr"
)

// SQLSTATE codes raised by the parser beyond those pgerr names.
const (
	codeNameTooLong              = "42622" // name_too_long
	codeInvalidEscapeSequence    = "22025" // invalid_escape_sequence
	codeCharacterNotInRepertoire = "22021" // character_not_in_repertoire
	codeWindowingError           = "42P20" // windowing_error
	codeInvalidRecursion         = "42P19" // invalid_recursion
	codeInvalidColumnReference   = "42P10" // invalid_column_reference
	codeReservedName             = "42939" // reserved_name
	codeInvalidGrantOperation    = "0LP01" // invalid_grant_operation
)

// CharPosition converts a byte offset in sql to the 1-based character
// position PostgreSQL reports as an error's cursor position.
func CharPosition(sql string, byteOffset int) int {
	if byteOffset > len(sql) {
		byteOffset = len(sql)
	}
	if byteOffset < 0 {
		return 0
	}
	return utf8.RuneCountInString(sql[:byteOffset]) + 1
}

// nearError builds PostgreSQL's scanner_yyerror message: msg followed by
// `at or near "text"`, or `at end of input` when the offending token starts
// at the end of the query. The position is the token's start.
func nearError(src string, code, msg string, start, end int) *pgerr.Error {
	if start >= len(src) {
		return pgerr.New(code, "%s at end of input", msg).WithPosition(CharPosition(src, len(src)))
	}
	if end > len(src) {
		end = len(src)
	}
	if end < start {
		end = start
	}
	return pgerr.New(code, "%s at or near \"%s\"", msg, src[start:end]).WithPosition(CharPosition(src, start))
}

// positionedError is an error with a cursor position but no "at or near"
// suffix, as PostgreSQL's ereport(... parser_errposition()) produces.
func positionedError(src string, code, msg string, at int) *pgerr.Error {
	return pgerr.New(code, "%s", msg).WithPosition(CharPosition(src, at))
}
