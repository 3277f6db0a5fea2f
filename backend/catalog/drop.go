package catalog

import (
	"fmt"
	"strings"

	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

// dropper collects the objects one DROP removes (performDeletion): the
// target, everything that depends on it automatically or internally,
// and, with CASCADE, what depends on it normally; then deletes their
// catalog rows with one scan of each catalog.
type dropper struct {
	c       *Catalog
	tx      heap.Txn
	snap    heap.Snapshot
	st      *catState
	cascade bool
	target  objAddr

	order  []objAddr
	set    map[objAddr]bool
	auto   map[objAddr]bool // reached through automatic or internal dependencies (or the target)
	noted  map[objAddr]bool
	partOf map[objAddr]objAddr // reached part -> the object it is internally part of
	normal []normalDep         // reached through normal dependencies, in order
	err    error
}

func (c *Catalog) newDropper(tx heap.Txn, snap heap.Snapshot, cascade bool) (*dropper, error) {
	st, err := c.readState(snap)
	if err != nil {
		return nil, err
	}
	return &dropper{c: c, tx: tx, snap: snap, st: st, cascade: cascade, set: map[objAddr]bool{}, auto: map[objAddr]bool{}, noted: map[objAddr]bool{}, partOf: map[objAddr]objAddr{}}, nil
}

// dropping reports whether a goes (it, or its whole relation).
func (d *dropper) dropping(a objAddr) bool { return d.set[a] || (a.sub != 0 && d.set[a.whole()]) }

// add puts a in the set with everything that depends on it, as
// PostgreSQL's findDependentObjects does: automatic and internal
// dependents are part of the drop; normal ones are noted (with the object
// they depend on, for the message) and traversed too, and block the drop
// without CASCADE unless something else drops them automatically.
func (d *dropper) add(a objAddr, original, auto bool) {
	if d.err != nil {
		return
	}
	if d.dropping(a) {
		if auto {
			d.auto[a] = true
		}
		return
	}
	// An object that is part of another (an index of a constraint, a
	// view's rule, a toast table) cannot be dropped alone.
	for _, dep := range d.st.deps {
		if dep.obj == a && dep.typ == depInternal && !d.dropping(dep.ref) {
			if original {
				owner := d.st.describe(dep.ref)
				d.err = pgerr.New(pgerr.DependentObjectsStillExist, "cannot drop %s because %s requires it",
					d.st.describe(a), owner).WithHint("You can drop %s instead.", owner)
				return
			}
			d.partOf[a] = dep.ref
			d.add(dep.ref, false, auto)
			return
		}
	}
	d.set[a] = true
	d.order = append(d.order, a)
	if auto || original {
		d.auto[a] = true
	}
	var autos, normals []objAddr
	for _, dep := range d.st.deps {
		if !a.covers(dep.ref) || dep.obj.whole() == a.whole() && a.sub == 0 {
			continue
		}
		if dep.typ == depAuto || dep.typ == depInternal {
			autos = append(autos, dep.obj)
			continue
		}
		if !d.dropping(dep.obj) && !d.noted[dep.obj] {
			d.noted[dep.obj] = true
			d.normal = append(d.normal, normalDep{dep.obj, d.st.describe(dep.obj), d.st.describe(a)})
		}
		normals = append(normals, dep.obj)
	}
	for _, o := range autos {
		d.add(o, false, true)
	}
	for _, o := range normals {
		d.add(o, false, false)
	}
}

// normalDep is an object reached through a normal dependency.
type normalDep struct {
	obj       objAddr
	what, dep string // "view v", "table t"
}

// run collects from target and deletes, or reports what blocks it.
func (d *dropper) run(target objAddr) error { return d.runAll(target) }

// runAll drops several objects at once (the first names the object in
// messages), as DROP TABLE a, b or a temporary schema's cleanup does.
func (d *dropper) runAll(targets ...objAddr) error {
	target := targets[0]
	d.target = target
	for _, t := range targets {
		d.add(t, true, false)
	}
	if d.err != nil {
		return d.err
	}
	var lines []string
	listed := map[objAddr]bool{}
	for _, n := range d.normal {
		obj := n.obj
		for i := 0; i < 8 && d.partOf[obj] != (objAddr{}); i++ {
			obj = d.partOf[obj] // a view's rule reached first stands for the view
		}
		what := n.what
		if obj != n.obj {
			// Part of a column (an identity sequence): its table.
			obj = obj.whole()
			what = d.st.describe(obj)
		}
		if d.auto[obj] || listed[obj] {
			continue // dropped automatically anyway, or listed already
		}
		listed[obj] = true
		if d.cascade {
			lines = append(lines, "drop cascades to "+what)
		} else {
			lines = append(lines, what+" depends on "+n.dep)
		}
	}
	if !d.cascade && len(lines) > 0 {
		return pgerr.New(pgerr.DependentObjectsStillExist, "cannot drop %s because other objects depend on it",
			d.st.describe(target)).WithDetail("%s", strings.Join(lines, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	switch n := len(lines); {
	case n == 1:
		d.c.notice(pgerr.New(pgerr.SuccessfulCompletion, "%s", lines[0]))
	case n > 1:
		d.c.notice(pgerr.New(pgerr.SuccessfulCompletion, "drop cascades to %d other objects", n).
			WithDetail("%s", strings.Join(lines, "\n")))
	}
	return d.delete()
}

// delete removes the catalog rows of every object in the set, and
// records the files of dropped relations for AtCommit.
func (d *dropper) delete() error {
	c, tx := d.c, d.tx
	// Column changes of tables that stay: dropped columns, and defaults
	// gone (atthasdef). Check constraints gone change relchecks.
	dropCol := map[objAddr]bool{}
	lostDef := map[objAddr]bool{}
	checks := map[uint32]int16{}
	for _, a := range d.order {
		switch {
		case a.class == PgClass && a.sub != 0 && !d.set[a.whole()]:
			dropCol[a] = true
		case a.class == PgAttrdef:
			def := d.st.defs[a.oid]
			if !d.set[relAddr(def.rel)] {
				lostDef[colAddr(def.rel, def.num)] = true
			}
		case a.class == PgConstraint:
			con := d.st.cons[a.oid]
			if con.typ == 'c' && con.rel != 0 && !d.set[relAddr(con.rel)] {
				checks[con.rel]++
			}
		}
	}
	del := func(rel uint32, match func(r *crow) bool) error {
		return c.scan(d.snap, rel, func(r *crow) (bool, error) {
			if match(r) {
				return true, c.delete(tx, rel, r.tid)
			}
			return true, nil
		})
	}
	relGone := func(oid uint32) bool { return d.set[relAddr(oid)] }
	steps := []struct {
		rel   uint32
		match func(r *crow) bool
	}{
		{PgIndex, func(r *crow) bool { return relGone(r.oid("indexrelid")) }},
		{PgSequence, func(r *crow) bool { return relGone(r.oid("seqrelid")) }},
		{PgAttrdef, func(r *crow) bool { return d.set[defAddr(r.oid("oid"))] || relGone(r.oid("adrelid")) }},
		{PgConstraint, func(r *crow) bool { return d.set[conAddr(r.oid("oid"))] || relGone(r.oid("conrelid")) }},
		{PgRewrite, func(r *crow) bool { return d.set[ruleAddr(r.oid("oid"))] || relGone(r.oid("ev_class")) }},
		{PgDescription, func(r *crow) bool {
			return d.dropping(objAddr{r.oid("classoid"), r.oid("objoid"), r.int4("objsubid")})
		}},
		{PgNamespace, func(r *crow) bool { return d.set[nsAddr(r.oid("oid"))] }},
		{PgStatistic, func(r *crow) bool { return d.dropping(colAddr(r.oid("starelid"), r.int2("staattnum"))) }},
		{PgDepend, func(r *crow) bool {
			obj := objAddr{r.oid("classid"), r.oid("objid"), r.int4("objsubid")}
			ref := objAddr{r.oid("refclassid"), r.oid("refobjid"), r.int4("refobjsubid")}
			return d.dropping(obj) || d.dropping(ref)
		}},
	}
	for _, s := range steps {
		if err := del(s.rel, s.match); err != nil {
			return err
		}
	}
	if err := d.dropUserTypeRows(); err != nil {
		return err
	}
	// pg_attribute: delete the rows of dropped relations, update the
	// columns that change.
	err := c.scan(d.snap, PgAttribute, func(r *crow) (bool, error) {
		a := colAddr(r.oid("attrelid"), r.int2("attnum"))
		switch {
		case relGone(a.oid):
			return true, c.delete(tx, PgAttribute, r.tid)
		case dropCol[a]:
			nr := r.copyRow()
			nr.set("attname", dName(fmt.Sprintf("........pg.dropped.%d........", a.sub))).
				set("atttypid", dOid(0)).set("attnotnull", dBool(false)).set("atthasdef", dBool(false)).
				set("attisdropped", dBool(true)).set("attidentity", dChar(0)).set("attgenerated", dChar(0)).
				set("atthasmissing", dBool(false)).set("attmissingval", nil)
			return true, c.update(tx, r.tid, nr)
		case lostDef[a]:
			nr := r.copyRow()
			nr.set("atthasdef", dBool(false))
			return true, c.update(tx, r.tid, nr)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	// pg_class last: rows of dropped relations go, relchecks of the
	// others change; files are unlinked at commit.
	return c.scan(d.snap, PgClass, func(r *crow) (bool, error) {
		oid := r.oid("oid")
		if relGone(oid) {
			ci := readClass(r)
			if hasStorage(ci.kind) {
				c.dropped = append(c.dropped, c.relFile(ci))
			}
			c.didDDL = true
			return true, c.delete(tx, PgClass, r.tid)
		}
		if n := checks[oid]; n != 0 {
			nr := r.copyRow()
			nr.set("relchecks", dInt2(r.int2("relchecks")-n))
			return true, c.update(tx, r.tid, nr)
		}
		return true, nil
	})
}

// hasStorage reports whether relations of kind k have files.
func hasStorage(k byte) bool {
	return k == KindTable || k == KindIndex || k == KindSequence || k == KindToast
}

// relFile returns where a relation's files are.
func (c *Catalog) relFile(ci classInfo) RelFile {
	if ci.shared {
		return RelFile{Oid: ci.oid, Spc: GlobalTablespace, Relfilenode: ci.relfilenode}
	}
	return RelFile{Oid: ci.oid, Spc: DefaultTablespace, DB: c.db, Relfilenode: ci.relfilenode}
}

// notice queues a NOTICE for the client (TakeNotices).
func (c *Catalog) notice(e *pgerr.Error) {
	e.Severity = pgerr.SeverityNotice
	c.notices = append(c.notices, e)
}

// TakeNotices returns and forgets the notices the last commands queued
// ("drop cascades to table t"), for the session to send.
func (c *Catalog) TakeNotices() []*pgerr.Error {
	n := c.notices
	c.notices = nil
	return n
}

// DropRelation drops relation oid with its indexes, constraints, defaults,
// toast relation and owned sequences; with cascade also what depends on
// it normally (views, foreign keys of other tables, defaults using a
// sequence), which otherwise makes it fail with 2BP01. It returns the
// files to unlink once the transaction commits (AtCommit does it).
func (c *Catalog) DropRelation(tx heap.Txn, snap heap.Snapshot, oid uint32, cascade bool) ([]RelFile, error) {
	d, err := c.newDropper(tx, snap, cascade)
	if err != nil {
		return nil, err
	}
	ci, ok := d.st.classes[oid]
	if !ok {
		return nil, pgerr.New(pgerr.UndefinedTable, "could not open relation with OID %d", oid)
	}
	if err := checkAlterable(&Relation{Oid: oid, Name: ci.name}); err != nil {
		return nil, err
	}
	before := len(c.dropped)
	if err := d.run(relAddr(oid)); err != nil {
		return nil, err
	}
	c.didDDL = true
	return append([]RelFile(nil), c.dropped[before:]...), nil
}

// DropNamespace drops schema name; with cascade the objects in it go too,
// otherwise any object in it makes it fail with 2BP01.
func (c *Catalog) DropNamespace(tx heap.Txn, snap heap.Snapshot, name string, cascade bool) error {
	ns, err := c.NamespaceOid(snap, name)
	if err != nil {
		return err
	}
	d, err := c.newDropper(tx, snap, cascade)
	if err != nil {
		return err
	}
	c.didDDL = true
	return d.run(nsAddr(ns))
}
