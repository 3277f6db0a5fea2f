package catalog

import (
	"fmt"
	"strings"

	"ringpg/backend/access/heap"
	"ringpg/pgerr"
)

// Roles: pg_authid rows and pg_auth_members memberships, both shared
// catalogs. The caller (the SQL engine) checks the privileges to change
// them (superuser, CREATEROLE) and hashes passwords; this file keeps the
// rows and PostgreSQL's errors about the rows themselves.

// RoleOptions are the attributes CREATE ROLE and ALTER ROLE set; nil
// fields are left as they are (ALTER) or take their defaults (CREATE).
type RoleOptions struct {
	Super, Inherit, CreateRole, CreateDB, CanLogin, Replication, BypassRLS *bool
	ConnLimit                                                              *int32
	// Password is the stored form (a verifier) or nil; ClearPassword
	// stores NULL (PASSWORD NULL).
	Password      *string
	ClearPassword bool
	// ValidUntil is timestamptz microseconds since 2000-01-01, or nil;
	// ClearValidUntil stores NULL ('infinity' is a value).
	ValidUntil      *int64
	ClearValidUntil bool
}

// CheckRoleName refuses the names PostgreSQL reserves.
func CheckRoleName(name string) error {
	switch {
	case name == "public" || name == "none":
		return pgerr.New(pgerr.ReservedName, "role name \"%s\" is reserved", name)
	case strings.HasPrefix(name, "pg_"):
		return pgerr.New(pgerr.ReservedName, "role name \"%s\" is reserved", name).
			WithDetail("Role names starting with \"pg_\" are reserved.")
	}
	return nil
}

// CreateRole inserts role name with the options given over PostgreSQL's
// defaults (INHERIT, no other attribute, no connection limit; login as
// canLogin says: CREATE USER logs in, CREATE ROLE does not).
func (c *Catalog) CreateRole(tx heap.Txn, snap heap.Snapshot, name string, o RoleOptions) (uint32, error) {
	if r, err := c.findRole(snap, name); err != nil {
		return 0, err
	} else if r != nil {
		return 0, pgerr.New(pgerr.DuplicateObject, "role \"%s\" already exists", name)
	}
	oid, err := c.NewOid()
	if err != nil {
		return 0, err
	}
	f := false
	t := true
	noLimit := int32(-1)
	def := func(p *bool, d *bool) *bool {
		if p != nil {
			return p
		}
		return d
	}
	r := newRow(catalogByOid[PgAuthid]).set("oid", dOid(oid)).set("rolname", dName(name)).
		set("rolsuper", dBool(*def(o.Super, &f))).set("rolinherit", dBool(*def(o.Inherit, &t))).
		set("rolcreaterole", dBool(*def(o.CreateRole, &f))).set("rolcreatedb", dBool(*def(o.CreateDB, &f))).
		set("rolcanlogin", dBool(*def(o.CanLogin, &f))).set("rolreplication", dBool(*def(o.Replication, &f))).
		set("rolbypassrls", dBool(*def(o.BypassRLS, &f)))
	if o.ConnLimit != nil {
		noLimit = *o.ConnLimit
	}
	r.set("rolconnlimit", dInt4(noLimit))
	if o.Password != nil {
		r.set("rolpassword", dText(*o.Password))
	}
	if o.ValidUntil != nil {
		r.set("rolvaliduntil", dInt8(*o.ValidUntil))
	}
	c.didDDL = true
	delete(c.cache.roles, name)
	_, err = c.insert(tx, r)
	return oid, err
}

// AlterRole changes role name's attributes.
func (c *Catalog) AlterRole(tx heap.Txn, snap heap.Snapshot, name string, o RoleOptions) error {
	found := false
	err := c.scan(snap, PgAuthid, func(cr *crow) (bool, error) {
		if cr.name("rolname") != name {
			return true, nil
		}
		found = true
		r := cr.copyRow()
		setBool := func(col string, p *bool) {
			if p != nil {
				r.set(col, dBool(*p))
			}
		}
		setBool("rolsuper", o.Super)
		setBool("rolinherit", o.Inherit)
		setBool("rolcreaterole", o.CreateRole)
		setBool("rolcreatedb", o.CreateDB)
		setBool("rolcanlogin", o.CanLogin)
		setBool("rolreplication", o.Replication)
		setBool("rolbypassrls", o.BypassRLS)
		if o.ConnLimit != nil {
			r.set("rolconnlimit", dInt4(*o.ConnLimit))
		}
		switch {
		case o.ClearPassword:
			r.set("rolpassword", nil)
		case o.Password != nil:
			r.set("rolpassword", dText(*o.Password))
		}
		switch {
		case o.ClearValidUntil:
			r.set("rolvaliduntil", nil)
		case o.ValidUntil != nil:
			r.set("rolvaliduntil", dInt8(*o.ValidUntil))
		}
		return false, c.update(tx, cr.tid, r)
	})
	if err != nil {
		return err
	}
	if !found {
		return pgerr.New(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
	}
	c.didDDL = true
	delete(c.cache.roles, name)
	return nil
}

// DropRole deletes role r and its memberships, refusing while objects of
// this database's catalog or databases belong to it (2BP01, with
// PostgreSQL's DETAIL listing them).
func (c *Catalog) DropRole(tx heap.Txn, snap heap.Snapshot, r *Role) error {
	var owned []string
	err := c.scan(snap, PgDatabase, func(cr *crow) (bool, error) {
		if cr.oid("datdba") == r.Oid {
			owned = append(owned, fmt.Sprintf("owner of database %s", cr.name("datname")))
		}
		if mentions(cr.texts("datacl"), r.Name) {
			owned = append(owned, fmt.Sprintf("privileges for database %s", cr.name("datname")))
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	err = c.scan(snap, PgNamespace, func(cr *crow) (bool, error) {
		if cr.oid("nspowner") == r.Oid {
			owned = append(owned, fmt.Sprintf("owner of schema %s", cr.name("nspname")))
		}
		if mentions(cr.texts("nspacl"), r.Name) {
			owned = append(owned, fmt.Sprintf("privileges for schema %s", cr.name("nspname")))
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	err = c.scan(snap, PgClass, func(cr *crow) (bool, error) {
		if cr.oid("relowner") == r.Oid {
			owned = append(owned, fmt.Sprintf("owner of %s %s", relKindWord(cr.char("relkind")), cr.name("relname")))
		}
		if mentions(cr.texts("relacl"), r.Name) {
			owned = append(owned, fmt.Sprintf("privileges for %s %s", relKindWord(cr.char("relkind")), cr.name("relname")))
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if len(owned) > 0 {
		return pgerr.New(pgerr.DependentObjectsStillExist, "role \"%s\" cannot be dropped because some objects depend on it", r.Name).
			WithDetail("%s", strings.Join(owned, "\n"))
	}
	err = c.scan(snap, PgAuthid, func(cr *crow) (bool, error) {
		if cr.oid("oid") != r.Oid {
			return true, nil
		}
		return false, c.delete(tx, PgAuthid, cr.tid)
	})
	if err != nil {
		return err
	}
	err = c.scan(snap, PgAuthMembers, func(cr *crow) (bool, error) {
		if cr.oid("roleid") == r.Oid || cr.oid("member") == r.Oid {
			if err := c.delete(tx, PgAuthMembers, cr.tid); err != nil {
				return false, err
			}
		}
		return true, nil
	})
	c.didDDL = true
	delete(c.cache.roles, r.Name)
	return err
}

func relKindWord(k byte) string {
	switch k {
	case 'r':
		return "table"
	case 'i':
		return "index"
	case 'S':
		return "sequence"
	case 'v':
		return "view"
	case 'm':
		return "materialized view"
	case 'p':
		return "table"
	}
	return "relation"
}

// Membership is one pg_auth_members row.
type Membership struct {
	Role, Member, Grantor uint32
	Admin                 bool
}

// Memberships returns every pg_auth_members row snap sees.
func (c *Catalog) Memberships(snap heap.Snapshot) ([]Membership, error) {
	var out []Membership
	err := c.scan(snap, PgAuthMembers, func(cr *crow) (bool, error) {
		out = append(out, Membership{Role: cr.oid("roleid"), Member: cr.oid("member"), Grantor: cr.oid("grantor"), Admin: cr.bool("admin_option")})
		return true, nil
	})
	return out, err
}

// IsMemberOf reports whether member is role or belongs to it, directly or
// through other roles (INHERIT or not: this is pg_has_role's MEMBER and
// the check that keeps memberships from looping).
func IsMemberOf(ms []Membership, member, role uint32) bool {
	seen := map[uint32]bool{member: true}
	queue := []uint32{member}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if m == role {
			return true
		}
		for _, x := range ms {
			if x.Member == m && !seen[x.Role] {
				seen[x.Role] = true
				queue = append(queue, x.Role)
			}
		}
	}
	return false
}

// GrantRole makes member a member of role. It returns a notice when the
// membership exists already (PostgreSQL only says so), and refuses a
// grant that would make a loop (0LP01).
func (c *Catalog) GrantRole(tx heap.Txn, snap heap.Snapshot, role, member *Role, grantor uint32, admin bool) (notice string, err error) {
	ms, err := c.Memberships(snap)
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if m.Role == role.Oid && m.Member == member.Oid {
			return fmt.Sprintf("role \"%s\" is already a member of role \"%s\"", member.Name, role.Name), nil
		}
	}
	if member.Oid == role.Oid || IsMemberOf(ms, role.Oid, member.Oid) {
		return "", pgerr.New(pgerr.InvalidGrantOperation, "role \"%s\" is a member of role \"%s\"", role.Name, member.Name)
	}
	r := newRow(catalogByOid[PgAuthMembers]).set("roleid", dOid(role.Oid)).set("member", dOid(member.Oid)).
		set("grantor", dOid(grantor)).set("admin_option", dBool(admin))
	c.didDDL = true
	_, err = c.insert(tx, r)
	return "", err
}

// RevokeRole ends member's membership of role; a warning when there was
// none (PostgreSQL's).
func (c *Catalog) RevokeRole(tx heap.Txn, snap heap.Snapshot, role, member *Role) (warning string, err error) {
	found := false
	err = c.scan(snap, PgAuthMembers, func(cr *crow) (bool, error) {
		if cr.oid("roleid") != role.Oid || cr.oid("member") != member.Oid {
			return true, nil
		}
		found = true
		return false, c.delete(tx, PgAuthMembers, cr.tid)
	})
	if err != nil {
		return "", err
	}
	if !found {
		return fmt.Sprintf("role \"%s\" is not a member of role \"%s\"", member.Name, role.Name), nil
	}
	c.didDDL = true
	return "", nil
}
