package smgr

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"ringpg/pgerr"
)

// SQLSTATEs of file errors (PostgreSQL's errcodes.txt).
const (
	codeUndefinedFile         = pgerr.UndefinedFile
	codeDuplicateFile         = pgerr.DuplicateFile
	codeIOError               = pgerr.IOError
	codeDiskFull              = pgerr.DiskFull
	codeInsufficientResources = pgerr.InsufficientResources
	codeInsufficientPrivilege = pgerr.InsufficientPrivilege
	codeWrongObjectType       = pgerr.WrongObjectType
	codeDataCorrupted         = pgerr.DataCorrupted
	codeProgramLimitExceeded  = pgerr.ProgramLimitExceeded
)

// fileError is a client-facing error caused by a system call: errors.As
// finds the *pgerr.Error, errors.Is the errno.
type fileError struct {
	pg    *pgerr.Error
	errno unix.Errno
}

func (e *fileError) Error() string   { return e.pg.Error() }
func (e *fileError) Unwrap() []error { return []error{e.pg, e.errno} }

// codeForErrno chooses the SQLSTATE for a failed file operation as
// PostgreSQL's errcode_for_file_access does, with io_error for the rest.
func codeForErrno(e unix.Errno) string {
	switch e {
	case unix.EPERM, unix.EACCES, unix.EROFS:
		return codeInsufficientPrivilege
	case unix.ENOENT:
		return codeUndefinedFile
	case unix.EEXIST:
		return codeDuplicateFile
	case unix.ENOTDIR, unix.EISDIR, unix.ENAMETOOLONG:
		return codeWrongObjectType
	case unix.ENOSPC:
		return codeDiskFull
	case unix.ENFILE, unix.EMFILE:
		return codeInsufficientResources
	}
	return codeIOError
}

// strerror returns the C library's text for e ("No such file or
// directory"), which PostgreSQL's %m prints; Go's table holds the same
// strings with the first letter lowered.
func strerror(e unix.Errno) string {
	s := e.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// errnoOf extracts the errno of err; anything else counts as EIO.
func errnoOf(err error) unix.Errno {
	var e unix.Errno
	if errors.As(err, &e) {
		return e
	}
	return unix.EIO
}

// sysError words a failed system call as PostgreSQL does: the formatted
// message, ": ", and strerror. Running out of space gets PostgreSQL's
// hint.
func sysError(err error, format string, args ...any) error {
	e := errnoOf(err)
	pe := pgerr.New(codeForErrno(e), "%s: %s", fmt.Sprintf(format, args...), strerror(e))
	if e == unix.ENOSPC {
		pe.Hint = "Check free disk space."
	}
	return &fileError{pg: pe, errno: e}
}
