package engine

import (
	"math"
	"os"
	"path/filepath"
	"ringpg/backend/catalog/acl"
	"strconv"
	"strings"
	"time"

	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// installHooks lets regclass values read and write relation names
// through the catalog.
func (s *Session) installHooks() {
	s.env.RegclassIn = func(name string) (types.Oid, error) {
		if s.xact == nil {
			return 0, pgerr.New(pgerr.UndefinedTable, "relation %q does not exist", name)
		}
		parts, err := splitQualifiedName(name)
		if err != nil {
			return 0, err
		}
		if len(parts) == 3 {
			if parts[0] != s.dbName {
				return 0, pgerr.New(pgerr.FeatureNotSupported, "cross-database references are not implemented: \"%s\"", strings.Join(parts, "."))
			}
			parts = parts[1:]
		}
		if len(parts) > 2 {
			return 0, pgerr.New("42601", "improper relation name (too many dotted names): %s", name)
		}
		schema, rel := "", parts[len(parts)-1]
		if len(parts) == 2 {
			schema = parts[0]
		}
		r, err := s.cat.LookupRelation(s.snapshot(), s.searchPath(), schema, rel)
		if err != nil {
			return 0, err
		}
		return r.Oid, nil
	}
	s.env.RegprocIn = regprocIn
	s.env.RegprocOut = func(oid types.Oid) (string, bool) {
		if f := funcs.ByOid(uint32(oid)); f != nil {
			return f.Name, true
		}
		return "", false
	}
	s.env.RegnamespaceIn = func(name string) (types.Oid, error) {
		if s.xact == nil {
			return 0, pgerr.New(pgerr.UndefinedSchema, "schema %q does not exist", name)
		}
		return s.cat.NamespaceOid(s.snapshot(), strings.Trim(name, `"`))
	}
	s.env.RegnamespaceOut = func(oid types.Oid) (string, bool) {
		if s.xact == nil {
			return "", false
		}
		name, err := s.cat.NamespaceName(s.snapshot(), oid)
		return quoteIdent(name), err == nil && name != ""
	}
	s.env.RegclassOut = func(oid types.Oid) (string, bool) {
		if s.xact == nil {
			return "", false
		}
		snap := s.snapshot()
		r, err := s.cat.Relation(snap, oid)
		if err != nil {
			return "", false
		}
		// Quoted as needed, and qualified when the search path would not
		// find it by its name alone (regclassout).
		if found, err := s.cat.LookupRelation(snap, s.searchPath(), "", r.Name); err == nil && found.Oid == r.Oid {
			return quoteIdent(r.Name), true
		}
		return quoteIdent(r.NamespaceName) + "." + quoteIdent(r.Name), true
	}
}

// regprocIn is regproc's input: a function name (pg_catalog's, the only
// schema with functions), unique among the functions.
func regprocIn(name string) (types.Oid, error) {
	n := strings.TrimPrefix(strings.TrimSpace(name), "pg_catalog.")
	n = strings.Trim(n, `"`)
	var found []*funcs.Func
	for _, f := range funcs.Lookup(n) {
		if f.Oid != 0 {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 0:
		return 0, pgerr.New(pgerr.UndefinedFunction, "function \"%s\" does not exist", name)
	case 1:
		return types.Oid(found[0].Oid), nil
	}
	return 0, pgerr.New(pgerr.AmbiguousFunction, "more than one function named \"%s\"", name)
}

func sessionOf(c *funcs.Ctx) *Session {
	s, _ := c.Session.(*Session)
	return s
}

func text(v string) types.Datum { return types.String(v) }

// Functions that need the session or the catalog.
func init() {
	str := func(name string, f func(s *Session) string) {
		funcs.Register(&funcs.Func{Name: name, Result: types.NameOid, Volatility: funcs.Stable, Strict: true,
			Call: func(c *funcs.Ctx, _ []types.Datum) (types.Datum, error) {
				s := sessionOf(c)
				if s == nil {
					return types.Null, nil
				}
				return text(f(s)), nil
			}})
	}
	str("current_user", func(s *Session) string { return s.currentUser() })
	str("session_user", func(s *Session) string { return s.user })
	str("current_database", func(s *Session) string { return s.dbName })
	// current_schema is NULL when no schema of the search path exists.
	funcs.Register(&funcs.Func{Name: "current_schema", Result: types.NameOid, Volatility: funcs.Stable, Strict: true,
		Call: func(c *funcs.Ctx, _ []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil {
				return types.Null, nil
			}
			for _, p := range s.searchPath() {
				if _, err := s.cat.NamespaceOid(s.snapshot(), p); err == nil {
					return text(p), nil
				}
			}
			return types.Null, nil
		}})
	funcs.Register(&funcs.Func{Name: "version", Result: types.TextOid, Volatility: funcs.Stable, Strict: true,
		Call: func(c *funcs.Ctx, _ []types.Datum) (types.Datum, error) {
			return text("PostgreSQL 15.4 (ringpg) on x86_64-pc-linux-gnu, compiled by Go, 64-bit"), nil
		}})
	funcs.Register(&funcs.Func{Name: "pg_backend_pid", Result: types.Int4Oid, Volatility: funcs.Stable, Strict: true,
		Call: func(c *funcs.Ctx, _ []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil {
				return types.Null, nil
			}
			return types.Int(int64(s.e.pid)), nil
		}})
	seq := func(name string, args []types.Oid, f func(s *Session, a []types.Datum) (int64, error)) {
		funcs.Register(&funcs.Func{Name: name, Args: args, Result: types.Int8Oid, Volatility: funcs.Volatile, Strict: true,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				s := sessionOf(c)
				if s == nil || s.xact == nil {
					return types.Null, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "%s needs a session", name)
				}
				v, err := f(s, a)
				if err != nil {
					return types.Null, err
				}
				return types.Int(v), nil
			}})
	}
	seq("nextval", []types.Oid{types.RegclassOid}, func(s *Session, a []types.Datum) (int64, error) {
		if err := s.checkSequence(uint32(a[0].I), acl.Usage|acl.Update); err != nil {
			return 0, err
		}
		return s.cat.NextVal(s.snapshot(), uint32(a[0].I))
	})
	seq("currval", []types.Oid{types.RegclassOid}, func(s *Session, a []types.Datum) (int64, error) {
		if err := s.checkSequence(uint32(a[0].I), acl.Select|acl.Usage); err != nil {
			return 0, err
		}
		return s.cat.CurrVal(s.snapshot(), uint32(a[0].I))
	})
	seq("lastval", nil, func(s *Session, a []types.Datum) (int64, error) { return s.cat.LastVal(s.snapshot()) })
	// pg_postmaster_start_time: when the server started, from the start
	// time postmaster.pid records (its third line).
	funcs.Register(&funcs.Func{Name: "pg_postmaster_start_time", Result: types.TimestampTZOid, Volatility: funcs.Stable, Strict: true,
		Call: func(c *funcs.Ctx, _ []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil {
				return types.Null, nil
			}
			b, err := os.ReadFile(filepath.Join(s.e.dataDir, "postmaster.pid"))
			if err != nil {
				return types.Null, nil
			}
			lines := strings.SplitN(string(b), "\n", 4)
			if len(lines) < 3 {
				return types.Null, nil
			}
			secs, err := strconv.ParseInt(strings.TrimSpace(lines[2]), 10, 64)
			if err != nil {
				return types.Null, nil
			}
			return types.Int(funcs.TimestampFromTime(time.Unix(secs, 0))), nil
		}})
	// txid_current: the top-level transaction's id, assigned now if it
	// had none; txid_current_if_assigned: NULL then.
	for _, assign := range []bool{true, false} {
		name := "txid_current"
		if !assign {
			name = "txid_current_if_assigned"
		}
		funcs.Register(&funcs.Func{Name: name, Result: types.Int8Oid, Volatility: funcs.Stable, Strict: true,
			Call: func(c *funcs.Ctx, _ []types.Datum) (types.Datum, error) {
				s := sessionOf(c)
				if s == nil || s.xact == nil {
					return types.Null, nil
				}
				if assign && !s.xact.HasXid() {
					if _, err := s.xact.AssignXid(); err != nil {
						return types.Null, err
					}
				}
				if !s.xact.HasXid() {
					return types.Null, nil
				}
				return types.Int(int64(s.xact.TopXid())), nil
			}})
	}
	// age(xid): how many transactions ago xid began, counted from this
	// transaction's id (or the next one to be assigned), in 32-bit
	// arithmetic as PostgreSQL's xid_age; INT_MAX for a special xid.
	funcs.Register(&funcs.Func{Name: "age", Args: []types.Oid{types.XidOid}, Result: types.Int4Oid, Volatility: funcs.Stable, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			xid := uint32(a[0].I)
			if xid < 3 {
				return types.Int(math.MaxInt32), nil
			}
			s := sessionOf(c)
			if s == nil {
				return types.Null, nil
			}
			now := s.e.tm.NextXid()
			if s.xact != nil && s.xact.HasXid() {
				now = s.xact.TopXid()
			}
			return types.Int(int64(int32(uint32(now) - xid))), nil
		}})
	// pg_sequence_last_value: the sequence's last value, NULL before its
	// first nextval (pg_sequences.last_value).
	funcs.Register(&funcs.Func{Name: "pg_sequence_last_value", Args: []types.Oid{types.RegclassOid}, Result: types.Int8Oid,
		Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil || s.xact == nil {
				return types.Null, nil
			}
			if err := s.checkSequence(uint32(a[0].I), acl.Select|acl.Usage); err != nil {
				return types.Null, err
			}
			last, _, called, err := s.cat.SequenceState(s.snapshot(), uint32(a[0].I))
			if err != nil || !called {
				return types.Null, err
			}
			return types.Int(last), nil
		}})
	seq("setval", []types.Oid{types.RegclassOid, types.Int8Oid}, func(s *Session, a []types.Datum) (int64, error) {
		if err := s.checkSequence(uint32(a[0].I), acl.Update); err != nil {
			return 0, err
		}
		return a[1].I, s.cat.SetVal(s.snapshot(), uint32(a[0].I), a[1].I, true)
	})
	seq("setval", []types.Oid{types.RegclassOid, types.Int8Oid, types.BoolOid}, func(s *Session, a []types.Datum) (int64, error) {
		if err := s.checkSequence(uint32(a[0].I), acl.Update); err != nil {
			return 0, err
		}
		return a[1].I, s.cat.SetVal(s.snapshot(), uint32(a[0].I), a[1].I, a[2].I != 0)
	})
}

// Catalog functions that clients' introspection queries call.
func init() {
	stable := func(name string, args []types.Oid, result types.Oid, strict bool, f func(s *Session, a []types.Datum) (types.Datum, error)) {
		funcs.Register(&funcs.Func{Name: name, Args: args, Result: result, Volatility: funcs.Stable, Strict: strict,
			Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
				s := sessionOf(c)
				if s == nil || s.xact == nil {
					return types.Null, nil
				}
				return f(s, a)
			}})
	}
	stable("pg_table_is_visible", []types.Oid{types.OidOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		snap := s.snapshot()
		rel, err := s.cat.Relation(snap, uint32(a[0].I))
		if err != nil {
			return types.Null, nil
		}
		found, err := s.cat.LookupRelation(snap, s.searchPath(), "", rel.Name)
		return types.Bool(err == nil && found.Oid == rel.Oid), nil
	})
	// The isolation tester's question: is backend pid waiting for one of
	// pids (through a row lock or a unique check)?
	funcs.Register(&funcs.Func{Name: "pg_isolation_test_session_is_blocked", Args: []types.Oid{types.Int4Oid, types.Int4ArrayOid},
		Result: types.BoolOid, Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			s := sessionOf(c)
			if s == nil {
				return types.Null, nil
			}
			arr, _ := a[1].P.(*types.Array)
			if arr == nil {
				return types.Bool(false), nil
			}
			among := func(pid int32) bool {
				for _, x := range arr.Elems {
					if !x.Null && int32(x.I) == pid {
						return true
					}
				}
				return false
			}
			seg, pid := s.e.seg, int32(a[0].I)
			for i := 0; i < seg.MaxProcs(); i++ {
				p := seg.Proc(i)
				if p.Pid() != pid {
					continue
				}
				// A row-lock wait (published in the proc array) or a
				// table or advisory lock wait (the lock manager's).
				if w, _, _ := p.Wait(); w != 0 && among(w) {
					return types.Bool(true), nil
				}
				if s.e.locks != nil {
					for _, b := range s.e.locks.BlockingSlots(i) {
						if among(seg.Proc(b).Pid()) {
							return types.Bool(true), nil
						}
					}
				}
			}
			return types.Bool(false), nil
		}})
	stable("format_type", []types.Oid{types.OidOid, types.Int4Oid}, types.TextOid, false, func(s *Session, a []types.Datum) (types.Datum, error) {
		if a[0].Null {
			return types.Null, nil
		}
		mod := int32(-1)
		if !a[1].Null {
			mod = int32(a[1].I)
		}
		if a[0].I == 0 {
			return text("-"), nil
		}
		if types.Lookup(types.Oid(a[0].I)) == nil {
			return text("???"), nil
		}
		if a[1].Null && types.Oid(a[0].I) == types.BPCharOid {
			return text("character"), nil // no typmod given: the SQL name, as PostgreSQL prints it
		}
		return text(types.FormatType(types.T{Oid: types.Oid(a[0].I), Mod: mod})), nil
	})
	stable("pg_get_serial_sequence", []types.Oid{types.TextOid, types.TextOid}, types.TextOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return s.serialSequence(a[0].S, a[1].S)
	})
	stable("current_schemas", []types.Oid{types.BoolOid}, types.NameArrayOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		var names []types.Datum
		if a[0].I != 0 {
			names = append(names, text("pg_catalog"))
		}
		for _, p := range s.searchPath() {
			if _, err := s.cat.NamespaceOid(s.snapshot(), p); err == nil && p != "pg_catalog" {
				names = append(names, text(p))
			}
		}
		return types.ArrayDatum(types.NewArray(types.NameOid, names)), nil
	})
}

// pg_sleep waits, answering cancel and statement_timeout meanwhile.
func init() {
	funcs.Register(&funcs.Func{Oid: 2626, Name: "pg_sleep", Args: []types.Oid{types.Float8Oid}, Result: types.VoidOid, Volatility: funcs.Volatile, Strict: true,
		Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
			end := time.Now().Add(time.Duration(a[0].F * float64(time.Second)))
			s := sessionOf(c)
			for {
				left := time.Until(end)
				if left <= 0 {
					return types.String(""), nil
				}
				if s != nil {
					if err := s.checkInterrupts(); err != nil {
						return types.Null, err
					}
				}
				time.Sleep(min(left, 10*time.Millisecond))
			}
		}})
}

// serialSequence is pg_get_serial_sequence: the qualified name of the
// sequence owned by a column, NULL when it owns none.
func (s *Session) serialSequence(table, column string) (types.Datum, error) {
	parts, err := splitQualifiedName(table)
	if err != nil {
		return types.Null, err
	}
	var schema, name string
	switch len(parts) {
	case 1:
		name = parts[0]
	case 2:
		schema, name = parts[0], parts[1]
	default:
		return types.Null, pgerr.New(pgerr.SyntaxError, "improper relation name (too many dotted names): %s", table)
	}
	snap := s.snapshot()
	rel, err := s.cat.LookupRelation(snap, s.searchPath(), schema, name)
	if err != nil {
		return types.Null, err
	}
	attnum := int16(0)
	for i, c := range rel.Columns {
		if !c.Dropped && c.Name == column {
			attnum = int16(i + 1)
		}
	}
	if attnum == 0 {
		return types.Null, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", column, rel.Name)
	}
	seq, err := s.cat.ColumnSequence(snap, rel.Oid, attnum)
	if err != nil || seq == 0 {
		return types.Null, err
	}
	sr, err := s.cat.Relation(snap, seq)
	if err != nil {
		return types.Null, err
	}
	return text(quoteIdent(sr.NamespaceName) + "." + quoteIdent(sr.Name)), nil
}
