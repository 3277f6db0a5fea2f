package catalog

import "ringpg/backend/access/heap"

// SetComment sets the comment of a relation (col 0) or of one of its
// columns (COMMENT ON TABLE / COLUMN), or removes it when text is "".
// Dropping the relation removes its comments.
func (c *Catalog) SetComment(tx heap.Txn, snap heap.Snapshot, rel uint32, col int16, text string) error {
	c.didDDL = true
	err := c.scan(snap, PgDescription, func(r *crow) (bool, error) {
		if r.oid("objoid") == rel && r.oid("classoid") == PgClass && r.int4("objsubid") == int32(col) {
			return false, c.delete(tx, PgDescription, r.tid)
		}
		return true, nil
	})
	if err != nil || text == "" {
		return err
	}
	_, err = c.insert(tx, newRow(catalogByOid[PgDescription]).set("objoid", dOid(rel)).set("classoid", dOid(PgClass)).
		set("objsubid", dInt4(int32(col))).set("description", dText(text)))
	return err
}

// Comment returns the comment of a relation (col 0) or column, "" if
// none (obj_description, col_description).
func (c *Catalog) Comment(snap heap.Snapshot, rel uint32, col int16) (string, error) {
	var out string
	err := c.scan(snap, PgDescription, func(r *crow) (bool, error) {
		if r.oid("objoid") == rel && r.oid("classoid") == PgClass && r.int4("objsubid") == int32(col) {
			out = r.text("description")
			return false, nil
		}
		return true, nil
	})
	return out, err
}
