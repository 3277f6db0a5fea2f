package engine

import (
	"errors"
	"slices"
	"strings"

	"ringpg/backend/access/transam"
	"ringpg/backend/catalog"
	"ringpg/backend/catalog/acl"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/plan"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage/lmgr"
	"ringpg/pgerr"
)

// Privileges on objects: the checks a statement's plan asks for before it
// runs (plan.Query.Perms, checked at every execution, so a plan cached
// for one role serves another only after its own check), ownership checks
// of DDL, and GRANT / REVOKE. Superusers pass every check without reading
// a list, which keeps the check off the hot path of superuser workloads.

// denied is 42501 permission denied for <kind> <name>.
func denied(kind, name string) error {
	return pgerr.New(pgerr.InsufficientPrivilege, "permission denied for %s %s", kind, name)
}

// notOwner is 42501 must be owner of <kind> <name>.
func notOwner(kind, name string) error {
	return pgerr.New(pgerr.InsufficientPrivilege, "must be owner of %s %s", kind, name)
}

// relKindWord is the word PostgreSQL's privilege messages use for a
// relation kind.
func relKindWord(k byte) string {
	switch k {
	case catalog.KindSequence:
		return "sequence"
	case catalog.KindView:
		return "view"
	case catalog.KindIndex:
		return "index"
	}
	return "table"
}

// checkPerms checks a plan's privileges for the current role: perms on
// relations, and EXECUTE on the functions it calls.
func (s *Session) checkPerms(perms []plan.RelPerm, calls []uint32) error {
	if len(perms) == 0 && len(calls) == 0 {
		return nil
	}
	me, err := s.currentRole()
	if err != nil {
		return err
	}
	if me.Super {
		return nil
	}
	snap := s.snapshot()
	for _, p := range perms {
		role := me.Oid
		if p.AsOwner != 0 {
			role = p.AsOwner
		}
		rel, err := s.cat.Relation(snap, p.Table.Oid)
		if err != nil {
			return err
		}
		if err := s.checkRelation(role, rel, p.Mode); err != nil {
			return err
		}
	}
	if len(calls) > 0 {
		return s.checkExecute(me.Oid, calls)
	}
	return nil
}

// checkExecute checks EXECUTE on functions fns for role. Only functions
// whose list is not the default (EXECUTE for PUBLIC) need a look.
func (s *Session) checkExecute(role uint32, fns []uint32) error {
	snap := s.snapshot()
	restricted, err := s.cat.RestrictedFunctions(snap)
	if err != nil || len(restricted) == 0 {
		return err
	}
	for _, oid := range fns {
		f, ok := restricted[oid]
		if !ok {
			continue
		}
		got, err := s.cat.Grants(snap, role, f.ACL, acl.Function, f.Owner, acl.Execute)
		if err != nil {
			return err
		}
		if got == 0 {
			return denied("function", f.Name)
		}
	}
	return nil
}

// grantFunctions finds the functions GRANT/REVOKE ON FUNCTION names: by
// name in the given schema or in pg_catalog and the search path, and by
// argument types when listed (42883 when none matches, 42725 when a name
// alone names several).
func (s *Session) grantFunctions(n *parser.GrantStmt) ([]*catalog.Function, error) {
	snap := s.snapshot()
	var out []*catalog.Function
	for i, o := range n.Objects {
		name := o[len(o)-1]
		var cands []*catalog.Function
		if len(o) > 1 {
			ns, err := s.cat.NamespaceOid(snap, o[len(o)-2])
			if err != nil {
				return nil, err
			}
			if cands, err = s.cat.Functions(snap, ns, name); err != nil {
				return nil, err
			}
		} else {
			all, err := s.cat.Functions(snap, 0, name)
			if err != nil {
				return nil, err
			}
			for _, f := range all {
				if f.Namespace == catalog.PgCatalogNamespace || s.inSearchPath(f.Namespace) {
					cands = append(cands, f)
				}
			}
		}
		var args []*parser.TypeName
		if i < len(n.FuncArgs) {
			args = n.FuncArgs[i]
		}
		f, err := s.pickFunction(o, cands, args)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// pickFunction chooses among same-named functions by argument types.
func (s *Session) pickFunction(name []string, cands []*catalog.Function, args []*parser.TypeName) (*catalog.Function, error) {
	full := strings.Join(name, ".")
	if args == nil {
		switch len(cands) {
		case 0:
			return nil, pgerr.New(pgerr.UndefinedFunction, "could not find a function named \"%s\"", full)
		case 1:
			return cands[0], nil
		}
		return nil, pgerr.New(pgerr.AmbiguousFunction, "function name \"%s\" is not unique", full).
			WithHint("Specify the argument list to select the function unambiguously.")
	}
	want := make([]uint32, len(args))
	words := make([]string, len(args))
	for i, a := range args {
		t, err := plan.ResolveTypeName(a, s.utilitySQL)
		if err != nil {
			return nil, err
		}
		want[i], words[i] = uint32(t.Oid), types.FormatType(types.T{Oid: t.Oid, Mod: -1})
	}
	for _, f := range cands {
		if slices.Equal(f.Args, want) {
			return f, nil
		}
	}
	return nil, pgerr.New(pgerr.UndefinedFunction, "function %s(%s) does not exist", full, strings.Join(words, ", "))
}

// inSearchPath reports whether schema ns is on the session's search_path.
func (s *Session) inSearchPath(ns uint32) bool {
	for _, name := range s.searchPath() {
		if oid, err := s.cat.NamespaceOid(s.snapshot(), name); err == nil && oid == ns {
			return true
		}
	}
	return false
}

// checkRelation checks that role holds every privilege of mode on rel.
func (s *Session) checkRelation(role uint32, rel *catalog.Relation, mode acl.Mode) error {
	got, err := s.cat.Grants(s.snapshot(), role, rel.ACL, catalog.RelationKind(rel), rel.Owner, mode)
	if err != nil {
		return err
	}
	if got != mode {
		return denied(relKindWord(rel.Kind), rel.Name)
	}
	return nil
}

// relationPrivs is which of want the current role holds on rel.
func (s *Session) relationPrivs(rel *catalog.Relation, want acl.Mode) (acl.Mode, error) {
	me, err := s.currentRole()
	if err != nil {
		return 0, err
	}
	return s.cat.Grants(s.snapshot(), me.Oid, rel.ACL, catalog.RelationKind(rel), rel.Owner, want)
}

// checkRelationAny checks that the current role holds at least one of
// want on rel (sequences: nextval needs USAGE or UPDATE).
func (s *Session) checkRelationAny(rel *catalog.Relation, want acl.Mode) error {
	got, err := s.relationPrivs(rel, want)
	if err != nil {
		return err
	}
	if got == 0 {
		return denied(relKindWord(rel.Kind), rel.Name)
	}
	return nil
}

// isOwner reports whether the current role may act as owner: a
// superuser, the owner, or a role holding the owner's privileges.
func (s *Session) isOwner(owner uint32) (bool, error) {
	me, err := s.currentRole()
	if err != nil {
		return false, err
	}
	if me.Super || me.Oid == owner {
		return true, nil
	}
	return s.cat.HasPrivsOf(s.snapshot(), me.Oid, owner)
}

// checkRelOwner is 42501 must be owner of ... unless the current role
// owns rel.
func (s *Session) checkRelOwner(rel *catalog.Relation) error {
	ok, err := s.isOwner(rel.Owner)
	if err != nil || ok {
		return err
	}
	return notOwner(relKindWord(rel.Kind), rel.Name)
}

// checkNamespace checks a privilege on schema ns (CREATE to create in
// it, USAGE to look in it).
func (s *Session) checkNamespace(ns uint32, mode acl.Mode) error {
	return s.checkObject(mode, func() (*privObject, string, error) {
		n, err := s.cat.Namespace(s.snapshot(), ns)
		if err != nil {
			return nil, "", err
		}
		return &privObject{kind: acl.Schema, owner: n.Owner, stored: n.ACL}, n.Name, nil
	})
}

// checkDatabase checks a privilege on the current database.
func (s *Session) checkDatabase(mode acl.Mode) error {
	return s.checkObject(mode, func() (*privObject, string, error) {
		d, err := s.currentDatabase()
		if err != nil {
			return nil, "", err
		}
		return &privObject{kind: acl.Database, owner: d.Owner, stored: d.ACL}, d.Name, nil
	})
}

// checkObject checks that the current role holds every privilege of mode
// on the object find returns (42501 permission denied for <kind> <name>
// otherwise); superusers pass without looking.
func (s *Session) checkObject(mode acl.Mode, find func() (*privObject, string, error)) error {
	me, err := s.currentRole()
	if err != nil || me.Super {
		return err
	}
	o, name, err := find()
	if err != nil {
		return err
	}
	got, err := s.cat.Grants(s.snapshot(), me.Oid, o.stored, o.kind, o.owner, mode)
	if err != nil {
		return err
	}
	if got != mode {
		return denied(kindWord(o.kind), name)
	}
	return nil
}

// kindWord names a kind of object in privilege messages.
func kindWord(k acl.Kind) string {
	switch k {
	case acl.Schema:
		return "schema"
	case acl.Database:
		return "database"
	case acl.Function:
		return "function"
	case acl.Sequence:
		return "sequence"
	}
	return "table"
}

// currentDatabase is the session's database.
func (s *Session) currentDatabase() (*catalog.Database, error) {
	dbs, err := s.cat.Databases(s.snapshot())
	if err != nil {
		return nil, err
	}
	for _, d := range dbs {
		if d.Oid == s.db {
			return d, nil
		}
	}
	return nil, pgerr.New(pgerr.InvalidCatalogName, "database with OID %d does not exist", s.db)
}

// grantTarget is one object of a GRANT or REVOKE.
type grantTarget struct {
	kind   acl.Kind
	word   string // for messages: table, sequence, schema, database
	name   string
	owner  uint32
	stored []string
	store  func(acl.ACL) error
}

// grant runs GRANT and REVOKE of privileges on objects.
func (s *Session) grant(n *parser.GrantStmt) (string, error) {
	tag := "REVOKE"
	if n.IsGrant {
		tag = "GRANT"
	}
	targets, err := s.grantTargets(n)
	if err != nil {
		return "", err
	}
	grantees, err := s.grantees(n.Grantees)
	if err != nil {
		return "", err
	}
	for _, t := range targets {
		if err := s.grantOn(n, t, grantees); err != nil {
			return "", err
		}
	}
	s.didDDL = true
	s.xact.CommandCounterIncrement()
	return tag, nil
}

// grantees resolves the roles of TO / FROM; PUBLIC is "".
func (s *Session) grantees(specs []*parser.RoleSpec) ([]string, error) {
	var out []string
	for _, g := range specs {
		if g.Kind == parser.RolePublic {
			out = append(out, "")
			continue
		}
		name, err := s.roleName(g)
		if err != nil {
			return nil, err
		}
		if _, err := s.cat.Role(s.snapshot(), name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, nil
}

// grantTargets looks up the objects a GRANT or REVOKE names.
func (s *Session) grantTargets(n *parser.GrantStmt) ([]grantTarget, error) {
	snap := s.snapshot()
	var out []grantTarget
	rel := func(r *catalog.Relation) {
		out = append(out, grantTarget{kind: catalog.RelationKind(r), word: relKindWord(r.Kind), name: r.Name,
			owner: r.Owner, stored: r.ACL,
			store: func(l acl.ACL) error { return s.cat.SetRelationACL(s.xact, s.snapshot(), r.Oid, l) }})
	}
	switch {
	case n.TargetType == parser.GrantAllInSchema && n.ObjType == parser.ObjFunction:
		for _, o := range n.Objects {
			ns, err := s.cat.NamespaceOid(snap, o[0])
			if err != nil {
				return nil, err
			}
			fs, err := s.cat.Functions(snap, ns, "")
			if err != nil {
				return nil, err
			}
			for _, f := range fs {
				f := f
				out = append(out, grantTarget{kind: acl.Function, word: "function", name: f.Name, owner: f.Owner, stored: f.ACL,
					store: func(l acl.ACL) error { return s.cat.SetFunctionACL(s.xact, s.snapshot(), f.Oid, l) }})
			}
		}
	case n.TargetType == parser.GrantAllInSchema:
		for _, o := range n.Objects {
			ns, err := s.cat.NamespaceOid(snap, o[0])
			if err != nil {
				return nil, err
			}
			rels, err := s.cat.Relations(snap)
			if err != nil {
				return nil, err
			}
			for _, r := range rels {
				if r.Namespace != ns {
					continue
				}
				isSeq := r.Kind == catalog.KindSequence
				isTable := r.Kind == catalog.KindTable || r.Kind == catalog.KindView || r.Kind == 'm' || r.Kind == 'p' || r.Kind == 'f'
				if (n.ObjType == parser.ObjSequence && isSeq) || (n.ObjType == parser.ObjTable && isTable) {
					rel(r)
				}
			}
		}
	case n.ObjType == parser.ObjFunction:
		fs, err := s.grantFunctions(n)
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			f := f
			out = append(out, grantTarget{kind: acl.Function, word: "function", name: f.Name, owner: f.Owner, stored: f.ACL,
				store: func(l acl.ACL) error { return s.cat.SetFunctionACL(s.xact, s.snapshot(), f.Oid, l) }})
		}
	case n.ObjType == parser.ObjTable || n.ObjType == parser.ObjSequence:
		for _, o := range n.Objects {
			schema, name := "", o[len(o)-1]
			if len(o) > 1 {
				schema = o[len(o)-2]
			}
			r, err := s.cat.LookupRelation(snap, s.searchPath(), schema, name)
			if err != nil {
				return nil, err
			}
			if n.ObjType == parser.ObjSequence && r.Kind != catalog.KindSequence {
				return nil, pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a sequence", r.Name)
			}
			rel(r)
		}
	case n.ObjType == parser.ObjSchema:
		for _, o := range n.Objects {
			oid, err := s.cat.NamespaceOid(snap, o[0])
			if err != nil {
				return nil, err
			}
			ns, err := s.cat.Namespace(snap, oid)
			if err != nil {
				return nil, err
			}
			out = append(out, grantTarget{kind: acl.Schema, word: "schema", name: ns.Name, owner: ns.Owner, stored: ns.ACL,
				store: func(l acl.ACL) error { return s.cat.SetNamespaceACL(s.xact, s.snapshot(), oid, l) }})
		}
	case n.ObjType == parser.ObjDatabase:
		for _, o := range n.Objects {
			d, err := s.cat.Database(snap, o[0])
			if err != nil {
				return nil, err
			}
			out = append(out, grantTarget{kind: acl.Database, word: "database", name: d.Name, owner: d.Owner, stored: d.ACL,
				store: func(l acl.ACL) error { return s.cat.SetDatabaseACL(s.xact, s.snapshot(), d.Oid, l) }})
		}
	default:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "GRANT and REVOKE on this kind of object are not supported yet")
	}
	return out, nil
}

// grantMode is the privileges a GRANT or REVOKE names, for an object of
// kind k.
func grantMode(n *parser.GrantStmt, t grantTarget) (acl.Mode, error) {
	if n.Privileges == nil {
		return t.kind.All(), nil
	}
	var m acl.Mode
	for _, p := range n.Privileges {
		if p.Cols != nil {
			return 0, pgerr.New(pgerr.FeatureNotSupported, "column privileges are not supported yet")
		}
		if p.Name == "all" {
			m |= t.kind.All()
			continue
		}
		bit, ok := acl.ParseName(p.Name)
		if !ok {
			return 0, pgerr.New(pgerr.SyntaxError, "unrecognized privilege type \"%s\"", p.Name)
		}
		if bit&t.kind.All() == 0 {
			if t.kind == acl.Sequence && n.ObjType == parser.ObjTable {
				return 0, pgerr.New(pgerr.InvalidGrantOperation, "sequence \"%s\" only supports USAGE, SELECT, and UPDATE privileges", t.name)
			}
			return 0, pgerr.New(pgerr.InvalidGrantOperation, "invalid privilege type %s for %s", strings.ToUpper(acl.Mode(bit).Name()), t.word)
		}
		m |= bit
	}
	return m, nil
}

// grantOn applies a GRANT or REVOKE to one object. The grantor is the
// owner when the current role acts as owner, else the current role, whose
// grant options bound what it may give (PostgreSQL's select_best_grantor
// and restrict_and_check_grant, warnings included).
func (s *Session) grantOn(n *parser.GrantStmt, t grantTarget, grantees []string) error {
	want, err := grantMode(n, t)
	if err != nil {
		return err
	}
	snap := s.snapshot()
	me, err := s.currentRole()
	if err != nil {
		return err
	}
	owner, err := s.isOwner(t.owner)
	if err != nil {
		return err
	}
	grantor := me.Name
	avail := want
	if owner {
		if grantor, err = s.cat.RoleNameOf(snap, t.owner); err != nil {
			return err
		}
	} else {
		if avail, err = s.cat.GrantOptions(snap, me.Oid, t.stored, t.kind, t.owner, want); err != nil {
			return err
		}
		if avail == 0 {
			any, err := s.cat.Grants(snap, me.Oid, t.stored, t.kind, t.owner, t.kind.All())
			if err != nil {
				return err
			}
			if any == 0 {
				return denied(t.word, t.name)
			}
		}
		if avail != want {
			w := "not all privileges were granted for \"%s\""
			code := "01007"
			switch {
			case !n.IsGrant && avail == 0:
				w, code = "no privileges could be revoked for \"%s\"", "01006"
			case !n.IsGrant:
				w, code = "not all privileges could be revoked for \"%s\"", "01006"
			case avail == 0:
				w = "no privileges were granted for \"%s\""
			}
			s.queueWarningCode(code, strings.Replace(w, "%s", t.name, 1))
		}
	}
	list, err := s.cat.ACLOf(snap, t.stored, t.kind, t.owner)
	if err != nil {
		return err
	}
	for _, g := range grantees {
		if n.IsGrant {
			opts := acl.Mode(0)
			if n.GrantOption {
				if g == "" {
					return pgerr.New(pgerr.InvalidGrantOperation, "grant options can only be granted to roles")
				}
				opts = avail
			}
			list = list.Grant(g, grantor, avail, opts)
			continue
		}
		list, err = list.Revoke(g, grantor, avail, n.GrantOption, n.Behavior == parser.DropCascade)
		if errors.Is(err, acl.ErrDependent) {
			return pgerr.New(pgerr.DependentObjectsStillExist, "dependent privileges exist").WithHint("Use CASCADE to revoke them too.")
		}
		if err != nil {
			return err
		}
	}
	return t.store(list)
}

// queueWarningCode queues a warning with its SQLSTATE.
func (s *Session) queueWarningCode(code, msg string) {
	e := pgerr.New(code, "%s", msg)
	e.Severity = pgerr.SeverityWarning
	s.notices = append(s.notices, e)
}

// checkSequence checks that the current role holds one of want on
// sequence oid (a missing relation is left to the sequence function).
func (s *Session) checkSequence(oid uint32, want acl.Mode) error {
	me, err := s.currentRole()
	if err != nil || me.Super {
		return err
	}
	rel, err := s.cat.Relation(s.snapshot(), oid)
	if err != nil {
		return nil
	}
	return s.checkRelationAny(rel, want)
}

// creationNamespace is the schema a new relation goes to (schema, or the
// first of search_path), checked for CREATE, and its owner-to-be: the
// current role.
func (s *Session) creationNamespace(schema string) (ns, owner uint32, err error) {
	if ns, err = s.cat.CreationNamespace(s.snapshot(), s.searchPath(), schema); err != nil {
		return 0, 0, err
	}
	if err = s.checkNamespace(ns, acl.Create); err != nil {
		return 0, 0, err
	}
	me, err := s.currentRole()
	if err != nil {
		return 0, 0, err
	}
	return ns, me.Oid, nil
}

// checkTruncate checks TRUNCATE's privilege (and that rel is a table).
func (s *Session) checkTruncate(rel *catalog.Relation) error {
	me, err := s.currentRole()
	if err != nil || me.Super {
		return err
	}
	return s.checkRelation(me.Oid, rel, acl.Truncate)
}

// checkLockTable checks LOCK TABLE's privileges: any of SELECT, UPDATE,
// DELETE or TRUNCATE for ACCESS SHARE; INSERT too for ROW EXCLUSIVE;
// UPDATE, DELETE or TRUNCATE for the stronger modes.
func (s *Session) checkLockTable(rel *catalog.Relation, mode lmgr.Mode) error {
	want := acl.Update | acl.Delete | acl.Truncate
	switch mode {
	case lmgr.AccessShare:
		want |= acl.Select
	case lmgr.RowExclusive:
		want |= acl.Insert
	}
	me, err := s.currentRole()
	if err != nil || me.Super {
		return err
	}
	return s.checkRelationAny(rel, want)
}

// schemaUsable is the catalog's USAGE check of name lookups.
func (s *Session) schemaUsable(ns uint32) bool {
	if s.xact == nil {
		return true // outside a transaction nothing can be read anyway
	}
	return s.checkNamespace(ns, acl.Usage) == nil
}

// errAt gives an error without a position the position of byte offset
// loc of the utility statement running.
func (s *Session) errAt(err error, loc int) error {
	var pe *pgerr.Error
	if loc < 0 || !errors.As(err, &pe) || pe.Position != 0 || s.utilitySQL == "" {
		return err
	}
	cp := *pe
	cp.Position = parser.CharPosition(s.utilitySQL, loc)
	return &cp
}

// dropSchemas runs DROP SCHEMA: the owner (or a superuser) drops each
// schema, and with CASCADE what is in it.
func (s *Session) dropSchemas(n *parser.DropStmt) (string, error) {
	snap := s.snapshot()
	for _, names := range n.Objects {
		name := names[len(names)-1]
		oid, err := s.cat.NamespaceOid(snap, name)
		if err != nil {
			if pe, ok := err.(*pgerr.Error); ok && pe.Code == pgerr.UndefinedSchema && n.MissingOk {
				s.queueNotice("schema \"" + name + "\" does not exist, skipping")
				continue
			}
			return "", err
		}
		if _, err := s.ownedNamespace(snap, oid); err != nil {
			return "", err
		}
		s.didDDL = true
		if err := s.cat.DropNamespace(s.xact, snap, name, n.Behavior == parser.DropCascade); err != nil {
			return "", err
		}
	}
	return "DROP SCHEMA", nil
}

// defaultsWords name the kinds of object in ALTER DEFAULT PRIVILEGES'
// messages.
var defaultsWords = map[acl.Kind]string{acl.Table: "relation", acl.Sequence: "sequence", acl.Function: "function",
	acl.Type: "type", acl.Schema: "schema"}

// defaultsObjType maps ALTER DEFAULT PRIVILEGES' kinds of object to
// pg_default_acl's codes.
var defaultsObjType = map[parser.ObjectType]byte{
	parser.ObjTable: catalog.DefaultACLRelation, parser.ObjSequence: catalog.DefaultACLSequence,
	parser.ObjFunction: catalog.DefaultACLFunction, parser.ObjType: catalog.DefaultACLType,
	parser.ObjSchema: catalog.DefaultACLNamespace,
}

// alterDefaultPrivileges runs ALTER DEFAULT PRIVILEGES.
func (s *Session) alterDefaultPrivileges(n *parser.AlterDefaultPrivilegesStmt) (string, error) {
	snap := s.snapshot()
	me, err := s.currentRole()
	if err != nil {
		return "", err
	}
	objtype := defaultsObjType[n.Action.ObjType]
	kind := catalog.DefaultACLKind(objtype)
	if objtype == catalog.DefaultACLNamespace && len(n.Schemas) > 0 {
		return "", pgerr.New(pgerr.InvalidGrantOperation, "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS")
	}
	roles := []*catalog.Role{me}
	if len(n.Roles) > 0 {
		roles = roles[:0]
		for _, rs := range n.Roles {
			name, err := s.roleName(rs)
			if err != nil {
				return "", err
			}
			r, err := s.cat.Role(snap, name)
			if err != nil {
				return "", err
			}
			if ok, err := s.cat.HasPrivsOf(snap, me.Oid, r.Oid); err != nil {
				return "", err
			} else if !ok {
				return "", pgerr.New(pgerr.InsufficientPrivilege, "must be member of role \"%s\"", r.Name)
			}
			roles = append(roles, r)
		}
	}
	nss := []uint32{0}
	if len(n.Schemas) > 0 {
		nss = nss[:0]
		for _, name := range n.Schemas {
			oid, err := s.cat.NamespaceOid(snap, name)
			if err != nil {
				return "", err
			}
			nss = append(nss, oid)
		}
	}
	want, err := grantMode(n.Action, grantTarget{kind: kind, word: defaultsWords[kind]})
	if err != nil {
		return "", err
	}
	grantees, err := s.grantees(n.Action.Grantees)
	if err != nil {
		return "", err
	}
	for _, r := range roles {
		for _, ns := range nss {
			if err := s.changeDefaults(r, ns, objtype, n.Action, want, grantees); err != nil {
				return "", err
			}
		}
	}
	s.didDDL = true
	s.xact.CommandCounterIncrement()
	return "ALTER DEFAULT PRIVILEGES", nil
}

// changeDefaults applies one GRANT or REVOKE to role's entry for schema
// ns (0: its global entry, which starts from the hard default).
func (s *Session) changeDefaults(r *catalog.Role, ns uint32, objtype byte, g *parser.GrantStmt, want acl.Mode, grantees []string) error {
	snap := s.snapshot()
	kind := catalog.DefaultACLKind(objtype)
	stored, err := s.cat.DefaultACL(snap, r.Oid, ns, objtype)
	if err != nil {
		return err
	}
	var list acl.ACL
	if ns == 0 {
		list, err = s.cat.ACLOf(snap, stored, kind, r.Oid)
	} else {
		list, err = acl.Parse(stored)
	}
	if err != nil {
		return err
	}
	for _, to := range grantees {
		if g.IsGrant {
			opts := acl.Mode(0)
			if g.GrantOption {
				opts = want
			}
			list = list.Grant(to, r.Name, want, opts)
			continue
		}
		if list, err = list.Revoke(to, r.Name, want, g.GrantOption, true); err != nil {
			return err
		}
	}
	def := acl.ACL{}
	if ns == 0 {
		def = acl.Default(kind, r.Name)
	}
	if list.SameItems(def) {
		list = nil // back to no entry
	}
	return s.cat.SetDefaultACL(s.xact, snap, r.Oid, ns, objtype, list)
}

// changeOwner runs ALTER TABLE ... OWNER TO: a superuser may give any
// relation to anyone; an owner only to a role it is a member of that may
// create in the relation's schema. The list follows the owner.
func (s *Session) changeOwner(rel *catalog.Relation, to *parser.RoleSpec) error {
	snap := s.snapshot()
	name, err := s.roleName(to)
	if err != nil {
		return err
	}
	newOwner, err := s.cat.Role(snap, name)
	if err != nil {
		return err
	}
	if newOwner.Oid == rel.Owner {
		return nil
	}
	me, err := s.currentRole()
	if err != nil {
		return err
	}
	if !me.Super {
		if err := s.checkRelOwner(rel); err != nil {
			return err
		}
		if ok, err := s.cat.HasPrivsOf(snap, me.Oid, newOwner.Oid); err != nil {
			return err
		} else if !ok {
			return pgerr.New(pgerr.InsufficientPrivilege, "must be member of role \"%s\"", newOwner.Name)
		}
		ns, err := s.cat.Namespace(snap, rel.Namespace)
		if err != nil {
			return err
		}
		if c, err := s.cat.Grants(snap, newOwner.Oid, ns.ACL, acl.Schema, ns.Owner, acl.Create); err != nil {
			return err
		} else if c == 0 {
			return denied("schema", ns.Name)
		}
	}
	var list acl.ACL
	if rel.ACL != nil {
		oldName, err := s.cat.RoleNameOf(snap, rel.Owner)
		if err != nil {
			return err
		}
		cur, err := acl.Parse(rel.ACL)
		if err != nil {
			return err
		}
		list = cur.NewOwner(oldName, newOwner.Name)
	}
	return s.cat.SetRelationOwner(s.xact, snap, rel, newOwner.Oid, list)
}

// tempNamespace is the session's temporary schema for a new temporary
// relation (created on first use), checked for the database's TEMPORARY
// privilege; schema, when given, must name it.
func (s *Session) tempNamespace(schema string) (ns, owner uint32, err error) {
	if schema != "" && schema != "pg_temp" {
		return 0, 0, pgerr.New(pgerr.InvalidTableDefinition, "cannot create temporary relation in non-temporary schema")
	}
	me, err := s.currentRole()
	if err != nil {
		return 0, 0, err
	}
	if err := s.checkDatabase(acl.Temporary); err != nil {
		d, _ := s.currentDatabase()
		name := ""
		if d != nil {
			name = d.Name
		}
		return 0, 0, pgerr.New(pgerr.InsufficientPrivilege, "permission denied to create temporary tables in database \"%s\"", name)
	}
	had := s.cat.HasTemp()
	ns, err = s.cat.TempNamespace(s.xact, s.snapshot(), s.e.slot)
	if err != nil {
		return 0, 0, err
	}
	if !had {
		// The schema (or its emptying) must be visible to what follows.
		if err := s.nextCommand(); err != nil {
			return 0, 0, err
		}
	}
	return ns, me.Oid, nil
}

// ownedNamespace returns schema oid, which the current role must own
// (42501 otherwise).
func (s *Session) ownedNamespace(snap *transam.Snapshot, oid uint32) (*catalog.Namespace, error) {
	ns, err := s.cat.Namespace(snap, oid)
	if err != nil {
		return nil, err
	}
	if ok, err := s.isOwner(ns.Owner); err != nil {
		return nil, err
	} else if !ok {
		return nil, notOwner("schema", ns.Name)
	}
	return ns, nil
}
