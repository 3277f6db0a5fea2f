package settings

import (
	"ringpg/pgerr"
)

// LoadConf applies a configuration file at server start: every setting may
// be set, and any error (syntax, unknown name, bad value) ends the start
// with FATAL "configuration file ... contains errors" after the LOG lines
// that explain it, as in PostgreSQL. path is the file; its name appears in
// the messages.
func (s *Set) LoadConf(path string) (logs []*pgerr.Error, fatal error) {
	items, errs := ReadConf(path)
	if len(errs) > 0 {
		return errs, fatalConf(path)
	}
	return s.ApplyConf(items, path, false)
}

// ReloadConf re-reads the configuration file on SIGHUP. Only settings that
// may change at run time change; a new value for a setting fixed at server
// start is reported ("cannot be changed without restarting the server") and
// marked pending restart. Settings that left the file go back to their
// defaults. The result is the LOG lines PostgreSQL writes for the reload.
func (s *Set) ReloadConf(path string) []*pgerr.Error {
	items, errs := ReadConf(path)
	if len(errs) > 0 {
		return append(errs, confLog(codeConfigFileError,
			"configuration file \"%s\" contains errors; no changes were applied", path))
	}
	logs, _ := s.ApplyConf(items, path, true)
	return logs
}

// ApplyConf applies parsed configuration items from file: at start when
// reload is false (errors are fatal), or on SIGHUP when it is true. It
// returns the LOG lines to write and, at start, the FATAL error if anything
// was wrong.
func (s *Set) ApplyConf(items []ConfItem, file string, reload bool) (logs []*pgerr.Error, fatal error) {
	// First pass: every name must be known or a valid placeholder name;
	// otherwise nothing is applied.
	bad := false
	for _, it := range items {
		if _, ok := lookupID(it.Name); ok {
			continue
		}
		if validCustomName(it.Name) {
			continue
		}
		logs = append(logs, confLog(pgerr.UndefinedObject,
			"unrecognized configuration parameter \"%s\" in file \"%s\" line %d", it.Name, it.File, it.Line))
		bad = true
	}
	if bad {
		if reload {
			return append(logs, confLog(codeConfigFileError,
				"configuration file \"%s\" contains errors; no changes were applied", file)), nil
		}
		return logs, fatalConf(file)
	}

	// The last line for a name wins.
	last := make(map[string]int, len(items))
	for i, it := range items {
		last[lowerASCII(it.Name)] = i
	}

	ctx := ContextPostmaster
	hadError := false
	if reload {
		ctx = ContextSighup
		l, e := s.revertRemoved(last)
		logs, hadError = append(logs, l...), e
	}
	for i, it := range items {
		if last[lowerASCII(it.Name)] != i {
			continue
		}
		d, sl, err := s.lookup(it.Name, true)
		if err != nil {
			logs = append(logs, asLog(err))
			hadError = true
			continue
		}
		if reload && d.Context == ContextPostmaster {
			v, err := parseValue(s, d, it.Name, it.Value)
			if err != nil {
				logs = append(logs, asLog(err))
				hadError = true
				continue
			}
			// A higher source (the command line) hides the file.
			if sl.src > SourceFile {
				continue
			}
			if !v.equal(sl.cur) {
				sl.pendingRestart = true
				logs = append(logs, asLog(errNeedsRestart(it.Name)))
				hadError = true
			} else {
				sl.pendingRestart = false
			}
			continue
		}
		before := sl.cur
		if _, err := s.apply(it.Name, &it.Value, ctx, SourceFile, false); err != nil {
			logs = append(logs, asLog(err))
			hadError = true
			continue
		}
		if sl.src == SourceFile || sl.resetSrc == SourceFile {
			s.setOrigin(d.Name, origin{it.File, it.Line})
		}
		if reload && !before.equal(sl.cur) {
			logs = append(logs, confLog(pgerr.SuccessfulCompletion,
				"parameter \"%s\" changed to \"%s\"", it.Name, it.Value))
		}
	}
	if hadError {
		if reload {
			logs = append(logs, confLog(codeConfigFileError,
				"configuration file \"%s\" contains errors; unaffected changes were applied", file))
			return logs, nil
		}
		return logs, fatalConf(file)
	}
	return logs, nil
}

// revertRemoved puts settings that came from the file but are no longer in
// it back to their defaults, in name order. A setting fixed at server start
// cannot go back and is reported, which counts as an error in the file.
func (s *Set) revertRemoved(present map[string]int) (logs []*pgerr.Error, hadError bool) {
	for _, id := range sortedIDs {
		d, sl := &builtin[id], &s.slots[id]
		if sl.resetSrc != SourceFile && sl.src != SourceFile {
			continue
		}
		if _, ok := present[lowerASCII(d.Name)]; ok {
			continue
		}
		if d.Context == ContextPostmaster {
			sl.pendingRestart = true
			logs = append(logs, asLog(errNeedsRestart(d.Name)))
			hadError = true
			continue
		}
		logs = append(logs, s.revertOne(d, sl)...)
	}
	for _, name := range s.customNames() {
		c := s.custom[name]
		if c.slot.resetSrc != SourceFile && c.slot.src != SourceFile {
			continue
		}
		if _, ok := present[name]; ok {
			continue
		}
		logs = append(logs, s.revertOne(&c.def, &c.slot)...)
	}
	return logs, hadError
}

func (s *Set) revertOne(d *Def, sl *slot) []*pgerr.Error {
	if (d.Context == ContextBackend || d.Context == ContextSuperuserBackend) && !s.Postmaster {
		return nil
	}
	if sl.resetSrc == SourceFile {
		sl.reset, sl.resetSrc = d.boot, SourceDefault
	}
	if sl.src == SourceFile {
		changed := !sl.cur.equal(d.boot)
		sl.cur, sl.src = d.boot, SourceDefault
		s.noteChange(d, changed)
	}
	delete(s.origins, lowerASCII(d.Name))
	return []*pgerr.Error{confLog(pgerr.SuccessfulCompletion,
		"parameter \"%s\" removed from configuration file, reset to default", d.Name)}
}

// asLog turns an error into a LOG line with the same code and text.
func asLog(err error) *pgerr.Error {
	e := *pgerr.From(err)
	e.Severity = pgerr.SeverityLog
	return &e
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
