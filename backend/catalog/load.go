package catalog

import (
	"slices"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// loadNamespaces reads every pg_namespace row into the cache.
func (c *Catalog) loadNamespaces(snap heap.Snapshot) error {
	return c.scan(snap, PgNamespace, func(r *crow) (bool, error) {
		oid, name := r.oid("oid"), r.name("nspname")
		c.cache.nsNames[name] = oid
		c.cache.nsOids[oid] = name
		c.cache.nss[oid] = &Namespace{Oid: oid, Name: name, Owner: r.oid("nspowner"), ACL: r.texts("nspacl")}
		return true, nil
	})
}

// findRelationOid scans pg_class for relation name in schema ns.
func (c *Catalog) findRelationOid(snap heap.Snapshot, ns uint32, name string) (uint32, error) {
	var oid uint32
	err := c.scan(snap, PgClass, func(r *crow) (bool, error) {
		if r.oid("relnamespace") == ns && r.name("relname") == name {
			oid = r.oid("oid")
			return false, nil
		}
		return true, nil
	})
	return oid, err
}

func (c *Catalog) findDatabase(snap heap.Snapshot, name string) (*Database, error) {
	var d *Database
	err := c.scan(snap, PgDatabase, func(r *crow) (bool, error) {
		if r.name("datname") != name {
			return true, nil
		}
		d = readDatabase(r)
		return false, nil
	})
	return d, err
}

func readDatabase(r *crow) *Database {
	return &Database{Oid: r.oid("oid"), Name: r.name("datname"), Owner: r.oid("datdba"),
		Encoding: r.int4("encoding"), Collate: r.text("datcollate"), Ctype: r.text("datctype"),
		IsTemplate: r.bool("datistemplate"), AllowConn: r.bool("datallowconn"),
		ConnLimit: r.int4("datconnlimit"), Tablespace: r.oid("dattablespace"), ACL: r.texts("datacl")}
}

// Databases returns every database snap sees.
func (c *Catalog) Databases(snap heap.Snapshot) ([]*Database, error) {
	var out []*Database
	err := c.scan(snap, PgDatabase, func(r *crow) (bool, error) {
		out = append(out, readDatabase(r))
		return true, nil
	})
	return out, err
}

func (c *Catalog) findRole(snap heap.Snapshot, name string) (*Role, error) {
	var ro *Role
	err := c.scan(snap, PgAuthid, func(r *crow) (bool, error) {
		if r.name("rolname") != name {
			return true, nil
		}
		ro = &Role{Oid: r.oid("oid"), Name: name, Super: r.bool("rolsuper"), Inherit: r.bool("rolinherit"),
			CreateRole: r.bool("rolcreaterole"), CreateDB: r.bool("rolcreatedb"), CanLogin: r.bool("rolcanlogin"),
			Replication: r.bool("rolreplication"), BypassRLS: r.bool("rolbypassrls"),
			ConnLimit: r.int4("rolconnlimit"), Password: r.text("rolpassword")}
		if !r.isNull("rolvaliduntil") {
			ro.ValidUntil, ro.HasValidUntil = r.int8("rolvaliduntil"), true
		}
		return false, nil
	})
	return ro, err
}

// loadRelation reads one relation and everything hanging off it, nil if
// there is no such relation.
func (c *Catalog) loadRelation(snap heap.Snapshot, oid uint32) (*Relation, error) {
	rels, err := c.loadRelations(snap, func(ci *classInfo) bool { return ci.oid == oid })
	if err != nil || len(rels) == 0 {
		return nil, err
	}
	return rels[0], nil
}

// Relations returns every relation snap sees (toast relations too), in
// oid order, for \d-style listings. They enter the cache.
func (c *Catalog) Relations(snap heap.Snapshot) ([]*Relation, error) {
	return c.loadRelations(snap, func(*classInfo) bool { return true })
}

// loadRelations reads the relations whose pg_class rows want accepts,
// with one scan of each catalog involved, and caches them.
func (c *Catalog) loadRelations(snap heap.Snapshot, want func(*classInfo) bool) ([]*Relation, error) {
	classes := map[uint32]classInfo{} // every pg_class row: indexes and toast relations are looked up here
	var picked []uint32
	err := c.scan(snap, PgClass, func(r *crow) (bool, error) {
		ci := readClass(r)
		classes[ci.oid] = ci
		if want(&ci) {
			picked = append(picked, ci.oid)
		}
		return true, nil
	})
	if err != nil || len(picked) == 0 {
		return nil, err
	}
	slices.Sort(picked)
	rels := make(map[uint32]*Relation, len(picked))
	for _, oid := range picked {
		ci := classes[oid]
		nsName, err := c.NamespaceName(snap, ci.ns)
		if err != nil {
			return nil, err
		}
		r := &Relation{Oid: oid, Relfilenode: ci.relfilenode, Tablespace: DefaultTablespace, Shared: ci.shared,
			Namespace: ci.ns, NamespaceName: nsName, Name: ci.name, Kind: ci.kind, Persistence: ci.persistence,
			Owner: ci.owner, FillFactor: ci.fillFactor, NoAutovacuum: ci.noAutovacuum, Toast: ci.toast, Pages: ci.pages, Tuples: ci.tuples, ACL: ci.acl}
		if ci.shared {
			r.Tablespace = GlobalTablespace
		}
		if t, ok := classes[ci.toast]; ok && ci.toast != 0 {
			r.ToastNode = t.relfilenode
		}
		rels[oid] = r
	}
	// Columns.
	err = c.scan(snap, PgAttribute, func(row *crow) (bool, error) {
		r := rels[row.oid("attrelid")]
		if r == nil {
			return true, nil
		}
		a := readAtt(row)
		if a.num <= 0 {
			return true, nil
		}
		col := Column{Num: a.num, Name: a.name, Type: types.T{Oid: a.typ, Mod: a.typmod}, NotNull: a.notNull,
			Identity: a.identity, Generated: a.generated, Dropped: a.dropped, attr: a.attr, missing: a.missing}
		r.Columns = append(r.Columns, col)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if err := c.mapDomainColumns(snap, rels); err != nil {
		return nil, err
	}
	// Defaults.
	err = c.scan(snap, PgAttrdef, func(row *crow) (bool, error) {
		if r := rels[row.oid("adrelid")]; r != nil {
			if col := r.columnByNum(row.int2("adnum")); col != nil {
				col.Default = row.text("adbin")
			}
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	// Indexes: of a table, and an index's own pg_index row.
	err = c.scan(snap, PgIndex, func(row *crow) (bool, error) {
		table, index := rels[row.oid("indrelid")], rels[row.oid("indexrelid")]
		if table == nil && index == nil {
			return true, nil
		}
		ix := readIndex(row, classes)
		if table != nil {
			table.Indexes = append(table.Indexes, ix)
		}
		if index != nil {
			index.Index = ix
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	// Constraints.
	err = c.scan(snap, PgConstraint, func(row *crow) (bool, error) {
		r, ref := rels[row.oid("conrelid")], rels[row.oid("confrelid")]
		if r == nil && ref == nil {
			return true, nil
		}
		con := readConstraint(row)
		if r != nil {
			r.Constraints = append(r.Constraints, con)
		}
		if ref != nil && con.Type == 'f' {
			ref.ReferencedBy = append(ref.ReferencedBy, con)
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	// View definitions.
	err = c.scan(snap, PgRewrite, func(row *crow) (bool, error) {
		if r := rels[row.oid("ev_class")]; r != nil && row.name("rulename") == "_RETURN" {
			r.ViewDef = row.text("ev_action")
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*Relation, 0, len(picked))
	for _, oid := range picked {
		r := rels[oid]
		if err := r.finish(); err != nil {
			return nil, err
		}
		c.cache.rels[oid] = r
		c.cache.relNames[relKey{r.Namespace, r.Name}] = oid
		out = append(out, r)
	}
	return out, nil
}

func (r *Relation) columnByNum(n int16) *Column {
	i := int(n) - 1
	if i >= 0 && i < len(r.Columns) && r.Columns[i].Num == n {
		return &r.Columns[i]
	}
	for i := range r.Columns {
		if r.Columns[i].Num == n {
			return &r.Columns[i]
		}
	}
	return nil
}

// finish orders what the scans gathered and builds the tuple descriptor.
func (r *Relation) finish() error {
	slices.SortFunc(r.Columns, func(a, b Column) int { return int(a.Num) - int(b.Num) })
	slices.SortFunc(r.Indexes, func(a, b *Index) int { return cmpOid(a.Oid, b.Oid) })
	slices.SortFunc(r.Constraints, func(a, b *Constraint) int { return cmpOid(a.Oid, b.Oid) })
	slices.SortFunc(r.ReferencedBy, func(a, b *Constraint) int { return cmpOid(a.Oid, b.Oid) })
	for i, col := range r.Columns {
		if int(col.Num) != i+1 {
			return pgerr.New(pgerr.DataCorrupted, "relation \"%s\" has a gap in its attribute numbers at %d", r.Name, i+1)
		}
	}
	if r.Kind == KindView || len(r.Columns) == 0 {
		return nil
	}
	attrs := make([]tuple.Attr, len(r.Columns))
	for i, col := range r.Columns {
		attrs[i] = col.attr
		attrs[i].Name = col.Name
	}
	d, err := tuple.NewDesc(attrs...)
	if err != nil {
		return err
	}
	var missing [][]byte
	for i, col := range r.Columns {
		if col.missing != nil && !col.Dropped {
			if missing == nil {
				missing = make([][]byte, len(r.Columns))
			}
			missing[i] = col.missing
		}
	}
	if missing != nil {
		if d, err = d.WithMissing(missing); err != nil {
			return err
		}
	}
	r.desc = d
	return nil
}

func cmpOid(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func readIndex(row *crow, classes map[uint32]classInfo) *Index {
	ix := &Index{Oid: row.oid("indexrelid"), Rel: row.oid("indrelid"), Keys: row.int2s("indkey"),
		Options: row.int2s("indoption"), Unique: row.bool("indisunique"), Primary: row.bool("indisprimary"),
		Predicate: row.text("indpred")}
	if ci, ok := classes[ix.Oid]; ok {
		ix.Name, ix.Relfilenode = ci.name, ci.relfilenode
	}
	if !row.isNull("indexprs") {
		ix.Exprs = splitExprs(row.text("indexprs"))
	}
	return ix
}

func readConstraint(row *crow) *Constraint {
	return &Constraint{Oid: row.oid("oid"), Name: row.name("conname"), Rel: row.oid("conrelid"), Domain: row.oid("contypid"), Type: row.char("contype"),
		Keys: row.int2s("conkey"), Check: row.text("conbin"), Index: row.oid("conindid"),
		RefRel: row.oid("confrelid"), RefKeys: row.int2s("confkey"), UpdAction: row.char("confupdtype"),
		DelAction: row.char("confdeltype"), MatchType: row.char("confmatchtype"),
		Deferrable: row.bool("condeferrable"), Deferred: row.bool("condeferred"), Validated: row.bool("convalidated")}
}
