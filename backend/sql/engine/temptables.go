package engine

import (
	"ringpg/backend/sql/parser"
	"ringpg/pgerr"
)

// ON COMMIT actions of temporary tables: a table created ON COMMIT DROP
// is dropped, and one created ON COMMIT DELETE ROWS emptied, as each
// transaction of the session commits, inside that transaction (a failure
// aborts it). A table that no longer exists (its creation was rolled back,
// or it was dropped) is forgotten.

// noteOnCommit remembers a new table's ON COMMIT action.
func (s *Session) noteOnCommit(oid uint32, act parser.OnCommitAction) {
	if act != parser.OnCommitDrop && act != parser.OnCommitDeleteRows {
		return
	}
	if s.onCommit == nil {
		s.onCommit = map[uint32]parser.OnCommitAction{}
	}
	s.onCommit[oid] = act
}

// onCommitActions runs the actions before the transaction commits.
func (s *Session) onCommitActions() error {
	if len(s.onCommit) == 0 || s.xact == nil || s.failed {
		return nil
	}
	for oid, act := range s.onCommit {
		rel, err := s.cat.Relation(s.snapshot(), oid)
		if err != nil {
			if pgerr.From(err).Code == pgerr.UndefinedTable {
				delete(s.onCommit, oid)
				continue
			}
			return err
		}
		s.didDDL = true
		switch act {
		case parser.OnCommitDrop:
			dropped, err := s.cat.DropRelation(s.xact, s.snapshot(), oid, true)
			if err != nil {
				return err
			}
			s.noteStatDrops(dropped)
			delete(s.onCommit, oid)
		case parser.OnCommitDeleteRows:
			if _, err := s.cat.SetRelfilenode(s.xact, s.snapshot(), oid); err != nil {
				return err
			}
			if err := s.nextCommand(); err != nil {
				return err
			}
			nrel, err := s.cat.Relation(s.snapshot(), rel.Oid)
			if err != nil {
				return err
			}
			if err := s.buildIndexes(nrel, nrel.Indexes); err != nil {
				return err
			}
		}
		if err := s.nextCommand(); err != nil {
			return err
		}
	}
	return nil
}
