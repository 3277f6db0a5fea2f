package catalog

import (
	"strconv"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// CreateNamespace creates schema name owned by owner and returns its oid
// (42P06 schema "x" already exists).
func (c *Catalog) CreateNamespace(tx heap.Txn, snap heap.Snapshot, name string, owner uint32) (uint32, error) {
	oid, err := c.namespaceOid(snap, name)
	if err != nil {
		return 0, err
	}
	if oid != 0 {
		return 0, pgerr.New(pgerr.DuplicateSchema, "schema \"%s\" already exists", name)
	}
	if owner == 0 {
		owner = BootstrapSuperuser
	}
	if oid, err = c.NewOid(); err != nil {
		return 0, err
	}
	initial, err := c.initialACL(snap, owner, 0, DefaultACLNamespace)
	if err != nil {
		return 0, err
	}
	row := namespaceRow(oid, name, owner)
	if initial != nil {
		row.set("nspacl", dTextArray(initial))
	}
	c.didDDL = true
	_, err = c.insert(tx, row)
	return oid, err
}

// CreateRelation creates a table: oid and relfilenode, its pg_class and
// pg_attribute rows (system columns included), defaults, constraints, the
// indexes of its PRIMARY KEY and UNIQUE constraints (in Relation.Indexes:
// the caller builds each B-tree in its relfilenode) and a toast relation
// when a column is toastable. The returned Relation is what later lookups
// will find; the transaction sees it from its next command.
func (c *Catalog) CreateRelation(tx heap.Txn, snap heap.Snapshot, spec RelationSpec) (*Relation, error) {
	kind := spec.Kind
	if kind == 0 {
		kind = KindTable
	}
	if kind != KindTable {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "CreateRelation makes tables only")
	}
	d := c.cmd(tx, snap)
	r, err := d.newRelation(spec.Namespace, spec.Name, kind, spec.Persistence, spec.Owner, spec.Columns)
	if err != nil {
		return nil, err
	}
	r.FillFactor = spec.FillFactor
	r.NoAutovacuum = spec.NoAutovacuum
	// NOT NULL of primary key columns before the attribute rows go in.
	for _, cs := range spec.Constraints {
		if cs.Type != 'p' {
			continue
		}
		for _, name := range cs.Columns {
			col := r.Column(name)
			if col == nil {
				return nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" named in key does not exist", name)
			}
			col.NotNull = true
		}
	}
	checks := 0
	for _, cs := range spec.Constraints {
		if cs.Type == 'c' {
			checks++
		}
	}
	for _, cs := range spec.Constraints {
		if cs.Type == 'f' {
			d.noteForeignKeyTable(r.Oid) // before its pg_class row is written
		}
	}
	if err := d.writeRelation(r, spec.Columns, int16(checks), hasIndexConstraint(spec.Constraints)); err != nil {
		return nil, err
	}
	// Keys first, so that a foreign key may reference the table's own
	// primary key or unique constraint whatever the order in the spec.
	for _, pass := range []func(byte) bool{
		func(t byte) bool { return t == 'p' || t == 'u' },
		func(t byte) bool { return t != 'p' && t != 'u' },
	} {
		for _, cs := range spec.Constraints {
			if pass(cs.Type) {
				if _, _, err := d.addConstraint(r, cs, true); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := d.flush(); err != nil {
		return nil, err
	}
	if err := r.finish(); err != nil {
		return nil, err
	}
	return r, nil
}

func hasIndexConstraint(cs []ConstraintSpec) bool {
	for _, s := range cs {
		if s.Type == 'p' || s.Type == 'u' {
			return true
		}
	}
	return false
}

// newRelation checks a new relation's name and columns and allocates its
// oid (and relfilenode, the same number).
func (d *ddlCmd) newRelation(ns uint32, name string, kind, persistence byte, owner uint32, cols []ColumnSpec) (*Relation, error) {
	c := d.c
	nsName, err := c.NamespaceName(d.snap, ns)
	if err != nil {
		return nil, err
	}
	if nsName == "" {
		return nil, pgerr.New(pgerr.UndefinedSchema, "schema with OID %d does not exist", ns)
	}
	if len(cols) > tuple.MaxHeapAttrs {
		return nil, pgerr.New(pgerr.TooManyColumns, "tables can have at most %d columns", tuple.MaxHeapAttrs)
	}
	seen := map[string]bool{}
	for _, cs := range cols {
		if seen[cs.Name] {
			return nil, pgerr.New(pgerr.DuplicateColumn, "column \"%s\" specified more than once", cs.Name)
		}
		seen[cs.Name] = true
		for _, sc := range systemColumns {
			if sc.name == cs.Name && kind != KindView {
				return nil, pgerr.New(pgerr.DuplicateColumn, "column name \"%s\" conflicts with a system column name", cs.Name)
			}
		}
	}
	if err := d.takeRelName(ns, name); err != nil {
		return nil, err
	}
	if persistence == 0 {
		persistence = PersistencePermanent
	}
	if owner == 0 {
		owner = BootstrapSuperuser
	}
	r := &Relation{Namespace: ns, NamespaceName: nsName, Name: name, Kind: kind, Persistence: persistence,
		Owner: owner, Tablespace: DefaultTablespace}
	switch kind {
	case KindTable, KindView:
		r.ACL, err = c.initialACL(d.snap, owner, ns, DefaultACLRelation)
	case KindSequence:
		r.ACL, err = c.initialACL(d.snap, owner, ns, DefaultACLSequence)
	}
	if err != nil {
		return nil, err
	}
	if kind == KindView {
		r.Oid, err = c.NewOid()
	} else {
		r.Oid, err = c.newRelfilenode(DefaultTablespace, c.db)
		r.Relfilenode = r.Oid
	}
	if err != nil {
		return nil, err
	}
	for i, cs := range cols {
		a, err := columnAtt(r.Oid, int16(i+1), cs.Name, cs.Type, cs.Storage)
		if err != nil {
			return nil, err
		}
		r.Columns = append(r.Columns, Column{Num: int16(i + 1), Name: cs.Name, Type: cs.Type,
			NotNull: cs.NotNull || cs.Identity != 0, Default: cs.Default, Identity: cs.Identity,
			Generated: cs.Generated, attr: a.attr})
	}
	return r, nil
}

// writeRelation inserts the pg_class, pg_attribute, pg_attrdef and
// pg_depend rows of a new table, sequence or view, and its toast
// relation; it records its files for AtAbort.
func (d *ddlCmd) writeRelation(r *Relation, specs []ColumnSpec, checks int16, hasIndex bool) error {
	c := d.c
	if r.Kind == KindTable {
		for _, col := range r.Columns {
			if toastable(col.attr) {
				oid, err := c.newRelfilenode(DefaultTablespace, c.db)
				if err != nil {
					return err
				}
				r.Toast, r.ToastNode = oid, oid
				break
			}
		}
	}
	ci := classInfo{oid: r.Oid, ns: r.Namespace, owner: r.Owner, name: r.Name, relfilenode: r.Relfilenode,
		toast: r.Toast, kind: r.Kind, persistence: r.Persistence, natts: int16(len(r.Columns)),
		checks: checks, hasIndex: hasIndex, fillFactor: r.FillFactor, noAutovacuum: r.NoAutovacuum, acl: r.ACL,
		hasTriggers: d.fkTables[r.Oid]}
	if r.Kind == KindTable {
		ci.am = HeapAM
	}
	if err := d.insert(ci.row()); err != nil {
		return err
	}
	for i := range r.Columns {
		if err := d.insertColumn(r, &r.Columns[i], specs[i].DependsOn); err != nil {
			return err
		}
	}
	if r.Kind != KindView {
		if err := c.insertSystemColumns(d.tx, r.Oid); err != nil {
			return err
		}
		c.created = append(c.created, c.relFile(ci))
	}
	if err := d.dep(relAddr(r.Oid), nsAddr(r.Namespace), depNormal); err != nil {
		return err
	}
	if r.Toast != 0 {
		return d.createToast(r)
	}
	return nil
}

// insertColumn writes one column's pg_attribute row and its default.
func (d *ddlCmd) insertColumn(r *Relation, col *Column, dependsOn []uint32) error {
	a := attInfo{rel: r.Oid, name: col.Name, typ: col.Type.Oid, typmod: col.Type.Mod, num: col.Num, attr: col.attr,
		notNull: col.NotNull, hasDef: col.Default != "" && col.Identity == 0, identity: col.Identity, generated: col.Generated, missing: col.missing}
	if ti := typeInfoOf(col.Type.Oid); ti != nil {
		a.collation = ti.Collation
		if ti.Category == 'A' && ti.Len == -1 {
			a.ndims = 1
		}
	}
	if err := d.insert(a.row()); err != nil {
		return err
	}
	if col.Default != "" && col.Identity == 0 {
		// An identity column has no default in the catalog (atthasdef
		// false, no pg_attrdef row): its values come from its sequence.
		return d.insertDefault(r.Oid, col.Num, col.Default, dependsOn)
	}
	return nil
}

// insertDefault writes a pg_attrdef row (adbin holds the expression's SQL
// text) and its dependencies.
func (d *ddlCmd) insertDefault(rel uint32, num int16, expr string, dependsOn []uint32) error {
	oid, err := d.c.NewOid()
	if err != nil {
		return err
	}
	r := newRow(catalogByOid[PgAttrdef]).set("oid", dOid(oid)).set("adrelid", dOid(rel)).
		set("adnum", dInt2(num)).set("adbin", dText(expr))
	if err := d.insert(r); err != nil {
		return err
	}
	if err := d.dep(defAddr(oid), colAddr(rel, num), depAuto); err != nil {
		return err
	}
	for _, ref := range dependsOn {
		if err := d.dep(defAddr(oid), relAddr(ref), depNormal); err != nil {
			return err
		}
	}
	return nil
}

// toastColumns are the columns of a toast relation: package heap's chunk
// layout (heap.ToastDesc).
var toastColumns = []struct {
	name string
	typ  types.Oid
}{{"chunk_id", types.Int8Oid}, {"chunk_seq", types.Int4Oid}, {"next_block", types.Int4Oid},
	{"next_offset", types.Int2Oid}, {"chunk_data", types.ByteaOid}}

// createToast writes the pg_class and pg_attribute rows of r's toast
// relation pg_toast.pg_toast_<oid>, which depends internally on r.
func (d *ddlCmd) createToast(r *Relation) error {
	c := d.c
	ci, err := c.writeToastRows(d.tx, r.Oid, r.Toast, r.ToastNode, r.Owner, r.Persistence, false)
	if err != nil {
		return err
	}
	c.created = append(c.created, c.relFile(ci))
	return d.dep(relAddr(r.Toast), relAddr(r.Oid), depInternal)
}

func toastName(rel uint32) string { return "pg_toast_" + strconv.FormatUint(uint64(rel), 10) }

// writeToastRows inserts the pg_class and pg_attribute rows of toast
// relation oid (of relation rel).
func (c *Catalog) writeToastRows(tx heap.Txn, rel, oid, relfilenode, owner uint32, persistence byte, shared bool) (classInfo, error) {
	ci := classInfo{oid: oid, ns: PgToastNamespace, owner: owner, am: HeapAM, name: toastName(rel),
		relfilenode: relfilenode, kind: KindToast, persistence: persistence, natts: int16(len(toastColumns)), shared: shared}
	if _, err := c.insert(tx, ci.row()); err != nil {
		return ci, err
	}
	for i, tc := range toastColumns {
		a, err := columnAtt(oid, int16(i+1), tc.name, types.Of(tc.typ), 0)
		if err != nil {
			return ci, err
		}
		if tc.typ == types.ByteaOid {
			a.attr.Storage = tuple.StoragePlain
		}
		a.notNull = true
		if _, err := c.insert(tx, a.row()); err != nil {
			return ci, err
		}
	}
	return ci, c.insertSystemColumns(tx, oid)
}

// isSystemColumn reports whether name is a system column's.
func isSystemColumn(name string) bool {
	for _, s := range systemColumns {
		if s.name == name {
			return true
		}
	}
	return false
}

// checkColumnName fails if r has a live column called name.
func checkColumnFree(r *Relation, name string) error {
	if r.Column(name) != nil {
		return pgerr.New(pgerr.DuplicateColumn, "column \"%s\" of relation \"%s\" already exists", name, r.Name)
	}
	for _, s := range systemColumns {
		if s.name == name {
			return pgerr.New(pgerr.DuplicateColumn, "column name \"%s\" conflicts with a system column name", name)
		}
	}
	return nil
}
