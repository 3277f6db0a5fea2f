package settings

import (
	"strings"

	"ringpg/pgerr"
)

// slot is one setting's state in a Set.
type slot struct {
	cur      value  // the value in effect
	src      Source // where cur came from
	reset    value  // what RESET returns to
	resetSrc Source

	// pendingRestart: a reload found a new value for a postmaster setting.
	pendingRestart bool
}

// origin is the configuration file line a value came from, for
// pg_settings.sourcefile and sourceline.
type origin struct {
	file string
	line int
}

// custom is a placeholder variable ("myapp.user_id"): a string setting that
// no code defined, created by the first SET or configuration line naming it.
type custom struct {
	def  Def
	slot slot
}

// Set is one process's setting values. The zero value is not usable; make
// one with New. A Set belongs to one goroutine; see the package comment.
type Set struct {
	slots  [numBuiltin]slot
	custom map[string]*custom // by lower-cased name

	// Postmaster marks the postmaster's own Set: a reload then also takes
	// new values of backend-start settings (log_connections, ...), which
	// running backends keep at their session-start value.
	Postmaster bool

	origins map[string]origin // by lower-cased name; see origin

	inTx bool
	txs  []txEntry // slots changed in the current transaction; see tx.go

	reportQueue []ID // FlagReport settings changed since the last TakeReports
}

// New returns a Set holding the built-in defaults.
func New() *Set {
	return &Set{slots: defaultSlots}
}

// defaultSlots is every setting at its built-in default, filled at init
// (registry.go); New copies it in one move.
var defaultSlots [numBuiltin]slot

// Clone returns an independent copy of s (for a backend that keeps the
// postmaster's values as its pristine state between sessions).
func (s *Set) Clone() *Set {
	c := *s
	c.custom = make(map[string]*custom, len(s.custom))
	for k, v := range s.custom {
		cv := *v
		c.custom[k] = &cv
	}
	c.txs = nil
	c.inTx = false
	c.origins = make(map[string]origin, len(s.origins))
	for k, v := range s.origins {
		c.origins[k] = v
	}
	c.reportQueue = append([]ID(nil), s.reportQueue...)
	return &c
}

// lookup finds name's definition and slot: a built-in, an existing
// placeholder, or (when create is true and the name is a valid custom name)
// a new placeholder. It returns PostgreSQL's errors for unknown names.
func (s *Set) lookup(name string, create bool) (*Def, *slot, error) {
	if id, ok := lookupID(name); ok {
		return &builtin[id], &s.slots[id], nil
	}
	key := strings.ToLower(name)
	if c, ok := s.custom[key]; ok {
		return &c.def, &c.slot, nil
	}
	if !create || !strings.Contains(name, ".") {
		return nil, nil, errUnrecognized(name)
	}
	if !validCustomName(name) {
		return nil, nil, pgerr.New(codeInvalidName, "invalid configuration parameter name \"%s\"", name).
			WithDetail("Custom parameter names must be two or more simple identifiers separated by dots.")
	}
	if s.custom == nil {
		s.custom = make(map[string]*custom)
	}
	c := &custom{
		def: Def{
			ID: -1, Name: key, Type: TypeString, Context: ContextUser,
			Category: "Customized Options",
			Flags:    FlagCustomPlaceholder | FlagNoShowAll | FlagNotInSample,
		},
		slot: slot{src: SourceDefault, resetSrc: SourceDefault},
	}
	s.custom[key] = c
	return &c.def, &c.slot, nil
}

// codeInvalidName is SQLSTATE 42602 (invalid_name).
const codeInvalidName = "42602"

func errUnrecognized(name string) *pgerr.Error {
	return pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
}

// Lookup returns the definition of name (case-insensitive), including
// placeholders this Set has created, or nil.
func (s *Set) Lookup(name string) *Def {
	d, _, err := s.lookup(name, false)
	if err != nil {
		return nil
	}
	return d
}

// Apply sets name to raw on behalf of a caller whose privilege is ctx, with
// source src. It is the one entry point behind SET, the startup packet, the
// command line and the configuration file:
//
//	SET by a superuser / other user:   ContextSuperuser / ContextUser, SourceSession
//	startup packet options:            ContextSuperuserBackend / ContextBackend, SourceClient
//	command line, first config read:   ContextPostmaster, SourceArgv / SourceFile
//	configuration reload:              ContextSighup, SourceFile
//	values the server computes:        ContextInternal (see SetInternal)
//
// The setting's own context decides whether the caller may change it, with
// PostgreSQL's errors (55P02, 42501); that check comes before the value is
// parsed, as in PostgreSQL. A value from a lower-priority source than the
// current one is validated but does not replace it (it may still become the
// RESET value). Names are case-insensitive; a name with a dot creates a
// placeholder.
func (s *Set) Apply(name, raw string, ctx Context, src Source) error {
	_, err := s.apply(name, &raw, ctx, src, false)
	return err
}

// apply is Apply with two more options: raw == nil means "to the RESET
// value" (SET x TO DEFAULT, RESET x), and local marks SET LOCAL. It reports
// whether the current value changed.
func (s *Set) apply(name string, raw *string, ctx Context, src Source, local bool) (bool, error) {
	d, sl, err := s.lookup(name, true)
	if err != nil {
		return false, err
	}
	if skip, err := s.permitted(d, name, ctx); err != nil || skip {
		return false, err
	}
	var v value
	if raw == nil {
		v = sl.reset
	} else {
		v, err = parseValue(s, d, name, *raw)
		if err != nil {
			return false, err
		}
	}
	return s.store(d, sl, v, src, raw == nil, local), nil
}

// permitted applies PostgreSQL's rules for who may change a setting when.
// skip means "accepted, but nothing to do" (a reload in a backend for a
// setting fixed at connection start).
func (s *Set) permitted(d *Def, name string, ctx Context) (skip bool, err error) {
	switch d.Context {
	case ContextInternal:
		if ctx != ContextInternal {
			return false, pgerr.New(pgerr.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed", name)
		}
	case ContextPostmaster:
		if ctx == ContextSighup {
			// The reload reports this itself, and only when the value
			// differs; see ApplyConf.
			return true, nil
		}
		if ctx != ContextPostmaster && ctx != ContextInternal {
			return false, errNeedsRestart(name)
		}
	case ContextSighup:
		if ctx != ContextPostmaster && ctx != ContextSighup && ctx != ContextInternal {
			return false, pgerr.New(pgerr.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed now", name)
		}
	case ContextSuperuserBackend, ContextBackend:
		switch ctx {
		case ContextSighup:
			return !s.Postmaster, nil
		case ContextBackend:
			if d.Context == ContextSuperuserBackend {
				return false, errPermission(name)
			}
		case ContextSuperuser, ContextUser:
			return false, pgerr.New(pgerr.CantChangeRuntimeParam, "parameter \"%s\" cannot be set after connection start", name)
		}
	case ContextSuperuser:
		if ctx == ContextUser || ctx == ContextBackend {
			return false, errPermission(name)
		}
	}
	return false, nil
}

func errNeedsRestart(name string) *pgerr.Error {
	return pgerr.New(pgerr.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed without restarting the server", name)
}

func errPermission(name string) *pgerr.Error {
	return pgerr.New(pgerr.InsufficientPrivilege, "permission denied to set parameter \"%s\"", name)
}

// store installs v from src, honouring source priority, and reports
// whether the current value changed.
func (s *Set) store(d *Def, sl *slot, v value, src Source, toReset, local bool) bool {
	if src == SourceSession {
		if !s.inTx && local {
			// SET LOCAL outside a transaction block has no effect; the
			// session layer warns, as PostgreSQL does.
			return false
		}
		if s.inTx {
			s.txRecord(d, sl, local)
		}
		changed := !sl.cur.equal(v) || sl.src != src
		if toReset {
			sl.cur, sl.src = v, sl.resetSrc
		} else {
			sl.cur, sl.src = v, src
		}
		s.noteChange(d, changed)
		return changed
	}
	// A default-making source (anything up to SourceOverride) also moves
	// the RESET value, when it outranks the source of that value.
	if src <= SourceOverride && sl.resetSrc <= src {
		sl.reset, sl.resetSrc = v, src
	}
	if sl.src > src {
		return false
	}
	changed := !sl.cur.equal(v)
	sl.cur, sl.src = v, src
	s.noteChange(d, changed)
	return changed
}

func (s *Set) noteChange(d *Def, changed bool) {
	if changed && d.Has(FlagReport) && d.ID >= 0 {
		for _, id := range s.reportQueue {
			if id == d.ID {
				return
			}
		}
		s.reportQueue = append(s.reportQueue, d.ID)
	}
}

// SetSession is SET name TO raw by a superuser or another user.
func (s *Set) SetSession(name, raw string, superuser bool) error {
	_, err := s.apply(name, &raw, userContext(superuser), SourceSession, false)
	return err
}

// SetLocal is SET LOCAL name TO raw: the value lasts until the end of the
// current transaction. Outside a transaction block the value is validated
// and then dropped, as in PostgreSQL (which also warns).
func (s *Set) SetLocal(name, raw string, superuser bool) error {
	_, err := s.apply(name, &raw, userContext(superuser), SourceSession, true)
	return err
}

// SetToDefault is SET [LOCAL] name TO DEFAULT, and RESET name when local is
// false: the value goes back to what the session started with.
func (s *Set) SetToDefault(name string, superuser, local bool) error {
	_, err := s.apply(name, nil, userContext(superuser), SourceSession, local)
	return err
}

// Reset is RESET name.
func (s *Set) Reset(name string, superuser bool) error {
	return s.SetToDefault(name, superuser, false)
}

// ResetAll is RESET ALL: every setting that SET may change goes back to its
// RESET value, except those marked FlagNoResetAll (transaction
// characteristics, role, session authorization).
func (s *Set) ResetAll() {
	for id := range s.slots {
		d := &builtin[id]
		s.resetOne(d, &s.slots[id])
	}
	for _, c := range s.custom {
		s.resetOne(&c.def, &c.slot)
	}
}

func (s *Set) resetOne(d *Def, sl *slot) {
	if d.Context != ContextUser && d.Context != ContextSuperuser || d.Has(FlagNoResetAll) {
		return
	}
	if sl.src != SourceSession && sl.cur.equal(sl.reset) {
		return
	}
	s.store(d, sl, sl.reset, SourceSession, true, false)
}

// SetInternal stores a value the server computes or knows
// (shared_memory_size, is_superuser, session_authorization, the autotuned
// wal_buffers). It bypasses context checks and sets both the current and
// the RESET value. Like PostgreSQL it uses SourceDynamicDefault, so that
// pg_settings still calls the value a default, unless the setting already
// has a value from a higher source (wal_buffers = -1 given on the command
// line): then SourceOverride, which outranks it.
func (s *Set) SetInternal(name, raw string) error {
	d, sl, err := s.lookup(name, true)
	if err != nil {
		return err
	}
	v, err := parseValue(s, d, name, raw)
	if err != nil {
		return err
	}
	src := SourceDynamicDefault
	if sl.src > src || sl.resetSrc > src {
		src = SourceOverride
	}
	changed := !sl.cur.equal(v)
	sl.cur, sl.src = v, src
	sl.reset, sl.resetSrc = v, src
	s.noteChange(d, changed)
	return nil
}

func userContext(superuser bool) Context {
	if superuser {
		return ContextSuperuser
	}
	return ContextUser
}

// Source returns where name's current value came from.
func (s *Set) Source(name string) (Source, error) {
	_, sl, err := s.lookup(name, false)
	if err != nil {
		return 0, err
	}
	return sl.src, nil
}

// ParamStatus is one ParameterStatus message's content.
type ParamStatus struct {
	Name, Value string
}

// ReportAll returns every FlagReport setting's name and value, in name
// order, for the ParameterStatus messages sent at connection start, and
// clears the queue of changes.
func (s *Set) ReportAll() []ParamStatus {
	s.reportQueue = s.reportQueue[:0]
	var out []ParamStatus
	for _, id := range sortedIDs {
		d := &builtin[id]
		if d.Has(FlagReport) {
			out = append(out, ParamStatus{d.Name, s.showSlot(d, &s.slots[id])})
		}
	}
	return out
}

// TakeReports returns the FlagReport settings whose value changed since the
// last call (or ReportAll), for the ParameterStatus messages a session sends
// before ReadyForQuery, and clears the queue. A value changed and changed
// back is still reported, which clients accept.
func (s *Set) TakeReports() []ParamStatus {
	if len(s.reportQueue) == 0 {
		return nil
	}
	out := make([]ParamStatus, 0, len(s.reportQueue))
	for _, id := range s.reportQueue {
		d := &builtin[id]
		out = append(out, ParamStatus{d.Name, s.showSlot(d, &s.slots[id])})
	}
	s.reportQueue = s.reportQueue[:0]
	return out
}

func (s *Set) setOrigin(name string, o origin) {
	if s.origins == nil {
		s.origins = make(map[string]origin)
	}
	s.origins[lowerASCII(name)] = o
}
