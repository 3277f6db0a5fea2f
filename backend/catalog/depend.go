package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
)

// Dependency types (pg_depend.deptype).
const (
	depNormal   byte = 'n' // the dependent blocks a plain DROP of the referenced object; CASCADE drops it
	depAuto     byte = 'a' // the dependent goes silently with the referenced object
	depInternal byte = 'i' // the dependent is part of the referenced object's implementation
)

// objAddr names a catalog object (ObjectAddress): its catalog, oid and,
// for a column, attnum.
type objAddr struct {
	class uint32
	oid   uint32
	sub   int32
}

func relAddr(oid uint32) objAddr          { return objAddr{PgClass, oid, 0} }
func colAddr(oid uint32, n int16) objAddr { return objAddr{PgClass, oid, int32(n)} }
func conAddr(oid uint32) objAddr          { return objAddr{PgConstraint, oid, 0} }
func defAddr(oid uint32) objAddr          { return objAddr{PgAttrdef, oid, 0} }
func nsAddr(oid uint32) objAddr           { return objAddr{PgNamespace, oid, 0} }
func ruleAddr(oid uint32) objAddr         { return objAddr{PgRewrite, oid, 0} }
func (a objAddr) whole() objAddr          { return objAddr{a.class, a.oid, 0} }

// covers reports whether dropping a drops b: the same object, or a whole
// relation and one of its columns.
func (a objAddr) covers(b objAddr) bool {
	return a.class == b.class && a.oid == b.oid && (a.sub == 0 || a.sub == b.sub)
}

// depRow is a pg_depend row.
type depRow struct {
	tid      tuple.TID
	obj, ref objAddr
	typ      byte
}

// recordDep writes a pg_depend row: obj depends on ref.
func (c *Catalog) recordDep(tx heap.Txn, obj, ref objAddr, typ byte) error {
	r := newRow(catalogByOid[PgDepend]).set("classid", dOid(obj.class)).set("objid", dOid(obj.oid)).
		set("objsubid", dInt4(obj.sub)).set("refclassid", dOid(ref.class)).set("refobjid", dOid(ref.oid)).
		set("refobjsubid", dInt4(ref.sub)).set("deptype", dChar(typ))
	_, err := c.insert(tx, r)
	return err
}

// loadDeps reads every pg_depend row snap sees.
func (c *Catalog) loadDeps(snap heap.Snapshot) ([]depRow, error) {
	var out []depRow
	err := c.scan(snap, PgDepend, func(r *crow) (bool, error) {
		out = append(out, depRow{tid: r.tid,
			obj: objAddr{r.oid("classid"), r.oid("objid"), r.int4("objsubid")},
			ref: objAddr{r.oid("refclassid"), r.oid("refobjid"), r.int4("refobjsubid")},
			typ: r.char("deptype")})
		return true, nil
	})
	return out, err
}
