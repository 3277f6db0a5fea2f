package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

func notYet(what string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "%s is not supported yet", what)
}

// CreateSequence creates a sequence relation (kind 'S') with its one-tuple
// page and pg_sequence row.
func (c *Catalog) CreateSequence(tx heap.Txn, snap heap.Snapshot, spec SequenceSpec) (*Relation, error) {
	return nil, notYet("CREATE SEQUENCE")
}

// NextVal advances sequence oid and returns the new value. It is not
// transactional: the change is never rolled back.
func (c *Catalog) NextVal(snap heap.Snapshot, oid uint32) (int64, error) { return 0, notYet("nextval") }

// SetVal sets the sequence's value (setval(seq, v, isCalled)).
func (c *Catalog) SetVal(snap heap.Snapshot, oid uint32, v int64, isCalled bool) error {
	return notYet("setval")
}

// CurrVal returns the value nextval last returned for the sequence in
// this session.
func (c *Catalog) CurrVal(snap heap.Snapshot, oid uint32) (int64, error) { return 0, notYet("currval") }

// LastVal returns the value nextval last returned in this session.
func (c *Catalog) LastVal() (int64, error) { return 0, notYet("lastval") }

type seqSession struct{}

func (s *seqSession) init() {}

type seqParams struct{}
