package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

// DropRelations drops several relations as one set (DROP TABLE a, b): a
// dependency between members of the set does not block the drop, as in
// PostgreSQL; messages name the first.
func (c *Catalog) DropRelations(tx heap.Txn, snap heap.Snapshot, oids []uint32, cascade bool) ([]RelFile, error) {
	if len(oids) == 0 {
		return nil, nil
	}
	d, err := c.newDropper(tx, snap, cascade)
	if err != nil {
		return nil, err
	}
	targets := make([]objAddr, 0, len(oids))
	for _, oid := range oids {
		ci, ok := d.st.classes[oid]
		if !ok {
			return nil, pgerr.New(pgerr.UndefinedTable, "could not open relation with OID %d", oid)
		}
		if err := checkAlterable(&Relation{Oid: oid, Name: ci.name}); err != nil {
			return nil, err
		}
		targets = append(targets, relAddr(oid))
	}
	before := len(c.dropped)
	if err := d.runAll(targets...); err != nil {
		return nil, err
	}
	c.didDDL = true
	return append([]RelFile(nil), c.dropped[before:]...), nil
}
