package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/catalog/acl"
)

// Default privileges (pg_default_acl, ALTER DEFAULT PRIVILEGES): for a
// role, and optionally a schema, the list objects of a kind get when the
// role creates them. A role's global entry (namespace 0) replaces the
// hard default of the kind; a schema's entry adds its grants to that. A
// new object whose list comes out as the hard default stores NULL, as in
// PostgreSQL.

// pgDefaultACL is pg_default_acl's oid.
const pgDefaultACL = 826

// The objtype codes of pg_default_acl.
const (
	DefaultACLRelation  = 'r'
	DefaultACLSequence  = 'S'
	DefaultACLFunction  = 'f'
	DefaultACLType      = 'T'
	DefaultACLNamespace = 'n'
)

// DefaultACLKind is the acl kind of an objtype code.
func DefaultACLKind(objtype byte) acl.Kind {
	switch objtype {
	case DefaultACLSequence:
		return acl.Sequence
	case DefaultACLFunction:
		return acl.Function
	case DefaultACLType:
		return acl.Type
	case DefaultACLNamespace:
		return acl.Schema
	}
	return acl.Table
}

// DefaultACL returns the stored entry for (role, ns, objtype), nil if
// there is none.
func (c *Catalog) DefaultACL(snap heap.Snapshot, role, ns uint32, objtype byte) ([]string, error) {
	var out []string
	err := c.scan(snap, pgDefaultACL, func(r *crow) (bool, error) {
		if r.oid("defaclrole") == role && r.oid("defaclnamespace") == ns && r.char("defaclobjtype") == objtype {
			out = r.texts("defaclacl")
			if out == nil {
				out = []string{}
			}
			return false, nil
		}
		return true, nil
	})
	return out, err
}

// SetDefaultACL stores the entry for (role, ns, objtype); a nil list
// removes it.
func (c *Catalog) SetDefaultACL(tx heap.Txn, snap heap.Snapshot, role, ns uint32, objtype byte, list acl.ACL) error {
	found := false
	err := c.scan(snap, pgDefaultACL, func(r *crow) (bool, error) {
		if r.oid("defaclrole") != role || r.oid("defaclnamespace") != ns || r.char("defaclobjtype") != objtype {
			return true, nil
		}
		found = true
		if list == nil {
			return false, c.delete(tx, pgDefaultACL, r.tid)
		}
		row := r.copyRow()
		row.set("defaclacl", dTextArray(list.Strings()))
		return false, c.update(tx, r.tid, row)
	})
	if err != nil || found || list == nil {
		c.didDDL = c.didDDL || found
		return err
	}
	oid, err := c.NewOid()
	if err != nil {
		return err
	}
	row := newRow(catalogByOid[pgDefaultACL]).set("oid", dOid(oid)).set("defaclrole", dOid(role)).
		set("defaclnamespace", dOid(ns)).set("defaclobjtype", dChar(objtype)).set("defaclacl", dTextArray(list.Strings()))
	c.didDDL = true
	_, err = c.insert(tx, row)
	return err
}

// initialACL is the stored list of a new object of objtype owned by
// owner in schema ns (ns 0 for a schema): nil when it is the kind's hard
// default.
func (c *Catalog) initialACL(snap heap.Snapshot, owner, ns uint32, objtype byte) ([]string, error) {
	kind := DefaultACLKind(objtype)
	glob, err := c.DefaultACL(snap, owner, 0, objtype)
	if err != nil {
		return nil, err
	}
	var local []string
	if ns != 0 {
		if local, err = c.DefaultACL(snap, owner, ns, objtype); err != nil {
			return nil, err
		}
	}
	if glob == nil && local == nil {
		return nil, nil
	}
	list, err := c.ACLOf(snap, glob, kind, owner)
	if err != nil {
		return nil, err
	}
	add, err := acl.Parse(local)
	if err != nil {
		return nil, err
	}
	for _, it := range add {
		list = list.Grant(it.Grantee, it.Grantor, it.Privs, it.Options)
	}
	def, err := c.ACLOf(snap, nil, kind, owner)
	if err != nil {
		return nil, err
	}
	if list.SameItems(def) {
		return nil, nil
	}
	return list.Strings(), nil
}
