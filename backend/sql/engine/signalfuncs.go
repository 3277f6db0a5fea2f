package engine

import (
	"time"

	"golang.org/x/sys/unix"

	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
	"ringpg/shm"
)

// pg_cancel_backend and pg_terminate_backend: the signals PostgreSQL's
// backends understand, sent to another backend of the server (SIGINT
// cancels its statement, SIGTERM ends its session; see backend.signals).

func init() {
	funcs.Register(&funcs.Func{Name: "pg_cancel_backend", Args: []types.Oid{types.Int4Oid}, Result: types.BoolOid,
		Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil {
				return types.Null, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "pg_cancel_backend needs a session")
			}
			ok, err := s.signalBackend(int32(a[0].I), unix.SIGINT)
			return types.Bool(ok), err
		}})
	funcs.Register(&funcs.Func{Name: "pg_terminate_backend", Args: []types.Oid{types.Int4Oid, types.Int8Oid}, Defaults: 1,
		Result: types.BoolOid, Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil {
				return types.Null, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "pg_terminate_backend needs a session")
			}
			var timeout int64
			if len(a) > 1 {
				timeout = a[1].I
			}
			if timeout < 0 {
				return types.Null, pgerr.New(pgerr.InvalidParameterValue, "\"timeout\" must not be negative")
			}
			pid := int32(a[0].I)
			ok, err := s.signalBackend(pid, unix.SIGTERM)
			if !ok || err != nil || timeout == 0 {
				return types.Bool(ok), err
			}
			return types.Bool(s.waitBackendExit(pid, time.Duration(timeout)*time.Millisecond)), nil
		}})
}

// signalBackend sends sig to the backend with process id pid, as
// PostgreSQL's pg_signal_backend: a process that is not one of the
// server's backends gets a WARNING and false; a role may signal its own
// backends, and only a superuser those of a superuser (42501).
func (s *Session) signalBackend(pid int32, sig unix.Signal) (bool, error) {
	p := s.e.seg.FindProc(pid)
	if p == nil || pid == 0 || p.Kind() != shm.KindBackend {
		s.notice(pgerr.New("01000", "PID %d is not a PostgreSQL backend process", pid))
		return false, nil
	}
	me, err := s.currentRole()
	if err != nil {
		return false, err
	}
	if !me.Super {
		target := p.Activity().User
		if r, err := s.cat.Role(s.snapshot(), target); err == nil && r != nil && r.Super {
			what := "cancel superuser query"
			if sig == unix.SIGTERM {
				what = "terminate superuser process"
			}
			return false, pgerr.New(pgerr.InsufficientPrivilege, "must be a superuser to %s", what)
		}
		if target != me.Name {
			what := "query is being canceled"
			if sig == unix.SIGTERM {
				what = "process is being terminated"
			}
			return false, pgerr.New(pgerr.InsufficientPrivilege, "must be a member of the role whose %s or member of pg_signal_backend", what)
		}
	}
	if err := unix.Kill(int(pid), sig); err != nil {
		s.notice(pgerr.New("01000", "could not send signal to process %d: %v", pid, err))
		return false, nil
	}
	return true, nil
}

// waitBackendExit waits up to d for backend pid to end its session (its
// proc slot no longer names it, or names it idle in the pool), warning
// and reporting false if it did not.
func (s *Session) waitBackendExit(pid int32, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		p := s.e.seg.FindProc(pid)
		if p == nil {
			return true
		}
		switch p.State() {
		case shm.ProcIdleInPool, shm.ProcExiting, shm.ProcFree:
			return true
		}
		if time.Now().After(deadline) {
			s.notice(pgerr.New("01000", "backend with PID %d did not terminate within %d milliseconds", pid, d.Milliseconds()))
			return false
		}
		if err := s.checkInterrupts(); err != nil {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}
