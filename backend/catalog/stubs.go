package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

func notYet(what string) error {
	return pgerr.New(pgerr.FeatureNotSupported, "%s is not supported yet", what)
}

// CreateView records a view (pg_class kind 'v', its columns, and its
// query text in pg_rewrite.ev_action).
func (c *Catalog) CreateView(tx heap.Txn, snap heap.Snapshot, spec ViewSpec) (*Relation, error) {
	return nil, notYet("CREATE VIEW")
}

// RenameRelation renames relation oid (42P07 if the name is taken).
func (c *Catalog) RenameRelation(tx heap.Txn, snap heap.Snapshot, oid uint32, newName string) error {
	return notYet("ALTER TABLE RENAME")
}

// AddColumn adds a column at the end of table oid.
func (c *Catalog) AddColumn(tx heap.Txn, snap heap.Snapshot, oid uint32, col ColumnSpec) (*Column, error) {
	return nil, notYet("ALTER TABLE ADD COLUMN")
}

// DropColumn marks a column dropped (attisdropped), as PostgreSQL does.
func (c *Catalog) DropColumn(tx heap.Txn, snap heap.Snapshot, oid uint32, name string, cascade bool) error {
	return notYet("ALTER TABLE DROP COLUMN")
}

// RenameColumn renames a column.
func (c *Catalog) RenameColumn(tx heap.Txn, snap heap.Snapshot, oid uint32, oldName, newName string) error {
	return notYet("ALTER TABLE RENAME COLUMN")
}

// SetNotNull sets attnotnull of a column.
func (c *Catalog) SetNotNull(tx heap.Txn, snap heap.Snapshot, oid uint32, col string) error {
	return notYet("ALTER TABLE SET NOT NULL")
}

// DropNotNull clears attnotnull of a column.
func (c *Catalog) DropNotNull(tx heap.Txn, snap heap.Snapshot, oid uint32, col string) error {
	return notYet("ALTER TABLE DROP NOT NULL")
}

// SetDefault sets a column's default to expr (SQL text), or drops it when
// expr is "".
func (c *Catalog) SetDefault(tx heap.Txn, snap heap.Snapshot, oid uint32, col, expr string, dependsOn []uint32) error {
	return notYet("ALTER TABLE SET DEFAULT")
}

// SetRelfilenode gives table oid, its indexes and its toast relation new
// relfilenodes (TRUNCATE) and returns them; the old files are unlinked at
// commit, the new ones at abort.
func (c *Catalog) SetRelfilenode(tx heap.Txn, snap heap.Snapshot, oid uint32) ([]RelFile, error) {
	return nil, notYet("TRUNCATE")
}

// CreateDatabase copies the template's directory (after flushing its
// buffers) and records the database. As in PostgreSQL it cannot be rolled
// back cleanly: the caller runs it in a transaction of its own.
func (c *Catalog) CreateDatabase(tx heap.Txn, snap heap.Snapshot, name, template string, owner uint32) (uint32, error) {
	return 0, notYet("CREATE DATABASE")
}

// DropDatabase deletes the database's row; its directory is removed at
// commit.
func (c *Catalog) DropDatabase(tx heap.Txn, snap heap.Snapshot, name string) error {
	return notYet("DROP DATABASE")
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
