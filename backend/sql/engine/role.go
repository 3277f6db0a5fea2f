package engine

import (
	"ringpg/backend/auth/scram"
	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
	"ringpg/settings"
)

// Role statements: CREATE/ALTER/DROP ROLE (and USER, GROUP), GRANT and
// REVOKE of role membership. Who may do what is PostgreSQL 15's rule:
// superusers anything; roles with CREATEROLE anything but touching
// superusers; everyone else nothing but their own password.

// currentUser is current_user: the role SET ROLE chose, else the session
// user.
func (s *Session) currentUser() string {
	if r := s.set.ShowOf(settings.Role); r != "none" && r != "" {
		return r
	}
	return s.user
}

// currentRole is the role the session runs as.
func (s *Session) currentRole() (*catalog.Role, error) {
	name := s.currentUser()
	if r, ok := s.cat.CachedRole(name); ok {
		return r, nil // every statement asks: no snapshot for a cache hit
	}
	return s.cat.Role(s.snapshot(), name)
}

// roleOptions converts CREATE/ALTER ROLE options to catalog.RoleOptions,
// hashing a password as password_encryption says.
func (s *Session) roleOptions(name string, opts []*parser.DefElem) (catalog.RoleOptions, error) {
	var o catalog.RoleOptions
	seen := map[string]bool{}
	for _, d := range opts {
		if seen[d.Name] {
			return o, pgerr.New(pgerr.SyntaxError, "conflicting or redundant options").WithPosition(d.Location + 1)
		}
		seen[d.Name] = true
		b := func() *bool {
			v := true
			if a, ok := d.Arg.(*parser.AConst); ok && a.Kind == parser.ConstBool {
				v = a.Bool
			}
			return &v
		}
		switch d.Name {
		case "superuser":
			o.Super = b()
		case "inherit":
			o.Inherit = b()
		case "createrole":
			o.CreateRole = b()
		case "createdb":
			o.CreateDB = b()
		case "canlogin":
			o.CanLogin = b()
		case "isreplication":
			o.Replication = b()
		case "bypassrls":
			o.BypassRLS = b()
		case "connectionlimit":
			n, err := optInt(d)
			if err != nil {
				return o, err
			}
			if n < -1 {
				return o, pgerr.New(pgerr.InvalidParameterValue, "invalid connection limit: %d", n)
			}
			v := int32(n)
			o.ConnLimit = &v
		case "password":
			a, _ := d.Arg.(*parser.AConst)
			if a == nil || a.Kind == parser.ConstNull {
				o.ClearPassword = true
				continue
			}
			if a.Val == "" {
				s.queueNoticeCode("00000", "empty string is not a valid password, clearing password")
				o.ClearPassword = true
				continue
			}
			method, _ := s.set.Show("password_encryption")
			v, err := scram.EncryptPassword(a.Val, name, method)
			if err != nil {
				return o, err
			}
			o.Password = &v
		case "validUntil":
			a, _ := d.Arg.(*parser.AConst)
			if a == nil || a.Kind == parser.ConstNull {
				o.ClearValidUntil = true
				continue
			}
			v, err := types.Input(types.Of(types.TimestampTZOid), a.Val, s.env)
			if err != nil {
				return o, err
			}
			o.ValidUntil = &v.I
		case "sysid":
			s.queueNoticeCode("00000", "SYSID can no longer be specified")
		case "addroleto", "rolemembers", "adminmembers":
			// Handled by the caller after the role exists.
		default:
			return o, pgerr.New(pgerr.SyntaxError, "option \"%s\" not recognized", d.Name)
		}
	}
	return o, nil
}

// queueNoticeCode queues a notice with its SQLSTATE.
func (s *Session) queueNoticeCode(code, msg string) {
	e := pgerr.New(code, "%s", msg)
	e.Severity = pgerr.SeverityNotice
	s.notices = append(s.notices, e)
}

// queueWarning queues a warning.
func (s *Session) queueWarning(msg string) {
	e := pgerr.New("01000", "%s", msg)
	e.Severity = pgerr.SeverityWarning
	s.notices = append(s.notices, e)
}

func (s *Session) createRole(n *parser.CreateRoleStmt) (string, error) {
	me, err := s.currentRole()
	if err != nil {
		return "", err
	}
	if err := catalog.CheckRoleName(n.Role); err != nil {
		return "", err
	}
	o, err := s.roleOptions(n.Role, n.Options)
	if err != nil {
		return "", err
	}
	if !me.Super {
		switch {
		case !me.CreateRole:
			return "", pgerr.New(pgerr.InsufficientPrivilege, "permission denied to create role")
		case o.Super != nil && *o.Super:
			return "", pgerr.New(pgerr.InsufficientPrivilege, "must be superuser to create superusers")
		case o.Replication != nil && *o.Replication:
			return "", pgerr.New(pgerr.InsufficientPrivilege, "must be superuser to create replication users")
		case o.BypassRLS != nil && *o.BypassRLS:
			return "", pgerr.New(pgerr.InsufficientPrivilege, "must be superuser to create bypassrls users")
		}
	}
	if o.CanLogin == nil {
		v := n.StmtType == parser.RoleStmtUser
		o.CanLogin = &v
	}
	snap := s.snapshot()
	if _, err := s.cat.CreateRole(s.xact, snap, n.Role, o); err != nil {
		return "", err
	}
	s.didDDL = true
	s.xact.CommandCounterIncrement()
	// IN ROLE, ROLE and ADMIN: memberships of the new role.
	for _, d := range n.Options {
		list, _ := d.Arg.(*parser.ListArg)
		if list == nil {
			continue
		}
		for _, it := range list.Items {
			rs, _ := it.(*parser.RoleSpec)
			if rs == nil {
				continue
			}
			var err error
			switch d.Name {
			case "addroleto":
				err = s.grantMembership(rs.Name, n.Role, me, false)
			case "rolemembers":
				err = s.grantMembership(n.Role, rs.Name, me, false)
			case "adminmembers":
				err = s.grantMembership(n.Role, rs.Name, me, true)
			}
			if err != nil {
				return "", err
			}
		}
	}
	return "CREATE ROLE", nil
}

// roleName resolves a RoleSpec (CURRENT_USER and friends).
func (s *Session) roleName(rs *parser.RoleSpec) (string, error) {
	switch rs.Kind {
	case parser.RoleCurrentRole, parser.RoleCurrentUser:
		return s.currentUser(), nil
	case parser.RoleSessionUser:
		return s.user, nil
	case parser.RolePublic:
		return "", pgerr.New(pgerr.UndefinedObject, "role \"public\" does not exist")
	}
	return rs.Name, nil
}

func (s *Session) alterRole(n *parser.AlterRoleStmt) (string, error) {
	name, err := s.roleName(n.Role)
	if err != nil {
		return "", err
	}
	snap := s.snapshot()
	target, err := s.cat.Role(snap, name)
	if err != nil {
		return "", err
	}
	me, err := s.currentRole()
	if err != nil {
		return "", err
	}
	o, err := s.roleOptions(name, n.Options)
	if err != nil {
		return "", err
	}
	if !me.Super {
		onlyPassword := len(n.Options) == 1 && n.Options[0].Name == "password"
		switch {
		case target.Super || o.Super != nil || o.Replication != nil || o.BypassRLS != nil:
			return "", pgerr.New(pgerr.InsufficientPrivilege, "must be superuser to alter superuser roles or change superuser attribute")
		case me.CreateRole:
		case onlyPassword && me.Oid == target.Oid:
		default:
			return "", pgerr.New(pgerr.InsufficientPrivilege, "permission denied")
		}
	}
	if err := s.cat.AlterRole(s.xact, snap, name, o); err != nil {
		return "", err
	}
	s.didDDL = true
	return "ALTER ROLE", nil
}

func (s *Session) dropRole(n *parser.DropRoleStmt) (string, error) {
	me, err := s.currentRole()
	if err != nil {
		return "", err
	}
	if !me.Super && !me.CreateRole {
		return "", pgerr.New(pgerr.InsufficientPrivilege, "permission denied to drop role")
	}
	for _, rs := range n.Roles {
		name, err := s.roleName(rs)
		if err != nil {
			return "", err
		}
		snap := s.snapshot()
		r, err := s.cat.Role(snap, name)
		if err != nil {
			if n.MissingOk && pgerr.From(err).Code == pgerr.UndefinedObject {
				s.queueNoticeCode("00000", "role \""+name+"\" does not exist, skipping")
				continue
			}
			return "", err
		}
		switch {
		case r.Oid == me.Oid:
			return "", pgerr.New(pgerr.ObjectInUse, "current user cannot be dropped")
		case name == s.user:
			return "", pgerr.New(pgerr.ObjectInUse, "session user cannot be dropped")
		case r.Oid < catalog.FirstNormalOid:
			return "", pgerr.New(pgerr.InsufficientPrivilege, "cannot drop role %s because it is required by the database system", name)
		case r.Super && !me.Super:
			return "", pgerr.New(pgerr.InsufficientPrivilege, "must be superuser to drop superusers")
		}
		if err := s.cat.DropRole(s.xact, snap, r); err != nil {
			return "", err
		}
		s.didDDL = true
		s.xact.CommandCounterIncrement()
	}
	return "DROP ROLE", nil
}

// grantMembership makes member a member of role, as GRANT role TO member
// by grantor.
func (s *Session) grantMembership(role, member string, grantor *catalog.Role, admin bool) error {
	snap := s.snapshot()
	r, m, err := s.membershipRoles(role, member, grantor)
	if err != nil {
		return err
	}
	if r.Super && !grantor.Super {
		return pgerr.New(pgerr.InsufficientPrivilege, "must be superuser to alter superusers")
	}
	notice, err := s.cat.GrantRole(s.xact, snap, r, m, grantor.Oid, admin)
	if err != nil {
		return err
	}
	if notice != "" {
		s.queueNoticeCode("00000", notice)
	}
	s.didDDL = true
	s.xact.CommandCounterIncrement()
	return nil
}

func (s *Session) grantRole(n *parser.GrantRoleStmt) (string, error) {
	me, err := s.currentRole()
	if err != nil {
		return "", err
	}
	for _, role := range n.Roles {
		for _, g := range n.Grantees {
			member, err := s.roleName(g)
			if err != nil {
				return "", err
			}
			if n.IsGrant {
				err = s.grantMembership(role, member, me, n.AdminOption)
			} else {
				err = s.revokeMembership(role, member, me)
			}
			if err != nil {
				return "", err
			}
		}
	}
	if n.IsGrant {
		return "GRANT ROLE", nil
	}
	return "REVOKE ROLE", nil
}

func (s *Session) revokeMembership(role, member string, me *catalog.Role) error {
	snap := s.snapshot()
	r, m, err := s.membershipRoles(role, member, me)
	if err != nil {
		return err
	}
	warning, err := s.cat.RevokeRole(s.xact, snap, r, m)
	if err != nil {
		return err
	}
	if warning != "" {
		s.queueWarning(warning)
	}
	s.didDDL = true
	s.xact.CommandCounterIncrement()
	return nil
}

// membershipRoles looks up the two roles of a GRANT or REVOKE of
// membership and checks that by may change role's members (superuser or
// CREATEROLE; there is no ADMIN OPTION check yet).
func (s *Session) membershipRoles(role, member string, by *catalog.Role) (r, m *catalog.Role, err error) {
	snap := s.snapshot()
	if r, err = s.cat.Role(snap, role); err != nil {
		return nil, nil, err
	}
	if m, err = s.cat.Role(snap, member); err != nil {
		return nil, nil, err
	}
	if !by.Super && !by.CreateRole {
		return nil, nil, pgerr.New(pgerr.InsufficientPrivilege, "must have admin option on role \"%s\"", role)
	}
	return r, m, nil
}
