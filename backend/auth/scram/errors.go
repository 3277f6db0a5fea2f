package scram

import "fmt"

// SQLSTATEs used by this package.
const (
	CodeProtocolViolation     = "08P01"
	CodeInvalidPassword       = "28P01"
	CodeInvalidAuthorization  = "28000"
	CodeFeatureNotSupported   = "0A000"
	CodeInvalidParameterValue = "22023"
	CodeInternalError         = "XX000"
)

// AuthError is an authentication failure as the client must see it: a
// SQLSTATE, PostgreSQL's message and detail. LogDetail is for the server
// log only (PostgreSQL's "logdetail"): it may say why the attempt failed,
// for example that the role has no SCRAM verifier, which the client must
// not learn.
type AuthError struct {
	Code      string
	Message   string
	Detail    string
	LogDetail string
}

func (e *AuthError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("%s (%s): %s", e.Message, e.Code, e.Detail)
	}
	return fmt.Sprintf("%s (%s)", e.Message, e.Code)
}

// SQLState returns the error's SQLSTATE.
func (e *AuthError) SQLState() string { return e.Code }

func malformed(detail string, args ...any) *AuthError {
	return &AuthError{Code: CodeProtocolViolation, Message: "malformed SCRAM message", Detail: fmt.Sprintf(detail, args...)}
}

// authFailed is the one error for a wrong password, a missing role, a role
// without a usable verifier and a mock exchange, whatever the method.
func authFailed(user, logDetail string) *AuthError {
	return &AuthError{
		Code:      CodeInvalidPassword,
		Message:   "password authentication failed for user \"" + user + "\"",
		LogDetail: logDetail,
	}
}
