package catalog

// SubMark is how far the open transaction's pending file work (relation
// files created, relation files and database directories to remove at
// commit) had gone when a savepoint was set.
type SubMark struct{ created, dropped, droppedDBs, createdDBs int }

// Mark returns the current SubMark, for a savepoint being set.
func (c *Catalog) Mark() SubMark {
	return SubMark{len(c.created), len(c.dropped), len(c.droppedDBs), len(c.createdDBs)}
}

// RollbackSub undoes the pending file work done since m, as a rollback to
// the savepoint undoes its catalog rows: the relation files and database
// directories created since are removed now (nothing refers to them any
// more), and the drops since are forgotten (their files are the
// relations' current ones again), so that the commit unlinks only what
// the surviving part of the transaction dropped.
func (c *Catalog) RollbackSub(m SubMark) error {
	var first error
	if m.created <= len(c.created) {
		for _, f := range c.created[m.created:] {
			if err := c.UnlinkRelfilenode(f); err != nil && first == nil {
				first = err
			}
		}
		c.created = c.created[:m.created]
	}
	if m.createdDBs <= len(c.createdDBs) {
		for _, db := range c.createdDBs[m.createdDBs:] {
			if err := c.removeDatabaseDir(db); err != nil && first == nil {
				first = err
			}
		}
		c.createdDBs = c.createdDBs[:m.createdDBs]
	}
	if m.dropped <= len(c.dropped) {
		c.dropped = c.dropped[:m.dropped]
	}
	if m.droppedDBs <= len(c.droppedDBs) {
		c.droppedDBs = c.droppedDBs[:m.droppedDBs]
	}
	c.cache.reset()
	return first
}
