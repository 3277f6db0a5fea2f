package hba

import (
	"errors"
	"strconv"
	"strings"
	"syscall"
)

// ParseError is one problem in the file, worded as PostgreSQL's log line
// (Message) and its CONTEXT line (Context).
type ParseError struct {
	File    string // the file as named to Load or Parse
	Line    int    // 1-based line of the record; 0 when the problem is the whole file
	Message string // PostgreSQL's errmsg text
	Hint    string // PostgreSQL's errhint text, when it gives one
}

// Context returns PostgreSQL's CONTEXT text for the error, or "" when the
// error is about the whole file.
func (e *ParseError) Context() string {
	if e.Line == 0 {
		return ""
	}
	return "line " + strconv.Itoa(e.Line) + " of configuration file \"" + e.File + "\""
}

// Error returns the message followed by its context, as one line.
func (e *ParseError) Error() string {
	if c := e.Context(); c != "" {
		return e.Message + " (" + c + ")"
	}
	return e.Message
}

// LoadError is returned by Load and Parse when any line is in error. Like
// PostgreSQL, parsing goes on after a bad line so that every problem is
// reported at once.
type LoadError struct {
	Errors []*ParseError
}

func (e *LoadError) Error() string {
	var b strings.Builder
	for i, pe := range e.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(pe.Error())
	}
	return b.String()
}

// LogLines returns the errors as PostgreSQL writes them to its log, without
// the prefix: "LOG:  <message>" then "CONTEXT:  <context>" for each, and the
// closing line PostgreSQL adds, which depends on whether this was the first
// load (startup) or a reload.
func (e *LoadError) LogLines(reload bool) []string {
	var out []string
	for _, pe := range e.Errors {
		out = append(out, "LOG:  "+pe.Message)
		if pe.Hint != "" {
			out = append(out, "HINT:  "+pe.Hint)
		}
		if c := pe.Context(); c != "" {
			out = append(out, "CONTEXT:  "+c)
		}
	}
	if reload {
		out = append(out, "LOG:  pg_hba.conf was not reloaded")
	} else {
		out = append(out, "FATAL:  could not load pg_hba.conf")
	}
	return out
}

// strerror renders err as C's strerror would (%m in PostgreSQL's messages):
// Go spells errno texts like glibc but in lower case.
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			s = string(s[0]-'a'+'A') + s[1:]
		}
		return s
	}
	return err.Error()
}
