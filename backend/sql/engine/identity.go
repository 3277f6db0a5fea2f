package engine

import (
	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// alterIdentity runs ALTER COLUMN ... ADD GENERATED ... AS IDENTITY, SET
// GENERATED / SET sequence option / RESTART, and DROP IDENTITY.
func (s *Session) alterIdentity(oid uint32, cmd *parser.AlterTableCmd) error {
	snap := s.snapshot()
	rel, err := s.cat.Relation(snap, oid)
	if err != nil {
		return err
	}
	col := rel.Column(cmd.Name)
	if col == nil {
		return pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", cmd.Name, rel.Name)
	}
	notIdentity := func() error {
		return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "column %q of relation %q is not an identity column", cmd.Name, rel.Name)
	}
	switch cmd.Kind {
	case parser.ATAddIdentity:
		return s.addIdentity(rel, col, cmd)
	case parser.ATDropIdentity:
		if col.Identity == 0 {
			if cmd.MissingOk {
				e := pgerr.New(pgerr.ObjectNotInPrerequisiteState, "column %q of relation %q is not an identity column, skipping", cmd.Name, rel.Name)
				e.Severity = pgerr.SeverityNotice
				s.notices = append(s.notices, e)
				return nil
			}
			return notIdentity()
		}
		seq, err := s.cat.IdentitySequence(snap, oid, col.Num)
		if err != nil {
			return err
		}
		if err := s.cat.SetIdentity(s.xact, snap, oid, col.Num, 0); err != nil {
			return err
		}
		if seq == 0 {
			return nil
		}
		if err := s.cat.ReleaseIdentitySequence(s.xact, snap, oid, seq); err != nil {
			return err
		}
		if err := s.nextCommand(); err != nil {
			return err
		}
		dropped, err := s.cat.DropRelation(s.xact, s.snapshot(), seq, false)
		if err != nil {
			return err
		}
		s.noteStatDrops(dropped)
		return nil
	}
	if col.Identity == 0 {
		return notIdentity()
	}
	var seqOpts []*parser.DefElem
	for _, o := range cmd.Options {
		if o.Name != "generated" {
			seqOpts = append(seqOpts, o)
			continue
		}
		kind := byte('d')
		if a, ok := o.Arg.(*parser.AConst); ok && a.Val == "a" {
			kind = 'a'
		}
		if err := s.cat.SetIdentity(s.xact, snap, oid, col.Num, kind); err != nil {
			return err
		}
	}
	if len(seqOpts) == 0 {
		return nil
	}
	seq, err := s.cat.IdentitySequence(snap, oid, col.Num)
	if err != nil || seq == 0 {
		return err
	}
	a, _, err := seqAlterOptions(seqOpts)
	if err != nil {
		return err
	}
	return s.cat.AlterSequence(s.xact, snap, seq, a)
}

// addIdentity makes a NOT NULL column without a default an identity
// column with a new sequence.
func (s *Session) addIdentity(rel *catalog.Relation, col *catalog.Column, cmd *parser.AlterTableCmd) error {
	if err := checkIdentityType(col.Type.Oid); err != nil {
		return err
	}
	switch {
	case col.Identity != 0:
		return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "column %q of relation %q is already an identity column", col.Name, rel.Name)
	case !col.NotNull:
		return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "column %q of relation %q must be declared NOT NULL before identity can be added", col.Name, rel.Name)
	case col.Default != "":
		return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "column %q of relation %q already has a default value", col.Name, rel.Name)
	}
	snap := s.snapshot()
	name, err := s.freeRelName(snap, rel.Namespace, rel.Name+"_"+col.Name+"_seq")
	if err != nil {
		return err
	}
	spec := catalog.SequenceSpec{Namespace: rel.Namespace, Name: name, Type: col.Type.Oid, Owner: rel.Owner, Persistence: rel.Persistence}
	kind := byte('d')
	if c := cmd.Constraint; c != nil {
		if _, err := seqSpecOptions(&spec, c.Options); err != nil {
			return err
		}
		if c.GeneratedWhen == parser.GeneratedAlways {
			kind = 'a'
		}
	}
	seq, err := s.cat.CreateSequence(s.xact, snap, spec)
	if err != nil {
		return err
	}
	if err := s.cat.SetSequenceOwner(s.xact, seq.Oid, rel.Oid, col.Num, true); err != nil {
		return err
	}
	return s.cat.SetIdentity(s.xact, snap, rel.Oid, col.Num, kind)
}

// checkIdentityType refuses an identity column of a type other than the
// integers.
func checkIdentityType(t types.Oid) error {
	switch t {
	case types.Int2Oid, types.Int4Oid, types.Int8Oid:
		return nil
	}
	return pgerr.New(pgerr.InvalidParameterValue, "identity column type must be smallint, integer, or bigint")
}
