package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

// poolFlusher is the part of the buffer pool that writes every dirty
// page out (*bufmgr.Pool has it).
type poolFlusher interface{ FlushAll() error }

// CreateDatabase creates database name as a copy of template: the pool's
// dirty pages are written out, base/<template> is copied file by file to
// base/<new oid> and made durable, and the pg_database row is inserted by
// tx. As in PostgreSQL it cannot run inside a transaction block: the
// caller runs it in a transaction of its own (AtAbort removes the copy).
// Nobody may be changing the template meanwhile (PostgreSQL refuses while
// others are connected to it: the caller checks).
func (c *Catalog) CreateDatabase(tx heap.Txn, snap heap.Snapshot, name, template string, owner uint32) (uint32, error) {
	if template == "" {
		template = "template1"
	}
	if d, err := c.findDatabase(snap, name); err != nil {
		return 0, err
	} else if d != nil {
		return 0, pgerr.New(pgerr.DuplicateDatabase, "database \"%s\" already exists", name)
	}
	src, err := c.findDatabase(snap, template)
	if err != nil {
		return 0, err
	}
	if src == nil {
		return 0, pgerr.New(pgerr.InvalidCatalogName, "template database \"%s\" does not exist", template)
	}
	if owner == 0 {
		owner = BootstrapSuperuser
	}
	if f, ok := c.pool.(poolFlusher); ok {
		if err := f.FlushAll(); err != nil {
			return 0, err
		}
	}
	oid, err := c.NewOid()
	if err != nil {
		return 0, err
	}
	if err := copyDatabaseDir(c.dataDir, src.Oid, oid); err != nil {
		return 0, err
	}
	c.createdDBs = append(c.createdDBs, oid)
	c.didDDL = true
	_, err = c.insert(tx, databaseRow(oid, name, owner, false, true))
	return oid, err
}

// DropDatabase deletes database name's row; its directory (and buffers)
// go when the transaction commits. The caller makes sure nobody is
// connected to it (55006).
func (c *Catalog) DropDatabase(tx heap.Txn, snap heap.Snapshot, name string) error {
	var found *Database
	err := c.scan(snap, PgDatabase, func(r *crow) (bool, error) {
		if r.name("datname") != name {
			return true, nil
		}
		found = readDatabase(r)
		if found.Oid == c.db {
			return false, pgerr.New(pgerr.ObjectInUse, "cannot drop the currently open database")
		}
		if found.IsTemplate {
			return false, pgerr.New(pgerr.WrongObjectType, "cannot drop a template database")
		}
		return false, c.delete(tx, PgDatabase, r.tid)
	})
	if err != nil {
		return err
	}
	if found == nil {
		return pgerr.New(pgerr.InvalidCatalogName, "database \"%s\" does not exist", name)
	}
	c.didDDL = true
	c.droppedDBs = append(c.droppedDBs, found.Oid)
	return nil
}
