package catalog

import (
	"strings"

	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

// SetRelationNamespace moves relation oid to schema ns (ALTER TABLE ...
// SET SCHEMA) with what belongs to it: a table's indexes and the
// sequences its columns own, its constraints, and the pg_depend rows
// that tie them to their schema. Its toast relation stays in pg_toast.
// 42P07 when ns already has a relation of one of the moved names.
func (c *Catalog) SetRelationNamespace(tx heap.Txn, snap heap.Snapshot, oid, ns uint32, nsName string) error {
	r, err := c.Relation(snap, oid)
	if err != nil {
		return err
	}
	if err := checkAlterable(r); err != nil {
		return err
	}
	moved := map[uint32]bool{oid: true}
	names := []string{r.Name}
	var seqNames []string
	for _, ix := range r.Indexes {
		moved[ix.Oid] = true
		names = append(names, ix.Name)
	}
	if r.Kind == KindTable {
		seqs, err := c.OwnedSequences(snap, oid)
		if err != nil {
			return err
		}
		for _, s := range seqs {
			sr, err := c.Relation(snap, s)
			if err != nil {
				return err
			}
			moved[s] = true
			names = append(names, sr.Name)
			seqNames = append(seqNames, sr.Name)
		}
	}
	d := c.cmd(tx, snap)
	for _, name := range names {
		taken, err := d.relTaken(ns, name)
		if err != nil {
			return err
		}
		if taken {
			return pgerr.New(pgerr.DuplicateTable, "relation \"%s\" already exists in schema \"%s\"", name, nsName)
		}
		d.relNames[relKey{ns, name}] = true
	}
	for m := range moved {
		d.updateClass(m, func(row *row) { row.set("relnamespace", dOid(ns)) })
	}
	if err := d.flush(); err != nil {
		return err
	}
	err = c.scan(snap, PgConstraint, func(row *crow) (bool, error) {
		if row.oid("conrelid") == oid && row.oid("connamespace") == r.Namespace {
			nr := row.copyRow()
			nr.set("connamespace", dOid(ns))
			return true, c.update(tx, row.tid, nr)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if len(seqNames) > 0 {
		if err := c.requalifyDefaults(tx, snap, oid, r.NamespaceName, nsName, seqNames); err != nil {
			return err
		}
	}
	return c.scan(snap, PgDepend, func(row *crow) (bool, error) {
		if row.oid("classid") == PgClass && moved[row.oid("objid")] && row.oid("refclassid") == PgNamespace &&
			row.oid("refobjid") == r.Namespace {
			nr := row.copyRow()
			nr.set("refobjid", dOid(ns))
			return true, c.update(tx, row.tid, nr)
		}
		return true, nil
	})
}

// SequenceOwnerRel returns the table whose column owns sequence seq
// (serial, identity or OWNED BY), 0 when none.
func (c *Catalog) SequenceOwnerRel(snap heap.Snapshot, seq uint32) (uint32, error) {
	var out uint32
	err := c.scan(snap, PgDepend, func(r *crow) (bool, error) {
		if r.oid("classid") == PgClass && r.oid("objid") == seq && r.oid("refclassid") == PgClass &&
			r.int4("refobjsubid") > 0 && (r.char("deptype") == depAuto || r.char("deptype") == depInternal) {
			out = r.oid("refobjid")
			return false, nil
		}
		return true, nil
	})
	return out, err
}

// requalifyDefaults makes the column defaults of table rel that name one
// of the sequences seqs (nextval('s'::regclass), kept as SQL text) name
// it in schema to, where it moved with the table: PostgreSQL's defaults
// hold the sequence's OID and follow it by themselves.
func (c *Catalog) requalifyDefaults(tx heap.Txn, snap heap.Snapshot, rel uint32, from, to string, seqs []string) error {
	return c.scan(snap, PgAttrdef, func(row *crow) (bool, error) {
		if row.oid("adrelid") != rel {
			return true, nil
		}
		def := row.text("adbin")
		out := def
		for _, s := range seqs {
			moved := "'" + quoteRegclassPart(to) + "." + quoteRegclassPart(s) + "'::regclass"
			out = strings.ReplaceAll(out, "'"+quoteRegclassPart(s)+"'::regclass", moved)
			out = strings.ReplaceAll(out, "'"+quoteRegclassPart(from)+"."+quoteRegclassPart(s)+"'::regclass", moved)
		}
		if out == def {
			return true, nil
		}
		nr := row.copyRow()
		nr.set("adbin", dText(out))
		return true, c.update(tx, row.tid, nr)
	})
}

// quoteRegclassPart quotes a name inside a regclass literal when it is
// not a plain lower-case identifier.
func quoteRegclassPart(name string) string {
	for i, r := range name {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			return `"` + strings.ReplaceAll(strings.ReplaceAll(name, `"`, `""`), "'", "''") + `"`
		}
	}
	return name
}

// ViewQuery is a view and the SQL text of its query (its _RETURN rule's
// ev_action).
type ViewQuery struct {
	View uint32
	SQL  string
}

// DependentViews returns the views whose query reads one of rels (a
// view's rule depending on the view itself does not count), each once,
// with their queries: one scan of pg_depend and one of pg_rewrite.
func (c *Catalog) DependentViews(snap heap.Snapshot, rels ...uint32) ([]ViewQuery, error) {
	of := make(map[uint32]bool, len(rels))
	for _, r := range rels {
		of[r] = true
	}
	rules := map[uint32][]uint32{} // rule -> the relations of rels it reads
	err := c.scan(snap, PgDepend, func(r *crow) (bool, error) {
		if r.oid("classid") == PgRewrite && r.oid("refclassid") == PgClass && of[r.oid("refobjid")] {
			rules[r.oid("objid")] = append(rules[r.oid("objid")], r.oid("refobjid"))
		}
		return true, nil
	})
	if err != nil || len(rules) == 0 {
		return nil, err
	}
	var out []ViewQuery
	err = c.scan(snap, PgRewrite, func(r *crow) (bool, error) {
		refs := rules[r.oid("oid")]
		if len(refs) == 0 || r.name("rulename") != "_RETURN" {
			return true, nil
		}
		v := r.oid("ev_class")
		for _, ref := range refs {
			if ref != v {
				out = append(out, ViewQuery{View: v, SQL: r.text("ev_action")})
				break
			}
		}
		return true, nil
	})
	return out, err
}

// SetViewQuery replaces the SQL text of view's query (its _RETURN rule's
// ev_action), its columns and dependencies unchanged.
func (c *Catalog) SetViewQuery(tx heap.Txn, snap heap.Snapshot, view uint32, sql string) error {
	return c.SetViewQueries(tx, snap, []ViewQuery{{View: view, SQL: sql}})
}

// SetViewQueries is SetViewQuery for several views, with one scan of
// pg_rewrite.
func (c *Catalog) SetViewQueries(tx heap.Txn, snap heap.Snapshot, qs []ViewQuery) error {
	if len(qs) == 0 {
		return nil
	}
	sql := make(map[uint32]string, len(qs))
	for _, q := range qs {
		sql[q.View] = q.SQL
	}
	c.didDDL = true
	left := len(sql)
	return c.scan(snap, PgRewrite, func(r *crow) (bool, error) {
		text, ok := sql[r.oid("ev_class")]
		if !ok || r.name("rulename") != "_RETURN" {
			return true, nil
		}
		nr := r.copyRow()
		nr.set("ev_action", dText(text))
		left--
		return left > 0, c.update(tx, r.tid, nr)
	})
}
