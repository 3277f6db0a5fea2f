package engine

import (
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/funcs"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// The has_*_privilege functions: whether a role (the current one unless
// given, by name or oid) holds any of a list of privileges on an object
// (by name or oid). An object given by oid that does not exist gives
// NULL; one given by name that does not exist is an error, as in
// PostgreSQL.

// privObject is what the functions need of an object.
type privObject struct {
	kind   acl.Kind
	owner  uint32
	stored []string
}

// privFunc describes one family: its name, the privileges it accepts, and
// how it finds an object by name and by oid (nil object: does not exist).
type privFunc struct {
	name   string
	allow  acl.Mode
	byName func(s *Session, name string) (*privObject, error)
	byOid  func(s *Session, oid uint32) (*privObject, error)
}

func relObject(r *catalog.Relation) *privObject {
	return &privObject{kind: catalog.RelationKind(r), owner: r.Owner, stored: r.ACL}
}

// relationFunc is the family of a function on relations (by regclass
// text or oid); seqOnly refuses other relations than sequences.
func relationFunc(name string, allow acl.Mode, seqOnly bool) privFunc {
	check := func(r *catalog.Relation, name string) (*privObject, error) {
		if seqOnly && r.Kind != catalog.KindSequence {
			return nil, pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a sequence", name)
		}
		return relObject(r), nil
	}
	return privFunc{name: name, allow: allow,
		byName: func(s *Session, name string) (*privObject, error) {
			oid, err := s.env.RegclassIn(name)
			if err != nil {
				return nil, err
			}
			r, err := s.cat.Relation(s.snapshot(), uint32(oid))
			if err != nil {
				return nil, err
			}
			return check(r, name)
		},
		byOid: func(s *Session, oid uint32) (*privObject, error) {
			r, err := s.cat.Relation(s.snapshot(), oid)
			if err != nil {
				return nil, nil
			}
			return check(r, r.Name)
		}}
}

var privFuncs = []privFunc{
	relationFunc("has_table_privilege", acl.Table.All(), false),
	relationFunc("has_sequence_privilege", acl.Sequence.All(), true),
	{name: "has_schema_privilege", allow: acl.Schema.All(),
		byName: func(s *Session, name string) (*privObject, error) {
			oid, err := s.cat.NamespaceOid(s.snapshot(), name)
			if err != nil {
				return nil, err
			}
			return schemaObject(s, oid)
		},
		byOid: func(s *Session, oid uint32) (*privObject, error) {
			o, err := schemaObject(s, oid)
			if err != nil {
				return nil, nil
			}
			return o, nil
		}},
	{name: "has_function_privilege", allow: acl.Function.All(),
		byName: func(s *Session, name string) (*privObject, error) {
			f, err := s.functionBySignature(name)
			if err != nil {
				return nil, err
			}
			return &privObject{kind: acl.Function, owner: f.Owner, stored: f.ACL}, nil
		},
		byOid: func(s *Session, oid uint32) (*privObject, error) {
			fs, err := s.cat.Functions(s.snapshot(), 0, "")
			if err != nil {
				return nil, err
			}
			for _, f := range fs {
				if f.Oid == oid {
					return &privObject{kind: acl.Function, owner: f.Owner, stored: f.ACL}, nil
				}
			}
			return nil, nil
		}},
	{name: "has_database_privilege", allow: acl.Database.All(),
		byName: func(s *Session, name string) (*privObject, error) {
			d, err := s.cat.Database(s.snapshot(), name)
			if err != nil {
				return nil, err
			}
			return &privObject{kind: acl.Database, owner: d.Owner, stored: d.ACL}, nil
		},
		byOid: func(s *Session, oid uint32) (*privObject, error) {
			dbs, err := s.cat.Databases(s.snapshot())
			if err != nil {
				return nil, err
			}
			for _, d := range dbs {
				if d.Oid == oid {
					return &privObject{kind: acl.Database, owner: d.Owner, stored: d.ACL}, nil
				}
			}
			return nil, nil
		}},
}

func schemaObject(s *Session, oid uint32) (*privObject, error) {
	n, err := s.cat.Namespace(s.snapshot(), oid)
	if err != nil {
		return nil, err
	}
	return &privObject{kind: acl.Schema, owner: n.Owner, stored: n.ACL}, nil
}

// parsePrivList parses "SELECT, UPDATE WITH GRANT OPTION": privileges
// and the grant options asked for.
func parsePrivList(list string, allow acl.Mode) (privs, options acl.Mode, err error) {
	for _, item := range strings.Split(list, ",") {
		w := strings.ToUpper(strings.TrimSpace(item))
		opt := false
		if p, ok := strings.CutSuffix(w, " WITH GRANT OPTION"); ok {
			w, opt = strings.TrimSpace(p), true
		}
		bit, ok := acl.ParseName(w)
		if !ok || bit&allow == 0 {
			return 0, 0, pgerr.New(pgerr.InvalidParameterValue, "unrecognized privilege type: \"%s\"", strings.TrimSpace(item))
		}
		if opt {
			options |= bit
		} else {
			privs |= bit
		}
	}
	return privs, options, nil
}

// hasPrivilege answers for role on o.
func (s *Session) hasPrivilege(role uint32, o *privObject, list string, allow acl.Mode) (types.Datum, error) {
	privs, options, err := parsePrivList(list, allow)
	if err != nil {
		return types.Null, err
	}
	snap := s.snapshot()
	if privs != 0 {
		got, err := s.cat.Grants(snap, role, o.stored, o.kind, o.owner, privs)
		if err != nil || got != 0 {
			return types.Bool(got != 0), err
		}
	}
	if options != 0 {
		super, err := s.cat.IsSuperuser(snap, role)
		if err != nil {
			return types.Null, err
		}
		if super {
			return types.Bool(true), nil
		}
		got, err := s.cat.GrantOptions(snap, role, o.stored, o.kind, o.owner, options)
		return types.Bool(got != 0), err
	}
	return types.Bool(false), nil
}

func init() {
	for _, pf := range privFuncs {
		pf := pf
		reg := func(args []types.Oid, f func(s *Session, a []types.Datum) (types.Datum, error)) {
			funcs.Register(&funcs.Func{Name: pf.name, Args: args, Result: types.BoolOid, Volatility: funcs.Stable, Strict: true,
				Call: func(c *funcs.Ctx, a []types.Datum) (types.Datum, error) {
					s := sessionOf(c)
					if s == nil || s.xact == nil {
						return types.Null, nil
					}
					return f(s, a)
				}})
		}
		object := func(s *Session, d types.Datum, byOid bool) (*privObject, error) {
			if byOid {
				return pf.byOid(s, uint32(d.I))
			}
			return pf.byName(s, d.S)
		}
		userByName := func(s *Session, name string) (uint32, error) {
			r, err := s.cat.Role(s.snapshot(), name)
			if err != nil {
				return 0, err
			}
			return r.Oid, nil
		}
		for _, objOid := range []bool{false, true} {
			objOid := objOid
			objT := types.Oid(types.TextOid)
			if objOid {
				objT = types.OidOid
			}
			answer := func(s *Session, role uint32, obj types.Datum, list string) (types.Datum, error) {
				o, err := object(s, obj, objOid)
				if err != nil || o == nil {
					return types.Null, err
				}
				return s.hasPrivilege(role, o, list, pf.allow)
			}
			reg([]types.Oid{types.NameOid, objT, types.TextOid}, func(s *Session, a []types.Datum) (types.Datum, error) {
				role, err := userByName(s, a[0].S)
				if err != nil {
					return types.Null, err
				}
				return answer(s, role, a[1], a[2].S)
			})
			reg([]types.Oid{types.OidOid, objT, types.TextOid}, func(s *Session, a []types.Datum) (types.Datum, error) {
				return answer(s, uint32(a[0].I), a[1], a[2].S)
			})
			reg([]types.Oid{objT, types.TextOid}, func(s *Session, a []types.Datum) (types.Datum, error) {
				me, err := s.currentRole()
				if err != nil {
					return types.Null, err
				}
				return answer(s, me.Oid, a[0], a[1].S)
			})
		}
	}
}

// functionBySignature finds the function a regprocedure-style text
// names ("pg_sleep(double precision)", or a unique name alone), reading
// it with the parser's GRANT ON FUNCTION grammar.
func (s *Session) functionBySignature(sig string) (*catalog.Function, error) {
	stmts, err := parser.Parse("GRANT EXECUTE ON FUNCTION " + sig + " TO PUBLIC")
	if err != nil || len(stmts) != 1 {
		return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid name syntax")
	}
	g, ok := stmts[0].(*parser.GrantStmt)
	if !ok || len(g.Objects) != 1 {
		return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid name syntax")
	}
	fs, err := s.grantFunctions(g)
	if err != nil {
		if pgerr.From(err).Code == pgerr.UndefinedFunction {
			// regprocedure's input names the text as given.
			return nil, pgerr.New(pgerr.UndefinedFunction, "function \"%s\" does not exist", sig)
		}
		return nil, err
	}
	return fs[0], nil
}
