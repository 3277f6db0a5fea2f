package engine

import (
	"strconv"
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
)

// createDatabase runs CREATE DATABASE: a copy of the template's files
// (template1 unless TEMPLATE says otherwise). As in PostgreSQL it cannot
// run inside a transaction block, and nobody may be connected to the
// template.
func (s *Session) createDatabase(n *parser.CreatedbStmt) (string, error) {
	if s.inBlock {
		return "", pgerr.New(pgerr.ActiveSQLTransaction, "CREATE DATABASE cannot run inside a transaction block")
	}
	template := "template1"
	for _, o := range n.Options {
		if o.Name == "template" {
			template = optText(o)
		}
	}
	if template != "template0" && s.connectedTo(template) {
		return "", pgerr.New(pgerr.ObjectInUse, "source database %q is being accessed by other users", template).
			WithDetail("There is 1 other session using the database.")
	}
	me, err := s.currentRole()
	if err != nil {
		return "", err
	}
	if !me.Super && !me.CreateDB {
		return "", pgerr.New(pgerr.InsufficientPrivilege, "permission denied to create database")
	}
	s.didDDL = true
	if _, err := s.cat.CreateDatabase(s.xact, s.snapshot(), n.Name, template, me.Oid); err != nil {
		return "", err
	}
	return "CREATE DATABASE", nil
}

// dropDatabase runs DROP DATABASE.
func (s *Session) dropDatabase(n *parser.DropdbStmt) (string, error) {
	if s.inBlock {
		return "", pgerr.New(pgerr.ActiveSQLTransaction, "DROP DATABASE cannot run inside a transaction block")
	}
	snap := s.snapshot()
	if _, err := s.cat.Database(snap, n.Name); err != nil {
		if n.MissingOk {
			e := pgerr.New("00000", "database %q does not exist, skipping", n.Name)
			e.Severity = pgerr.SeverityNotice
			s.notices = append(s.notices, e)
			return "DROP DATABASE", nil
		}
		return "", err
	}
	if n.Name == s.dbName {
		return "", pgerr.New(pgerr.ObjectInUse, "cannot drop the currently open database")
	}
	if s.connectedTo(n.Name) {
		return "", pgerr.New(pgerr.ObjectInUse, "database %q is being accessed by other users", n.Name).
			WithDetail("There is 1 other session using the database.")
	}
	s.didDDL = true
	if db, err := s.cat.Database(snap, n.Name); err == nil {
		s.statDropDBs = append(s.statDropDBs, db.Oid)
	}
	if err := s.cat.DropDatabase(s.xact, snap, n.Name); err != nil {
		return "", err
	}
	return "DROP DATABASE", nil
}

// connectedTo reports whether another session is connected to database
// name (from the proc array).
func (s *Session) connectedTo(name string) bool {
	seg := s.e.seg
	for i := 0; i < seg.MaxProcs(); i++ {
		p := seg.Proc(i)
		if p == s.e.proc || p.Pid() == 0 {
			continue
		}
		a := p.Activity()
		switch a.State.String() {
		case "free", "pooled", "starting", "exiting":
			continue
		}
		if a.Database == name {
			return true
		}
	}
	return false
}

// createSequence runs CREATE SEQUENCE.
func (s *Session) createSequence(n *parser.CreateSeqStmt) (string, error) {
	snap := s.snapshot()
	ns, owner, err := s.creationNamespace(n.Sequence.Schema)
	if err != nil {
		return "", err
	}
	if oid, err := s.cat.RelationIn(snap, ns, n.Sequence.Name); err != nil {
		return "", err
	} else if oid != 0 {
		if n.IfNotExists {
			s.queueNotice("relation \"" + n.Sequence.Name + "\" already exists, skipping")
			return "CREATE SEQUENCE", nil
		}
		return "", pgerr.New(pgerr.DuplicateTable, "relation %q already exists", n.Sequence.Name)
	}
	spec := catalog.SequenceSpec{Namespace: ns, Name: n.Sequence.Name}
	ownedBy, err := seqSpecOptions(&spec, n.Options)
	if err != nil {
		return "", err
	}
	s.didDDL = true
	spec.Owner = owner
	seq, err := s.cat.CreateSequence(s.xact, snap, spec)
	if err != nil {
		return "", err
	}
	if err := s.ownSequence(seq.Oid, ownedBy); err != nil {
		return "", err
	}
	return "CREATE SEQUENCE", nil
}

func optText(o *parser.DefElem) string {
	switch a := o.Arg.(type) {
	case *parser.AConst:
		if a.Kind == parser.ConstBool {
			return strconv.FormatBool(a.Bool)
		}
		return a.Val
	case nil:
		return "true"
	}
	return strings.Trim(o.Arg.String(), "'")
}

func optInt(o *parser.DefElem) (int64, error) {
	if a, ok := o.Arg.(*parser.AConst); ok && a.Kind == parser.ConstInteger {
		return a.Ival, nil
	}
	v, err := strconv.ParseInt(optText(o), 10, 64)
	if err != nil {
		return 0, pgerr.New(pgerr.SyntaxError, "%s requires a numeric value", o.Name)
	}
	return v, nil
}
