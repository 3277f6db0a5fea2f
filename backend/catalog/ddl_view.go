package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// CreateView records a view: pg_class kind 'v' with its columns, and a
// pg_rewrite rule "_RETURN" whose ev_action holds the query's SQL text
// (PostgreSQL keeps the rewritten query tree there). The rule depends on
// every relation in spec.DependsOn, so dropping one of them fails with
// 2BP01 while the view exists. With OrReplace an existing view gets the
// new query; its columns must come first, unchanged, in the new list.
func (c *Catalog) CreateView(tx heap.Txn, snap heap.Snapshot, spec ViewSpec) (*Relation, error) {
	d := c.cmd(tx, snap)
	if spec.OrReplace {
		old, err := c.relationOid(snap, spec.Namespace, spec.Name)
		if err != nil {
			return nil, err
		}
		if old != 0 {
			return d.replaceView(old, spec)
		}
	}
	r, err := d.newRelation(spec.Namespace, spec.Name, KindView, PersistencePermanent, spec.Owner, spec.Columns)
	if err != nil {
		return nil, err
	}
	r.ViewDef = spec.Query
	if err := d.writeRelation(r, spec.Columns, 0, false); err != nil {
		return nil, err
	}
	if err := d.writeRule(r.Oid, spec); err != nil {
		return nil, err
	}
	return r, r.finish()
}

// writeRule inserts a view's _RETURN rule and its dependencies.
func (d *ddlCmd) writeRule(view uint32, spec ViewSpec) error {
	oid, err := d.c.NewOid()
	if err != nil {
		return err
	}
	row := newRow(catalogByOid[PgRewrite]).set("oid", dOid(oid)).set("rulename", dName("_RETURN")).
		set("ev_class", dOid(view)).set("ev_type", dChar('1')).set("ev_enabled", dChar('O')).
		set("is_instead", dBool(true)).set("ev_qual", dText("")).set("ev_action", dText(spec.Query))
	if err := d.insert(row); err != nil {
		return err
	}
	if err := d.dep(ruleAddr(oid), relAddr(view), depInternal); err != nil {
		return err
	}
	// As PostgreSQL: a relation the query reads columns of is depended
	// on through those columns; one it reads none of, as a whole.
	seen := map[uint32]bool{view: true}
	for _, c := range spec.DependsOnColumns {
		seen[c.Rel] = true
	}
	for _, ref := range spec.DependsOn {
		if !seen[ref] {
			seen[ref] = true
			if err := d.dep(ruleAddr(oid), relAddr(ref), depNormal); err != nil {
				return err
			}
		}
	}
	for _, c := range spec.DependsOnColumns {
		if err := d.dep(ruleAddr(oid), colAddr(c.Rel, c.Attnum), depNormal); err != nil {
			return err
		}
	}
	return nil
}

// replaceView is CREATE OR REPLACE VIEW over view oid.
func (d *ddlCmd) replaceView(oid uint32, spec ViewSpec) (*Relation, error) {
	c := d.c
	r, err := c.Relation(d.snap, oid)
	if err != nil {
		return nil, err
	}
	if r.Kind != KindView {
		return nil, pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a view", r.Name)
	}
	if len(spec.Columns) < len(r.Columns) {
		return nil, pgerr.New(pgerr.InvalidTableDefinition, "cannot drop columns from view")
	}
	for i, old := range r.Columns {
		nc := spec.Columns[i]
		if nc.Name != old.Name {
			return nil, pgerr.New(pgerr.InvalidTableDefinition, "cannot change name of view column \"%s\" to \"%s\"", old.Name, nc.Name).
				WithHint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.")
		}
		if nc.Type != old.Type {
			return nil, pgerr.New(pgerr.InvalidTableDefinition, "cannot change data type of view column \"%s\" from %s to %s",
				old.Name, types.FormatType(old.Type), types.FormatType(nc.Type))
		}
	}
	// The old rule and its dependencies go; the new one comes in.
	var rule uint32
	err = c.scan(d.snap, PgRewrite, func(row *crow) (bool, error) {
		if row.oid("ev_class") == oid {
			rule = row.oid("oid")
			return true, c.delete(d.tx, PgRewrite, row.tid)
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	err = c.scan(d.snap, PgDepend, func(row *crow) (bool, error) {
		if row.oid("classid") == PgRewrite && row.oid("objid") == rule {
			return true, c.delete(d.tx, PgDepend, row.tid)
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if err := d.writeRule(oid, spec); err != nil {
		return nil, err
	}
	nr := *r
	nr.Columns = append([]Column(nil), r.Columns...)
	for i := len(r.Columns); i < len(spec.Columns); i++ {
		cs := spec.Columns[i]
		a, err := columnAtt(oid, int16(i+1), cs.Name, cs.Type, 0)
		if err != nil {
			return nil, err
		}
		col := Column{Num: int16(i + 1), Name: cs.Name, Type: cs.Type, attr: a.attr}
		if err := d.insertColumn(&nr, &col, nil); err != nil {
			return nil, err
		}
		nr.Columns = append(nr.Columns, col)
	}
	if len(spec.Columns) > len(r.Columns) {
		d.updateClass(oid, func(row *row) { row.set("relnatts", dInt2(int16(len(spec.Columns)))) })
	}
	nr.ViewDef = spec.Query
	if err := d.flush(); err != nil {
		return nil, err
	}
	return &nr, nr.finish()
}
