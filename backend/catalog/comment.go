package catalog

import "ringpg/backend/access/heap"

// SetComment sets the comment of a relation (col 0) or of one of its
// columns (COMMENT ON TABLE / COLUMN), or removes it when text is "".
// Dropping the relation removes its comments.
func (c *Catalog) SetComment(tx heap.Txn, snap heap.Snapshot, rel uint32, col int16, text string) error {
	return c.SetDescription(tx, snap, rel, PgClass, int32(col), text)
}

// SetDescription sets pg_description's text for an object of catalog
// class (sub 0 for the object itself, a column number for a column), or
// removes it when text is "" (COMMENT ON ... IS NULL or ”).
func (c *Catalog) SetDescription(tx heap.Txn, snap heap.Snapshot, obj, class uint32, sub int32, text string) error {
	c.didDDL = true
	err := c.scan(snap, PgDescription, func(r *crow) (bool, error) {
		if r.oid("objoid") == obj && r.oid("classoid") == class && r.int4("objsubid") == sub {
			return false, c.delete(tx, PgDescription, r.tid)
		}
		return true, nil
	})
	if err != nil || text == "" {
		return err
	}
	_, err = c.insert(tx, newRow(catalogByOid[PgDescription]).set("objoid", dOid(obj)).set("classoid", dOid(class)).
		set("objsubid", dInt4(sub)).set("description", dText(text)))
	return err
}

// SetSharedDescription is SetDescription for shared objects (databases
// and roles), in pg_shdescription.
func (c *Catalog) SetSharedDescription(tx heap.Txn, snap heap.Snapshot, obj, class uint32, text string) error {
	c.didDDL = true
	err := c.scan(snap, PgShdescription, func(r *crow) (bool, error) {
		if r.oid("objoid") == obj && r.oid("classoid") == class {
			return false, c.delete(tx, PgShdescription, r.tid)
		}
		return true, nil
	})
	if err != nil || text == "" {
		return err
	}
	_, err = c.insert(tx, newRow(catalogByOid[PgShdescription]).set("objoid", dOid(obj)).set("classoid", dOid(class)).
		set("description", dText(text)))
	return err
}

// Comment returns the comment of a relation (col 0) or column, "" if
// none (obj_description, col_description).
func (c *Catalog) Comment(snap heap.Snapshot, rel uint32, col int16) (string, error) {
	out, _, err := c.Description(snap, rel, PgClass, int32(col))
	return out, err
}
