// Package serverlog writes the server log in PostgreSQL's style:
//
//	2026-11-27 18:50:00.123 UTC [4242] LOG:  database system is ready to accept connections
//
// Every process of the server (postmaster, backends, auxiliary processes)
// writes to its inherited stderr through this package; one line is one write
// so that lines from different processes never interleave mid-line.
// log_min_messages filters what is written. The package holds one
// process-wide threshold, read and written atomically.
package serverlog

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// Level is a message severity, ordered as PostgreSQL orders them for
// log_min_messages.
type Level int32

// Levels, least severe first.
const (
	Debug5 Level = iota
	Debug4
	Debug3
	Debug2
	Debug1
	Info
	Notice
	Warning
	Error
	Log
	Fatal
	Panic
)

var levelNames = [...]string{"DEBUG", "DEBUG", "DEBUG", "DEBUG", "DEBUG", "INFO",
	"NOTICE", "WARNING", "ERROR", "LOG", "FATAL", "PANIC"}

var settingNames = map[string]Level{
	"debug5": Debug5, "debug4": Debug4, "debug3": Debug3, "debug2": Debug2,
	"debug1": Debug1, "info": Info, "notice": Notice, "warning": Warning,
	"error": Error, "log": Log, "fatal": Fatal, "panic": Panic,
}

// String returns the severity as it appears in a log line.
func (l Level) String() string {
	if l >= 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "LOG"
}

var minLevel atomic.Int32

func init() { minLevel.Store(int32(Warning)) }

// SetMinLevel applies a log_min_messages value (e.g. "warning").
func SetMinLevel(setting string) {
	if l, ok := settingNames[strings.ToLower(setting)]; ok {
		minLevel.Store(int32(l))
	}
}

// Enabled reports whether a message of level l would be written. LOG is
// ranked above ERROR for the server log, as in PostgreSQL.
func Enabled(l Level) bool { return l >= Level(minLevel.Load()) }

// Logf writes one line at level l when enabled.
func Logf(l Level, format string, args ...any) {
	if !Enabled(l) {
		return
	}
	write(l, fmt.Sprintf(format, args...))
}

// Printf writes a LOG line.
func Printf(format string, args ...any) { Logf(Log, format, args...) }

// Warnf writes a WARNING line.
func Warnf(format string, args ...any) { Logf(Warning, format, args...) }

// Errorf writes an ERROR line.
func Errorf(format string, args ...any) { Logf(Error, format, args...) }

// Fatalf writes a FATAL line; it does not exit.
func Fatalf(format string, args ...any) { Logf(Fatal, format, args...) }

var pid = os.Getpid()

func write(l Level, msg string) {
	var b strings.Builder
	b.Grow(64 + len(msg))
	b.WriteString(time.Now().UTC().Format("2006-01-02 15:04:05.000 MST"))
	fmt.Fprintf(&b, " [%d] %s:  ", pid, l)
	b.WriteString(msg)
	b.WriteByte('\n')
	os.Stderr.WriteString(b.String())
}
