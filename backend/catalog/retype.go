package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
)

// IdentitySequence returns the sequence behind identity column num of
// table rel (its pg_depend row is internal, on the column), 0 if none.
func (c *Catalog) IdentitySequence(snap heap.Snapshot, rel uint32, num int16) (uint32, error) {
	var out uint32
	err := c.scan(snap, PgDepend, func(r *crow) (bool, error) {
		if r.oid("classid") == PgClass && r.oid("refclassid") == PgClass && r.oid("refobjid") == rel &&
			r.int4("refobjsubid") == int32(num) && r.char("deptype") == depInternal {
			if oid := r.oid("objid"); c.isSequence(snap, oid) {
				out = oid
				return false, nil
			}
		}
		return true, nil
	})
	return out, err
}

// CheckRetypable refuses ALTER COLUMN ... TYPE on relation r when it is
// not a table (42809) or is a system catalog, before anything is
// analysed against it.
func CheckRetypable(r *Relation) error {
	return checkTableAction(r, "ALTER COLUMN ... SET DATA TYPE")
}

// CachedRelation returns relation oid as the catalog cache holds it, nil
// when it is not cached (the cache is emptied by any DDL, this backend's
// or a committed one): a lookup that takes no snapshot, for hot paths
// that fall back to Relation on a miss.
func (c *Catalog) CachedRelation(oid uint32) *Relation { return c.cache.rels[oid] }

// attTypeSetter returns the update of a pg_attribute row that gives it
// type t (a describes t's storage).
func attTypeSetter(t types.T, a attInfo) func(*row) {
	return func(row *row) {
		row.set("atttypid", dOid(t.Oid)).set("atttypmod", dInt4(t.Mod)).set("attlen", dInt2(int16(a.attr.Len))).
			set("attbyval", dBool(a.attr.ByVal)).set("attalign", dChar(a.attr.Align)).
			set("attstorage", dChar(storageOr(a.attr))).set("attcollation", dOid(a.collation)).
			set("attndims", dInt4(int32(a.ndims)))
	}
}

// SetIndexKeyType records type t for key column num of index ix (its
// pg_attribute row), for an expression key whose type changed with the
// type of a column it reads.
func (c *Catalog) SetIndexKeyType(tx heap.Txn, snap heap.Snapshot, ix uint32, num int16, t types.T) error {
	a, err := columnAtt(ix, num, "", t, 0)
	if err != nil {
		return err
	}
	d := c.cmd(tx, snap)
	d.updateAtt(ix, num, attTypeSetter(t, a))
	return d.flush()
}

// SetIdentity sets the identity kind of column num of table oid:
// 'a' ALWAYS, 'd' BY DEFAULT, 0 none (DROP IDENTITY).
func (c *Catalog) SetIdentity(tx heap.Txn, snap heap.Snapshot, oid uint32, num int16, kind byte) error {
	d := c.cmd(tx, snap)
	d.updateAtt(oid, num, func(row *row) { row.set("attidentity", dChar(kind)) })
	return d.flush()
}

// ReleaseIdentitySequence removes the internal dependency of identity
// sequence seq on its column of table rel (DROP IDENTITY, before the
// sequence is dropped on its own).
func (c *Catalog) ReleaseIdentitySequence(tx heap.Txn, snap heap.Snapshot, rel, seq uint32) error {
	c.didDDL = true
	return c.scan(snap, PgDepend, func(r *crow) (bool, error) {
		if r.oid("classid") == PgClass && r.oid("objid") == seq && r.oid("refclassid") == PgClass &&
			r.oid("refobjid") == rel && r.char("deptype") == depInternal {
			return false, c.delete(tx, PgDepend, r.tid)
		}
		return true, nil
	})
}
