package engine

import (
	"hash/crc32"
	"strings"

	"ringpg/backend/catalog"
	"ringpg/backend/sql/parser"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage/lmgr"
	"ringpg/pgerr"
)

// Enum types: CREATE TYPE ... AS ENUM, ALTER TYPE (ADD VALUE, RENAME
// VALUE, RENAME TO) and DROP TYPE, and the session's view of user types
// for package types (userTypes).

// userTypes is the session's types.UserTypes: it describes the types
// created by commands from the catalog, under the running statement's
// snapshot (the catalog caches them until the catalog changes).
type userTypes struct {
	s    *Session
	memo map[uint32]userTypeMemo // by type oid
}

// userTypeMemo is a description built from a catalog entry: it is
// reused while the catalog hands out the same entry (its cache drops
// every entry when the catalog changes) and the search path is the same.
type userTypeMemo struct {
	ut   *catalog.UserType
	path string
	info *types.Info
}

// A statement that names a user type is not kept in the plan cache
// (PrepareSimple checks Session.userTypeNames): the cache checks only
// its relations, and a type may be dropped and created again.

// TypeInfo implements types.UserTypes.
func (u userTypes) TypeInfo(oid types.Oid) *types.Info {
	s := u.s
	if !u.inTxn() {
		return nil
	}
	if t, ok := s.cat.CachedUserType(oid); ok {
		if t == nil {
			return nil
		}
		return u.memoInfo(t)
	}
	t, err := s.cat.UserType(s.snapshot(), oid)
	if err != nil || t == nil {
		return nil
	}
	return u.memoInfo(t)
}

// inTxn makes sure the catalog is read in a transaction: values are
// decoded before a statement starts its own (a protocol Bind, the plan
// cache binding literals), and then in the transaction it will use. It
// is false in a failed transaction block.
func (u userTypes) inTxn() bool {
	s := u.s
	if s.xact == nil {
		if s.failed {
			return false
		}
		s.begin()
		s.cat.BeginStatement()
	}
	return true
}

// memoInfo returns the description of t, built once per catalog entry.
func (u userTypes) memoInfo(t *catalog.UserType) *types.Info {
	path := u.s.set.SearchPath()
	if m, ok := u.memo[t.Oid]; ok && m.ut == t && m.path == path {
		return m.info
	}
	info := u.info(t)
	if info != nil {
		u.memo[t.Oid] = userTypeMemo{ut: t, path: path, info: info}
	}
	return info
}

// LookupType implements types.UserTypes.
func (u userTypes) LookupType(schema, name string) (*types.Info, error) {
	s := u.s
	if !u.inTxn() {
		return nil, nil
	}
	t, err := s.cat.LookupType(s.snapshot(), s.searchPath(), schema, name)
	if err != nil || t == nil {
		return nil, err
	}
	s.userTypeNames++
	return u.memoInfo(t), nil
}

// info describes an enum type or its array for package types.
func (u userTypes) info(t *catalog.UserType) *types.Info {
	s := u.s
	snap := s.snapshot()
	if t.Kind == types.KindDomain {
		return u.domainInfo(t)
	}
	enum := t
	if t.Kind != types.KindEnum {
		e, err := s.cat.UserType(snap, t.Elem)
		if err != nil || e == nil || e.Kind != types.KindEnum {
			return nil
		}
		enum = e
	}
	name := parser.QuoteIdent(enum.Name)
	if !s.cat.TypeVisible(snap, s.searchPath(), enum) {
		nsName, _ := s.cat.NamespaceName(snap, enum.Namespace)
		name = parser.QuoteIdent(nsName) + "." + name
	}
	e, arr := types.EnumTypeInfo(enum.Oid, enum.Array, enum.Name, name, &types.Enum{Labels: enum.Labels})
	arr.Typname = ""
	if a, err := s.cat.UserType(snap, enum.Array); err == nil && a != nil {
		arr.Typname = a.Name
	}
	if t.Kind != types.KindEnum {
		return arr
	}
	return e
}

// typeNameParts splits a possibly qualified type name.
func typeNameParts(names []string) (schema, name string, err error) {
	switch len(names) {
	case 1:
		return "", names[0], nil
	case 2:
		return names[0], names[1], nil
	}
	return "", "", pgerr.New(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(names, "."))
}

// builtinType returns the built-in type names, unqualified or in
// pg_catalog, name; nil when it names none.
func builtinType(names []string) *types.Info {
	if len(names) == 1 || len(names) == 2 && names[0] == "pg_catalog" {
		if info, ok := types.LookupName(names[len(names)-1]); ok && info.Oid < types.FirstNormalObjectID {
			return info
		}
	}
	return nil
}

// lookupUserType finds the type an ALTER or DROP TYPE names (42704 when
// none).
func (s *Session) lookupUserType(names []string) (*catalog.UserType, error) {
	schema, name, err := typeNameParts(names)
	if err != nil {
		return nil, err
	}
	t, err := s.cat.LookupType(s.snapshot(), s.searchPath(), schema, name)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, pgerr.New(pgerr.UndefinedObject, "type \"%s\" does not exist", strings.Join(names, "."))
	}
	return t, nil
}

// lockTypeObject takes an exclusive lock for the transaction on a type
// (key: its oid) or on a type name about to be created (key: a hash of
// the name in schema ns), so that two sessions do not change one type, or
// create one name, at once; the catalog is then read again.
func (s *Session) lockTypeObject(key, ns uint32) error {
	if s.e.locks == nil {
		return nil
	}
	if err := s.lockTag(lmgr.ObjectTag(s.db, catalog.PgType, key, uint16(ns)), lmgr.AccessExclusive, s.lockOpts()); err != nil {
		return err
	}
	s.cat.BeginStatement()
	return nil
}

// lockedUserType looks up and locks the type an ALTER or DROP TYPE names,
// then looks it up again (it may have changed while this waited).
func (s *Session) lockedUserType(names []string) (*catalog.UserType, error) {
	t, err := s.lookupUserType(names)
	if err != nil {
		return nil, err
	}
	if err := s.lockTypeObject(t.Oid, 0); err != nil {
		return nil, err
	}
	return s.lookupUserType(names)
}

// checkTypeOwner refuses ALTER and DROP of a type to others than its
// owner (and superusers).
func (s *Session) checkTypeOwner(t *catalog.UserType) error {
	me, err := s.currentRole()
	if err != nil || me.Super || me.Oid == t.Owner {
		return err
	}
	if ok, err := s.cat.HasPrivsOf(s.snapshot(), me.Oid, t.Owner); err != nil || ok {
		return err
	}
	return pgerr.New(pgerr.InsufficientPrivilege, "must be owner of type %s", t.Name)
}

// newTypeNamespace returns the namespace and owner of a type about to be
// created as schema.name (schema "" for the creation schema), refusing a
// name a built-in type holds in pg_catalog.
func (s *Session) newTypeNamespace(schema, name string) (ns, owner uint32, err error) {
	if schema == "pg_temp" {
		ns, owner, err = s.tempNamespace(schema)
	} else {
		ns, owner, err = s.creationNamespace(schema)
	}
	if err != nil {
		return 0, 0, err
	}
	if _, ok := types.LookupName(name); ok && ns == catalog.PgCatalogNamespace {
		return 0, 0, pgerr.New(pgerr.DuplicateObject, "type \"%s\" already exists", name)
	}
	return ns, owner, nil
}

func (s *Session) createEnum(n *parser.CreateEnumStmt) (string, error) {
	schema, name, err := typeNameParts(n.TypeName)
	if err != nil {
		return "", err
	}
	ns, owner, err := s.newTypeNamespace(schema, name)
	if err != nil {
		return "", err
	}
	if err := s.lockTypeObject(crc32.ChecksumIEEE([]byte(name)), ns); err != nil {
		return "", err
	}
	s.didDDL = true
	if _, err := s.cat.CreateEnum(s.xact, s.snapshot(), ns, name, owner, n.Labels); err != nil {
		return "", err
	}
	return "CREATE TYPE", nil
}

func (s *Session) alterEnum(n *parser.AlterEnumStmt) (string, error) {
	t, err := s.lockedUserType(n.TypeName)
	if err != nil {
		if info := builtinType(n.TypeName); info != nil {
			return "", pgerr.New(pgerr.WrongObjectType, "%s is not an enum", info.Name)
		}
		return "", err
	}
	if t.Kind != types.KindEnum {
		return "", pgerr.New(pgerr.WrongObjectType, "%s is not an enum", strings.Join(n.TypeName, "."))
	}
	if err := s.checkTypeOwner(t); err != nil {
		return "", err
	}
	s.didDDL = true
	if n.OldVal != "" {
		err = s.cat.RenameEnumValue(s.xact, s.snapshot(), t.Oid, n.OldVal, n.NewVal)
	} else {
		err = s.cat.AddEnumValue(s.xact, s.snapshot(), t.Oid, n.NewVal, n.Neighbor, !n.After, n.SkipIfNewValue)
	}
	if err != nil {
		return "", err
	}
	return "ALTER TYPE", nil
}

func (s *Session) renameType(n *parser.AlterTypeRenameStmt) (string, error) {
	t, err := s.lockedUserType(n.TypeName)
	if err != nil {
		return "", err
	}
	if err := s.checkTypeOwner(t); err != nil {
		return "", err
	}
	s.didDDL = true
	if err := s.cat.RenameType(s.xact, s.snapshot(), t.Oid, n.NewName); err != nil {
		return "", err
	}
	return "ALTER TYPE", nil
}

// dropTypes is DROP TYPE [IF EXISTS] name, ... [CASCADE|RESTRICT].
func (s *Session) dropTypes(n *parser.DropStmt) (string, error) {
	for i, names := range n.Objects {
		t, err := s.lockedUserType(names)
		if err != nil {
			if e, ok := err.(*pgerr.Error); ok && e.Code == pgerr.UndefinedObject && n.MissingOk {
				s.queueNotice("type \"" + strings.Join(names, ".") + "\" does not exist, skipping")
				continue
			}
			if info := builtinType(names); info != nil && n.ObjType == parser.ObjDomain {
				return "", pgerr.New(pgerr.WrongObjectType, "\"pg_catalog.%s\" is not a domain", info.Typname)
			}
			if info := builtinType(names); info != nil {
				return "", pgerr.New(pgerr.DependentObjectsStillExist, "cannot drop type %s because it is required by the database system", info.Name)
			}
			return "", err
		}
		if n.ObjType == parser.ObjDomain && t.Kind != types.KindDomain {
			return "", pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a domain", strings.Join(names, "."))
		}
		if err := s.checkTypeOwner(t); err != nil {
			return "", err
		}
		oid := t.Oid
		if i < len(n.ArrayTypes) && n.ArrayTypes[i] && t.Array != 0 {
			oid = t.Array // refused: the array type is part of its element type
		}
		s.didDDL = true
		if err := s.cat.DropType(s.xact, s.snapshot(), oid, n.Behavior == parser.DropCascade); err != nil {
			return "", err
		}
		if err := s.afterCommand(); err != nil {
			return "", err
		}
	}
	if n.ObjType == parser.ObjDomain {
		return "DROP DOMAIN", nil
	}
	return "DROP TYPE", nil
}
