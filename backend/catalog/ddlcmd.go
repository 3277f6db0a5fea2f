package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

// ddlCmd is one DDL command in progress. Rows it inserts are invisible to
// its own snapshot (same command id), so it remembers the names it takes;
// and since a row may be changed only once per command, changes to
// existing pg_class and pg_attribute rows are gathered and applied
// together by flush.
type ddlCmd struct {
	c        *Catalog
	tx       heap.Txn
	snap     heap.Snapshot
	relNames map[relKey]bool
	conNames map[relKey]uint32 // (namespace, constraint name) -> its relation; loaded on first use
	newCons  map[relKey]uint32
	classUpd map[uint32][]func(r *row)
	attUpd   map[objAddr][]func(r *row)
	fkTables map[uint32]bool // tables given relhastriggers by this command's foreign keys
}

func (c *Catalog) cmd(tx heap.Txn, snap heap.Snapshot) *ddlCmd {
	c.didDDL = true
	return &ddlCmd{c: c, tx: tx, snap: snap, relNames: map[relKey]bool{}, newCons: map[relKey]uint32{},
		classUpd: map[uint32][]func(*row){}, attUpd: map[objAddr][]func(*row){}}
}

// relTaken reports whether schema ns has a relation called name.
func (d *ddlCmd) relTaken(ns uint32, name string) (bool, error) {
	if d.relNames[relKey{ns, name}] {
		return true, nil
	}
	oid, err := d.c.findRelationOid(d.snap, ns, name)
	return oid != 0, err
}

// takeRelName claims name in ns for a new relation: 42P07 if it is
// taken.
func (d *ddlCmd) takeRelName(ns uint32, name string) error {
	taken, err := d.relTaken(ns, name)
	if err != nil {
		return err
	}
	if taken {
		return pgerr.New(pgerr.DuplicateTable, "relation \"%s\" already exists", name)
	}
	d.relNames[relKey{ns, name}] = true
	return nil
}

// chooseRelName picks a free implicit relation name and claims it.
func (d *ddlCmd) chooseRelName(ns uint32, name1, name2, label string) (string, error) {
	n, err := chooseName(name1, name2, label, func(s string) (bool, error) { return d.relTaken(ns, s) })
	if err != nil {
		return "", err
	}
	d.relNames[relKey{ns, n}] = true
	return n, nil
}

// constraintRel returns the relation that has constraint name in schema
// ns, 0 if none.
func (d *ddlCmd) constraintRel(ns uint32, name string) (uint32, error) {
	if rel, ok := d.newCons[relKey{ns, name}]; ok {
		return rel, nil
	}
	if d.conNames == nil {
		d.conNames = map[relKey]uint32{}
		err := d.c.scan(d.snap, PgConstraint, func(r *crow) (bool, error) {
			d.conNames[relKey{r.oid("connamespace"), r.name("conname")}] = r.oid("conrelid")
			return true, nil
		})
		if err != nil {
			return 0, err
		}
	}
	return d.conNames[relKey{ns, name}], nil
}

// updateClass queues a change of relation oid's pg_class row.
func (d *ddlCmd) updateClass(oid uint32, f func(r *row)) {
	d.classUpd[oid] = append(d.classUpd[oid], f)
}

// updateAtt queues a change of a pg_attribute row.
func (d *ddlCmd) updateAtt(rel uint32, num int16, f func(r *row)) {
	a := colAddr(rel, num)
	d.attUpd[a] = append(d.attUpd[a], f)
}

// flush applies the queued row changes, each row once.
func (d *ddlCmd) flush() error {
	if len(d.classUpd) > 0 {
		err := d.c.scan(d.snap, PgClass, func(r *crow) (bool, error) {
			fs := d.classUpd[r.oid("oid")]
			if len(fs) == 0 {
				return true, nil
			}
			nr := r.copyRow()
			for _, f := range fs {
				f(nr)
			}
			return true, d.c.update(d.tx, r.tid, nr)
		})
		if err != nil {
			return err
		}
	}
	if len(d.attUpd) > 0 {
		err := d.c.scan(d.snap, PgAttribute, func(r *crow) (bool, error) {
			fs := d.attUpd[colAddr(r.oid("attrelid"), r.int2("attnum"))]
			if len(fs) == 0 {
				return true, nil
			}
			nr := r.copyRow()
			for _, f := range fs {
				f(nr)
			}
			return true, d.c.update(d.tx, r.tid, nr)
		})
		if err != nil {
			return err
		}
	}
	d.classUpd, d.attUpd = map[uint32][]func(*row){}, map[objAddr][]func(*row){}
	return nil
}

// insert writes a new catalog row.
func (d *ddlCmd) insert(r *row) error {
	_, err := d.c.insert(d.tx, r)
	return err
}

func (d *ddlCmd) dep(obj, ref objAddr, typ byte) error { return d.c.recordDep(d.tx, obj, ref, typ) }
