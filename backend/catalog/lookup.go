package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

// Database returns the database called name (3D000 database "x" does not
// exist).
func (c *Catalog) Database(snap heap.Snapshot, name string) (*Database, error) {
	if d, ok := c.cache.dbs[name]; ok {
		return d, nil
	}
	d, err := c.findDatabase(snap, name)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, pgerr.New(pgerr.InvalidCatalogName, "database \"%s\" does not exist", name)
	}
	c.cache.dbs[name] = d
	return d, nil
}

// Role returns the role called name (42704 role "x" does not exist).
func (c *Catalog) Role(snap heap.Snapshot, name string) (*Role, error) {
	if r, ok := c.CachedRole(name); ok {
		return r, nil
	}
	r, err := c.findRole(snap, name)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, pgerr.New(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
	}
	c.cache.roles[name] = r
	return r, nil
}

// CachedRole returns role name if this process's catalog cache holds it,
// without reading the catalog (and so without needing a snapshot).
func (c *Catalog) CachedRole(name string) (*Role, bool) {
	r, ok := c.cache.roles[name]
	return r, ok
}

// NamespaceOid returns the oid of schema name (3F000 schema "x" does not
// exist).
func (c *Catalog) NamespaceOid(snap heap.Snapshot, name string) (uint32, error) {
	oid, err := c.namespaceOid(snap, name)
	if err != nil {
		return 0, err
	}
	if oid == 0 {
		return 0, pgerr.New(pgerr.UndefinedSchema, "schema \"%s\" does not exist", name)
	}
	return oid, nil
}

// NamespaceName returns the name of schema oid, "" if there is none.
func (c *Catalog) NamespaceName(snap heap.Snapshot, oid uint32) (string, error) {
	if n, ok := c.cache.nsOids[oid]; ok {
		return n, nil
	}
	if err := c.loadNamespaces(snap); err != nil {
		return "", err
	}
	return c.cache.nsOids[oid], nil
}

// namespaceOid is NamespaceOid with 0 for a missing schema. "pg_temp"
// is the session's temporary schema.
func (c *Catalog) namespaceOid(snap heap.Snapshot, name string) (uint32, error) {
	if name == "pg_temp" {
		return c.temp, nil
	}
	if oid, ok := c.cache.nsNames[name]; ok {
		return oid, nil
	}
	if err := c.loadNamespaces(snap); err != nil {
		return 0, err
	}
	oid := c.cache.nsNames[name]
	if oid == 0 {
		c.cache.nsNames[name] = 0
	}
	return oid, nil
}

// LookupRelation finds a relation by name: in schema when it is given
// (3F000 if the schema does not exist), else in the first schema of
// searchPath that has it (pg_catalog is searched first when the path does
// not name it, as PostgreSQL does). A missing relation is 42P01 relation
// "x" does not exist (schema-qualified in the message when it was).
func (c *Catalog) LookupRelation(snap heap.Snapshot, searchPath []string, schema, name string) (*Relation, error) {
	if schema != "" {
		ns, err := c.usableNamespace(snap, schema)
		if err != nil {
			return nil, err
		}
		oid, err := c.relationOid(snap, ns, name)
		if err != nil {
			return nil, err
		}
		if oid == 0 {
			return nil, pgerr.New(pgerr.UndefinedTable, "relation \"%s.%s\" does not exist", schema, name)
		}
		return c.Relation(snap, oid)
	}
	var found uint32
	var ferr error
	c.walkPath(snap, searchPath, func(ns uint32) bool {
		found, ferr = c.relationOid(snap, ns, name)
		return ferr != nil || found != 0
	})
	if ferr != nil {
		return nil, ferr
	}
	if found != 0 {
		return c.Relation(snap, found)
	}
	return nil, pgerr.New(pgerr.UndefinedTable, "relation \"%s\" does not exist", name)
}

// usableNamespace is the oid of the schema a qualified name names: 3F000
// if it does not exist, 42501 without USAGE on it.
func (c *Catalog) usableNamespace(snap heap.Snapshot, schema string) (uint32, error) {
	ns, err := c.NamespaceOid(snap, schema)
	if err != nil {
		return 0, err
	}
	if !c.mayUse(ns) {
		return 0, pgerr.New(pgerr.InsufficientPrivilege, "permission denied for schema %s", schema)
	}
	return ns, nil
}

// walkPath calls f with the schemas of searchPath in search order until
// f returns true: the temporary schema first and pg_catalog next unless
// listed; schemas that do not exist (and "$user" when no schema has the
// user's name) are left out. It allocates nothing.
func (c *Catalog) walkPath(snap heap.Snapshot, searchPath []string, f func(ns uint32) bool) {
	hasCatalog, hasTemp := false, false
	for _, s := range searchPath {
		switch s {
		case "pg_catalog":
			hasCatalog = true
		case "pg_temp":
			hasTemp = true
		}
	}
	if c.temp != 0 && !hasTemp && f(c.temp) {
		return
	}
	if !hasCatalog && f(PgCatalogNamespace) {
		return
	}
	for _, s := range searchPath {
		if oid, err := c.namespaceOid(snap, s); err == nil && oid != 0 && c.mayUse(oid) && f(oid) {
			return
		}
	}
}

// CreationNamespace returns the schema a new object with no schema goes
// to: the first existing schema of searchPath (pg_catalog does not count
// unless listed), or 3F000 no schema has been selected to create in.
func (c *Catalog) CreationNamespace(snap heap.Snapshot, searchPath []string, schema string) (uint32, error) {
	if schema != "" {
		return c.NamespaceOid(snap, schema)
	}
	for _, s := range searchPath {
		if oid, err := c.namespaceOid(snap, s); err != nil {
			return 0, err
		} else if oid != 0 && c.mayUse(oid) {
			return oid, nil
		}
	}
	return 0, pgerr.New(pgerr.UndefinedSchema, "no schema has been selected to create in")
}

// Relation returns the relation with the given oid (42P01 could not open
// relation with OID n when there is none).
func (c *Catalog) Relation(snap heap.Snapshot, oid uint32) (*Relation, error) {
	if r, ok := c.cache.rels[oid]; ok {
		return r, nil
	}
	r, err := c.loadRelation(snap, oid)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, pgerr.New(pgerr.UndefinedTable, "could not open relation with OID %d", oid)
	}
	c.cache.rels[oid] = r
	return r, nil
}

// relationOid returns the oid of relation name in schema ns, 0 if none.
// The first miss reads every relation name with one scan of pg_class, so
// that later lookups in any schema are map hits.
func (c *Catalog) relationOid(snap heap.Snapshot, ns uint32, name string) (uint32, error) {
	k := relKey{ns, name}
	if oid, ok := c.cache.relNames[k]; ok || c.cache.allNames {
		return oid, nil
	}
	err := c.scan(snap, PgClass, func(r *crow) (bool, error) {
		c.cache.relNames[relKey{r.oid("relnamespace"), r.name("relname")}] = r.oid("oid")
		return true, nil
	})
	if err != nil {
		return 0, err
	}
	c.cache.allNames = true
	return c.cache.relNames[k], nil
}

// RelationIn returns the oid of relation name in schema ns, 0 if there is
// none (CREATE's "already exists" check, which looks only where the new
// relation goes).
func (c *Catalog) RelationIn(snap heap.Snapshot, ns uint32, name string) (uint32, error) {
	return c.relationOid(snap, ns, name)
}
