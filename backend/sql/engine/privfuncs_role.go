package engine

import (
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// pg_has_role, the column privilege functions and the temporary-schema
// functions, which information_schema's views rely on.
//
// Column privileges do not exist here, so has_column_privilege and
// has_any_column_privilege answer with the table's privileges (among
// SELECT, INSERT, UPDATE and REFERENCES, the ones a column can have).

// columnPrivs are the privileges a column can be granted.
const columnPrivs = acl.Select | acl.Insert | acl.Update | acl.References

// roleMode is one pg_has_role mode: USAGE (holds the role's privileges),
// MEMBER (belongs to it, inheriting or not), or either WITH ADMIN OPTION.
type roleMode int

const (
	roleUsage roleMode = iota
	roleMember
	roleAdmin
)

// parseRoleModes parses pg_has_role's list of modes ("USAGE, MEMBER").
func parseRoleModes(list string) ([]roleMode, error) {
	var out []roleMode
	for _, item := range strings.Split(list, ",") {
		w := strings.ToUpper(strings.TrimSpace(item))
		switch w {
		case "USAGE":
			out = append(out, roleUsage)
		case "MEMBER":
			out = append(out, roleMember)
		case "USAGE WITH GRANT OPTION", "USAGE WITH ADMIN OPTION", "MEMBER WITH GRANT OPTION", "MEMBER WITH ADMIN OPTION":
			out = append(out, roleAdmin)
		default:
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unrecognized privilege type: \"%s\"", strings.TrimSpace(item))
		}
	}
	return out, nil
}

// hasRole answers pg_has_role for member and role (oids; one that names
// no role holds nothing).
func (s *Session) hasRole(member, role uint32, list string) (types.Datum, error) {
	modes, err := parseRoleModes(list)
	if err != nil {
		return types.Null, err
	}
	snap := s.snapshot()
	if _, err := s.cat.RoleNameOf(snap, member); err != nil {
		return types.Bool(false), nil
	}
	if _, err := s.cat.RoleNameOf(snap, role); err != nil {
		return types.Bool(false), nil
	}
	super, err := s.cat.IsSuperuser(snap, member)
	if err != nil {
		return types.Null, err
	}
	for _, m := range modes {
		switch m {
		case roleUsage:
			ok, err := s.cat.HasPrivsOf(snap, member, role)
			if err != nil || ok {
				return types.Bool(ok), err
			}
		case roleMember, roleAdmin:
			if super {
				return types.Bool(true), nil
			}
			ms, err := s.cat.Memberships(snap)
			if err != nil {
				return types.Null, err
			}
			if m == roleMember && catalog.IsMemberOf(ms, member, role) {
				return types.Bool(true), nil
			}
			if m == roleAdmin && isAdminOf(ms, member, role) {
				return types.Bool(true), nil
			}
		}
	}
	return types.Bool(false), nil
}

// isAdminOf reports whether member holds role's ADMIN OPTION directly or
// through a role it belongs to.
func isAdminOf(ms []catalog.Membership, member, role uint32) bool {
	for _, m := range ms {
		if m.Role == role && m.Admin && catalog.IsMemberOf(ms, member, m.Member) {
			return true
		}
	}
	return false
}

// roleArg resolves a role argument given by name (an error when there is
// no such role) or oid.
func (s *Session) roleArg(d types.Datum, byOid bool) (uint32, error) {
	if byOid {
		return uint32(d.I), nil
	}
	r, err := s.cat.Role(s.snapshot(), d.S)
	if err != nil {
		return 0, err
	}
	return r.Oid, nil
}

// columnTable resolves has_column_privilege's table and, when col is
// not nil, checks the column exists: a table or column given by oid or
// number that does not exist gives a nil relation (the answer is NULL),
// one given by name is an error.
func (s *Session) columnTable(tab types.Datum, tabByOid bool, col *types.Datum, colByNum bool) (*catalog.Relation, error) {
	var r *catalog.Relation
	if tabByOid {
		rel, err := s.cat.Relation(s.snapshot(), uint32(tab.I))
		if err != nil {
			return nil, nil
		}
		r = rel
	} else {
		oid, err := s.env.RegclassIn(tab.S)
		if err != nil {
			return nil, err
		}
		if r, err = s.cat.Relation(s.snapshot(), uint32(oid)); err != nil {
			return nil, err
		}
	}
	if col == nil {
		return r, nil
	}
	for _, c := range r.Columns {
		if c.Dropped {
			continue
		}
		if colByNum && int64(c.Num) == col.I || !colByNum && c.Name == col.S {
			return r, nil
		}
	}
	if colByNum {
		return nil, nil
	}
	return nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", col.S, r.Name)
}

func init() {
	// pg_has_role in its six forms: (role, mode), (user, role, mode).
	for _, roleOid := range []bool{false, true} {
		roleOid := roleOid
		roleT := argType(roleOid)
		catFunc("pg_has_role", []types.Oid{roleT, types.TextOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
			me, err := s.currentRole()
			if err != nil {
				return types.Null, err
			}
			role, err := s.roleArg(a[0], roleOid)
			if err != nil {
				return types.Null, err
			}
			return s.hasRole(me.Oid, role, a[1].S)
		})
		for _, userOid := range []bool{false, true} {
			userOid := userOid
			catFunc("pg_has_role", []types.Oid{argType(userOid), roleT, types.TextOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
				user, err := s.roleArg(a[0], userOid)
				if err != nil {
					return types.Null, err
				}
				role, err := s.roleArg(a[1], roleOid)
				if err != nil {
					return types.Null, err
				}
				return s.hasRole(user, role, a[2].S)
			})
		}
	}

	// has_column_privilege and has_any_column_privilege, each with and
	// without a user argument.
	withUser := func(name string, args []types.Oid, f func(s *Session, role uint32, a []types.Datum) (types.Datum, error)) {
		catFunc(name, args, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
			me, err := s.currentRole()
			if err != nil {
				return types.Null, err
			}
			return f(s, me.Oid, a)
		})
		for _, userOid := range []bool{false, true} {
			userOid := userOid
			catFunc(name, append([]types.Oid{argType(userOid)}, args...), types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
				role, err := s.roleArg(a[0], userOid)
				if err != nil {
					return types.Null, err
				}
				return f(s, role, a[1:])
			})
		}
	}
	for _, tabOid := range []bool{false, true} {
		tabOid := tabOid
		tabT := types.Oid(types.TextOid)
		if tabOid {
			tabT = types.OidOid
		}
		for _, colNum := range []bool{false, true} {
			colNum := colNum
			colT := types.Oid(types.TextOid)
			if colNum {
				colT = types.Int2Oid
			}
			withUser("has_column_privilege", []types.Oid{tabT, colT, types.TextOid}, func(s *Session, role uint32, a []types.Datum) (types.Datum, error) {
				r, err := s.columnTable(a[0], tabOid, &a[1], colNum)
				if err != nil || r == nil {
					return types.Null, err
				}
				return s.hasPrivilege(role, relObject(r), a[2].S, columnPrivs)
			})
		}
		withUser("has_any_column_privilege", []types.Oid{tabT, types.TextOid}, func(s *Session, role uint32, a []types.Datum) (types.Datum, error) {
			r, err := s.columnTable(a[0], tabOid, nil, false)
			if err != nil || r == nil {
				return types.Null, err
			}
			return s.hasPrivilege(role, relObject(r), a[1].S, columnPrivs)
		})
	}

	catFunc("pg_my_temp_schema", nil, types.OidOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		return types.Int(int64(s.cat.TempNamespaceOid())), nil
	})
	catFunc("pg_is_other_temp_schema", []types.Oid{types.OidOid}, types.BoolOid, true, func(s *Session, a []types.Datum) (types.Datum, error) {
		ns := uint32(a[0].I)
		if ns == s.cat.TempNamespaceOid() {
			return types.Bool(false), nil
		}
		name, err := s.cat.NamespaceName(s.snapshot(), ns)
		if err != nil {
			return types.Bool(false), nil
		}
		return types.Bool(strings.HasPrefix(name, "pg_temp_") || strings.HasPrefix(name, "pg_toast_temp_")), nil
	})
}

// argType is the type of an argument given by oid or by name.
func argType(byOid bool) types.Oid {
	if byOid {
		return types.OidOid
	}
	return types.NameOid
}
