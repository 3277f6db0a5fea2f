package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/catalog/acl"
	"ringpg/pgerr"
)

// Privileges. The aclitem[] columns (relacl, nspacl, datacl) hold the
// items' text forms, which name roles; a NULL column means the object's
// default list (acl.Default). Checks ask Grants for the privileges a role
// holds on an object: superusers hold all of them; any other role holds
// what the list gives PUBLIC, the role itself and every role it inherits
// the privileges of (memberships through INHERIT roles, and
// pg_database_owner for the owner of the current database), as
// PostgreSQL's aclmask does.

// Namespace is a schema: its pg_namespace row.
type Namespace struct {
	Oid   uint32
	Name  string
	Owner uint32
	ACL   []string // nspacl; nil when NULL
}

// Namespace returns schema oid (3F000 when there is none).
func (c *Catalog) Namespace(snap heap.Snapshot, oid uint32) (*Namespace, error) {
	if n, ok := c.cache.nss[oid]; ok {
		return n, nil
	}
	if err := c.loadNamespaces(snap); err != nil {
		return nil, err
	}
	if n, ok := c.cache.nss[oid]; ok {
		return n, nil
	}
	return nil, pgerr.New(pgerr.UndefinedSchema, "schema with OID %d does not exist", oid)
}

// roleInfo is what privilege checks need of a pg_authid row.
type roleInfo struct {
	name           string
	super, inherit bool
}

// loadRoles reads every role and membership once per cache epoch.
func (c *Catalog) loadRoles(snap heap.Snapshot) error {
	if c.cache.roleInfo != nil {
		return nil
	}
	infos := map[uint32]roleInfo{}
	err := c.scan(snap, PgAuthid, func(r *crow) (bool, error) {
		infos[r.oid("oid")] = roleInfo{name: r.name("rolname"), super: r.bool("rolsuper"), inherit: r.bool("rolinherit")}
		return true, nil
	})
	if err != nil {
		return err
	}
	ms, err := c.Memberships(snap)
	if err != nil {
		return err
	}
	c.cache.roleInfo, c.cache.members = infos, ms
	c.cache.actsFor = map[uint32]map[string]bool{}
	return nil
}

// RoleNameOf returns role oid's name, or its oid as text when it has none
// (as PostgreSQL prints a dropped grantee).
func (c *Catalog) RoleNameOf(snap heap.Snapshot, oid uint32) (string, error) {
	if err := c.loadRoles(snap); err != nil {
		return "", err
	}
	if ri, ok := c.cache.roleInfo[oid]; ok {
		return ri.name, nil
	}
	return uitoa(oid), nil
}

// IsSuperuser reports whether role oid is a superuser.
func (c *Catalog) IsSuperuser(snap heap.Snapshot, oid uint32) (bool, error) {
	if err := c.loadRoles(snap); err != nil {
		return false, err
	}
	return c.cache.roleInfo[oid].super, nil
}

// HasPrivsOf reports whether role holds the privileges of role other
// (itself, or by inheritance): pg_has_role's USAGE.
func (c *Catalog) HasPrivsOf(snap heap.Snapshot, role, other uint32) (bool, error) {
	set, err := c.privsOf(snap, role)
	if err != nil {
		return false, err
	}
	name, err := c.RoleNameOf(snap, other)
	if err != nil {
		return false, err
	}
	return set[name] || c.cache.roleInfo[role].super, nil
}

// privsOf is the names of the roles whose privileges role holds.
func (c *Catalog) privsOf(snap heap.Snapshot, role uint32) (map[string]bool, error) {
	if err := c.loadRoles(snap); err != nil {
		return nil, err
	}
	if set, ok := c.cache.actsFor[role]; ok {
		return set, nil
	}
	var dbOwner uint32
	if err := c.scan(snap, PgDatabase, func(r *crow) (bool, error) {
		if r.oid("oid") == c.db {
			dbOwner = r.oid("datdba")
			return false, nil
		}
		return true, nil
	}); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	seen := map[uint32]bool{}
	var visit func(uint32)
	visit = func(r uint32) {
		if seen[r] {
			return
		}
		seen[r] = true
		ri := c.cache.roleInfo[r]
		set[ri.name] = true
		if r == dbOwner {
			visit(pgDatabaseOwner)
		}
		if !ri.inherit {
			return // a NOINHERIT role's memberships pass nothing on
		}
		for _, m := range c.cache.members {
			if m.Member == r {
				visit(m.Role)
			}
		}
	}
	visit(role)
	c.cache.actsFor[role] = set
	return set, nil
}

// Grants returns which of want role holds through list (stored, or the
// default of kind for an object owned by owner when stored is nil).
func (c *Catalog) Grants(snap heap.Snapshot, role uint32, stored []string, kind acl.Kind, owner uint32, want acl.Mode) (acl.Mode, error) {
	list, err := c.ACLOf(snap, stored, kind, owner)
	if err != nil {
		return 0, err
	}
	set, err := c.privsOf(snap, role)
	if err != nil {
		return 0, err
	}
	if c.cache.roleInfo[role].super {
		return want & kind.All(), nil
	}
	return list.Mask(func(g string) bool { return set[g] }, want), nil
}

// GrantOptions is Grants for grant options.
func (c *Catalog) GrantOptions(snap heap.Snapshot, role uint32, stored []string, kind acl.Kind, owner uint32, want acl.Mode) (acl.Mode, error) {
	list, err := c.ACLOf(snap, stored, kind, owner)
	if err != nil {
		return 0, err
	}
	set, err := c.privsOf(snap, role)
	if err != nil {
		return 0, err
	}
	return list.OptionMask(func(g string) bool { return set[g] }, want), nil
}

// ACLOf parses a stored list, or makes the default one.
func (c *Catalog) ACLOf(snap heap.Snapshot, stored []string, kind acl.Kind, owner uint32) (acl.ACL, error) {
	if stored != nil {
		l, err := acl.Parse(stored)
		if err != nil {
			return nil, pgerr.New(pgerr.DataCorrupted, "invalid acl: %v", err)
		}
		return l, nil
	}
	name, err := c.RoleNameOf(snap, owner)
	if err != nil {
		return nil, err
	}
	return acl.Default(kind, name), nil
}

// RelationKind is the acl kind of a relation.
func RelationKind(r *Relation) acl.Kind {
	if r.Kind == KindSequence {
		return acl.Sequence
	}
	return acl.Table
}

// SetRelationACL stores a relation's list.
func (c *Catalog) SetRelationACL(tx heap.Txn, snap heap.Snapshot, oid uint32, list acl.ACL) error {
	d := c.cmd(tx, snap)
	d.updateClass(oid, func(row *row) { row.set("relacl", dTextArray(list.Strings())) })
	return d.flush()
}

// SetNamespaceACL stores a schema's list.
func (c *Catalog) SetNamespaceACL(tx heap.Txn, snap heap.Snapshot, oid uint32, list acl.ACL) error {
	return c.updateByOid(tx, snap, PgNamespace, oid, func(r *row) { r.set("nspacl", dTextArray(list.Strings())) })
}

// SetDatabaseACL stores a database's list.
func (c *Catalog) SetDatabaseACL(tx heap.Txn, snap heap.Snapshot, oid uint32, list acl.ACL) error {
	return c.updateByOid(tx, snap, PgDatabase, oid, func(r *row) { r.set("datacl", dTextArray(list.Strings())) })
}

// updateByOid rewrites the row of catalog cat whose oid column is oid.
func (c *Catalog) updateByOid(tx heap.Txn, snap heap.Snapshot, cat, oid uint32, f func(*row)) error {
	found := false
	err := c.scan(snap, cat, func(cr *crow) (bool, error) {
		if cr.oid("oid") != oid {
			return true, nil
		}
		found = true
		r := cr.copyRow()
		f(r)
		return false, c.update(tx, cr.tid, r)
	})
	if err != nil {
		return err
	}
	if !found {
		return pgerr.New(pgerr.UndefinedObject, "cache lookup failed for object %d of catalog %d", oid, cat)
	}
	c.didDDL = true
	c.cache.reset()
	return nil
}

func uitoa(v uint32) string {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// mentions reports whether a stored list names role as grantee or
// grantor.
func mentions(stored []string, role string) bool {
	list, err := acl.Parse(stored)
	if err != nil {
		return false
	}
	for _, it := range list {
		if it.Grantee == role || it.Grantor == role {
			return true
		}
	}
	return false
}

// SetRelationOwner gives relation rel (and its indexes and toast
// relation) to owner, with the list the caller computed (nil: NULL).
func (c *Catalog) SetRelationOwner(tx heap.Txn, snap heap.Snapshot, rel *Relation, owner uint32, list acl.ACL) error {
	d := c.cmd(tx, snap)
	d.updateClass(rel.Oid, func(row *row) {
		row.set("relowner", dOid(owner))
		if list != nil {
			row.set("relacl", dTextArray(list.Strings()))
		}
	})
	for _, ix := range rel.Indexes {
		d.updateClass(ix.Oid, func(row *row) { row.set("relowner", dOid(owner)) })
	}
	if rel.Toast != 0 {
		d.updateClass(rel.Toast, func(row *row) { row.set("relowner", dOid(owner)) })
	}
	return d.flush()
}

// systemACL is the list initdb gives a system catalog or view: everyone
// may read it, but for those holding passwords, statistics' values or
// server files, which only superusers read; pg_settings may also be
// updated by everyone (SET through it).
func systemACL(name string) []string {
	switch name {
	case "pg_authid", "pg_shadow", "pg_statistic", "pg_statistic_ext_data", "pg_subscription", "pg_user_mapping",
		"pg_largeobject", "pg_config", "pg_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings",
		"pg_replication_origin_status":
		return []string{"postgres=arwdDxt/postgres"}
	case "pg_settings":
		return []string{"postgres=arwdDxt/postgres", "=rw/postgres"}
	}
	return []string{"postgres=arwdDxt/postgres", "=r/postgres"}
}

// Function is what privilege checks need of a pg_proc row.
type Function struct {
	Oid       uint32
	Name      string
	Namespace uint32
	Args      []uint32 // proargtypes
	Owner     uint32
	ACL       []string // proacl; nil when NULL (EXECUTE for PUBLIC)
}

func readFunction(r *crow) *Function {
	return &Function{Oid: r.oid("oid"), Name: r.name("proname"), Namespace: r.oid("pronamespace"),
		Args: r.oids("proargtypes"), Owner: r.oid("proowner"), ACL: r.texts("proacl")}
}

// Functions returns the functions called name in schema ns (every
// schema when ns is 0), or every function of ns when name is "".
func (c *Catalog) Functions(snap heap.Snapshot, ns uint32, name string) ([]*Function, error) {
	var out []*Function
	err := c.scan(snap, PgProc, func(r *crow) (bool, error) {
		if (name == "" || r.name("proname") == name) && (ns == 0 || r.oid("pronamespace") == ns) {
			out = append(out, readFunction(r))
		}
		return true, nil
	})
	return out, err
}

// RestrictedFunctions returns the functions whose list is not the
// default (proacl not NULL), by oid: the only ones an EXECUTE check needs
// to read. Cached until the catalog changes.
func (c *Catalog) RestrictedFunctions(snap heap.Snapshot) (map[uint32]*Function, error) {
	if c.cache.procACLs != nil {
		return c.cache.procACLs, nil
	}
	m := map[uint32]*Function{}
	err := c.scan(snap, PgProc, func(r *crow) (bool, error) {
		if !r.isNull("proacl") {
			f := readFunction(r)
			m[f.Oid] = f
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	c.cache.procACLs = m
	return m, nil
}

// SetFunctionACL stores a function's list.
func (c *Catalog) SetFunctionACL(tx heap.Txn, snap heap.Snapshot, oid uint32, list acl.ACL) error {
	return c.updateByOid(tx, snap, PgProc, oid, func(r *row) { r.set("proacl", dTextArray(list.Strings())) })
}
