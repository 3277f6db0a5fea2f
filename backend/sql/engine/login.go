package engine

import (
	"ringpg/backend/catalog"
	"ringpg/pgerr"
)

// RoleForLogin returns the role a client wants to log in as, nil when
// there is none, read in a short transaction of its own: authentication
// needs its password, its VALID UNTIL and its LOGIN attribute before any
// session exists.
func (e *Engine) RoleForLogin(user string) (*catalog.Role, error) {
	c, err := e.catalog(catalog.Template1DB)
	if err != nil {
		return nil, err
	}
	x := e.tm.Begin()
	defer x.Abort()
	c.BeginStatement()
	r, err := c.Role(x.Snapshot(), user)
	if err != nil {
		if pgerr.From(err).Code == pgerr.UndefinedObject {
			return nil, nil // authentication fails the same way as for a wrong password
		}
		return nil, err
	}
	return r, nil
}

// RoleIsMember reports whether role user is role, or a member of it
// directly or through others (pg_hba.conf's +role and samerole).
func (e *Engine) RoleIsMember(user, role string) bool {
	c, err := e.catalog(catalog.Template1DB)
	if err != nil {
		return false
	}
	x := e.tm.Begin()
	defer x.Abort()
	c.BeginStatement()
	snap := x.Snapshot()
	u, err := c.Role(snap, user)
	if err != nil {
		return false
	}
	r, err := c.Role(snap, role)
	if err != nil {
		return false
	}
	ms, err := c.Memberships(snap)
	return err == nil && catalog.IsMemberOf(ms, u.Oid, r.Oid)
}
