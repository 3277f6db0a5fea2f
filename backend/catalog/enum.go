package catalog

import (
	"sort"

	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Enum types: CREATE TYPE ... AS ENUM writes the type's pg_type row, the
// row of its array type (_name) and one pg_enum row per label, with
// pg_depend rows type -> schema (normal) and array -> type (internal), as
// PostgreSQL does. The columns that use a type are not in pg_depend here:
// readState derives their dependencies from pg_attribute (userTypeDeps).

// PgEnum is the oid of catalog pg_enum.
const PgEnum uint32 = 3501

// PostgreSQL's functions named by the pg_type rows of enums and arrays.
const (
	enumIn          = 3504
	enumOut         = 3505
	enumRecv        = 3532
	enumSend        = 3533
	arraySubscript  = 6179
	arrayTypanalyze = 3816
)

// UserType is a type created by a command: an enum type or its array, or
// a domain.
type UserType struct {
	Oid, Namespace, Owner uint32
	Name                  string // typname
	Kind                  byte   // typtype: 'e', or 'b' for the array
	Elem, Array           uint32
	// Labels of an enum, in sort order.
	Labels []types.EnumLabel
	// A domain's base type and typmod, typnotnull, typdefault ("" for
	// none) and CHECK constraints in name order (domain.go).
	Base    uint32
	TypMod  int32
	NotNull bool
	Default string
	Checks  []DomainCheck
}

// typeAddr is a type's object address.
func typeAddr(oid uint32) objAddr { return objAddr{PgType, oid, 0} }

// userTypeSet is every user type a snapshot sees, cached with the
// relations (cache.utypes).
type userTypeSet struct {
	byOid map[uint32]*UserType
}

// userTypeState returns the cached set of user types, reading pg_type
// and pg_enum on a miss.
func (c *Catalog) userTypeState(snap heap.Snapshot) (*userTypeSet, error) {
	if c.cache.utypes != nil {
		return c.cache.utypes, nil
	}
	set := &userTypeSet{byOid: map[uint32]*UserType{}}
	err := c.scan(snap, PgType, func(r *crow) (bool, error) {
		oid := r.oid("oid")
		if oid < types.FirstNormalObjectID {
			return true, nil
		}
		t := &UserType{Oid: oid, Namespace: r.oid("typnamespace"), Owner: r.oid("typowner"),
			Name: r.name("typname"), Kind: r.char("typtype"), Elem: r.oid("typelem"), Array: r.oid("typarray")}
		domainFields(t, r)
		set.byOid[oid] = t
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	err = c.scan(snap, PgEnum, func(r *crow) (bool, error) {
		t := set.byOid[r.oid("enumtypid")]
		if t == nil {
			return true, nil
		}
		oid := r.oid("oid")
		t.Labels = append(t.Labels, types.EnumLabel{Oid: oid, Sort: r.float4("enumsortorder"),
			Label: r.name("enumlabel"), Uncommitted: c.newLabels[oid]})
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if err := c.readDomainChecks(snap, set); err != nil {
		return nil, err
	}
	for _, t := range set.byOid {
		sort.Slice(t.Labels, func(i, j int) bool { return t.Labels[i].Sort < t.Labels[j].Sort })
	}
	c.cache.utypes = set
	return set, nil
}

// UserType returns the user type with oid, or nil.
func (c *Catalog) UserType(snap heap.Snapshot, oid uint32) (*UserType, error) {
	if oid < types.FirstNormalObjectID {
		return nil, nil
	}
	set, err := c.userTypeState(snap)
	if err != nil {
		return nil, err
	}
	return set.byOid[oid], nil
}

// CachedUserType returns the user type with oid (nil if none) from the
// cache without reading the catalog; ok is false when the cache does not
// hold the user types (then call UserType). It lets value code that
// looks a type up per row skip taking a snapshot.
func (c *Catalog) CachedUserType(oid uint32) (t *UserType, ok bool) {
	if c.cache.utypes == nil {
		return nil, false
	}
	return c.cache.utypes.byOid[oid], true
}

// typeIn returns the user type called name in schema ns, or nil.
func (set *userTypeSet) typeIn(ns uint32, name string) *UserType {
	for _, t := range set.byOid {
		if t.Namespace == ns && t.Name == name {
			return t
		}
	}
	return nil
}

// LookupType finds a user type by name: in schema when given (3F000 if
// it does not exist), else in the first schema of searchPath that has
// it. nil when there is none.
func (c *Catalog) LookupType(snap heap.Snapshot, searchPath []string, schema, name string) (*UserType, error) {
	set, err := c.userTypeState(snap)
	if err != nil {
		return nil, err
	}
	if schema != "" {
		ns, err := c.usableNamespace(snap, schema)
		if err != nil {
			return nil, err
		}
		return set.typeIn(ns, name), nil
	}
	var found *UserType
	c.walkPath(snap, searchPath, func(ns uint32) bool {
		found = set.typeIn(ns, name)
		return found != nil
	})
	return found, nil
}

// TypeVisible reports whether type t is found by its bare name in
// searchPath (pg_type_is_visible), which decides whether format_type
// qualifies it.
func (c *Catalog) TypeVisible(snap heap.Snapshot, searchPath []string, t *UserType) bool {
	if found, err := c.LookupType(snap, searchPath, "", t.Name); err == nil && found != nil {
		return found.Oid == t.Oid
	}
	return false
}

// checkLabel refuses a label longer than a name.
func checkLabel(l string) error {
	if len(l) > types.NameDataLen-1 {
		return pgerr.New("42602", "invalid enum label \"%s\"", l).
			WithDetail("Labels must be %d bytes or less.", types.NameDataLen-1)
	}
	return nil
}

// CreateEnum creates enum type name in schema ns with labels (sort
// orders 1, 2, ...), its array type and their dependencies.
func (c *Catalog) CreateEnum(tx heap.Txn, snap heap.Snapshot, ns uint32, name string, owner uint32, labels []string) (uint32, error) {
	set, err := c.userTypeState(snap)
	if err != nil {
		return 0, err
	}
	if set.typeIn(ns, name) != nil {
		return 0, pgerr.New(pgerr.DuplicateObject, "type \"%s\" already exists", name)
	}
	seen := map[string]bool{}
	for _, l := range labels {
		if err := checkLabel(l); err != nil {
			return 0, err
		}
		if seen[l] {
			return 0, pgerr.New(pgerr.DuplicateObject, "enum label \"%s\" used more than once", l)
		}
		seen[l] = true
	}
	oid, err := c.NewOid()
	if err != nil {
		return 0, err
	}
	arr, err := c.NewOid()
	if err != nil {
		return 0, err
	}
	arrName := arrayTypeName(set, ns, name)
	c.didDDL = true
	if _, err := c.insert(tx, enumTypeRow(oid, arr, ns, owner, name)); err != nil {
		return 0, err
	}
	if _, err := c.insert(tx, arrayTypeRow(arr, oid, ns, owner, arrName)); err != nil {
		return 0, err
	}
	for i, l := range labels {
		if _, err := c.insertLabel(tx, oid, float32(i+1), l); err != nil {
			return 0, err
		}
	}
	if err := c.recordDep(tx, typeAddr(oid), nsAddr(ns), depNormal); err != nil {
		return 0, err
	}
	if err := c.recordDep(tx, typeAddr(arr), typeAddr(oid), depInternal); err != nil {
		return 0, err
	}
	c.noteNewType(oid)
	c.cache.reset()
	return oid, nil
}

// noteNewType remembers a type created by the running transaction: its
// labels may be used before the commit.
func (c *Catalog) noteNewType(oid uint32) {
	if c.newTypes == nil {
		c.newTypes = map[uint32]bool{}
	}
	c.newTypes[oid] = true
}

// arrayTypeName is PostgreSQL's makeArrayTypeName: _name, truncated to a
// name's length, with more leading underscores while it is taken.
func arrayTypeName(set *userTypeSet, ns uint32, name string) string {
	n := name
	for i := 0; i < types.NameDataLen; i++ {
		n = "_" + n
		if len(n) > types.NameDataLen-1 {
			n = n[:types.NameDataLen-1]
		}
		if set.typeIn(ns, n) == nil {
			return n
		}
	}
	return n
}

func (c *Catalog) insertLabel(tx heap.Txn, typ uint32, sortOrder float32, label string) (uint32, error) {
	oid, err := c.NewOid()
	if err != nil {
		return 0, err
	}
	r := newRow(catalogByOid[PgEnum]).set("oid", dOid(oid)).set("enumtypid", dOid(typ)).
		set("enumsortorder", dFloat4(sortOrder)).set("enumlabel", dName(label))
	_, err = c.insert(tx, r)
	return oid, err
}

func userTypeRow(oid, ns, owner uint32, name string) *row {
	return newRow(catalogByOid[PgType]).set("oid", dOid(oid)).set("typname", dName(name)).
		set("typnamespace", dOid(ns)).set("typowner", dOid(owner)).set("typispreferred", dBool(false)).
		set("typisdefined", dBool(true)).set("typdelim", dChar(',')).set("typrelid", dOid(0)).
		set("typmodin", dOid(0)).set("typmodout", dOid(0)).set("typnotnull", dBool(false)).
		set("typbasetype", dOid(0)).set("typtypmod", dInt4(-1)).set("typndims", dInt4(0)).
		set("typcollation", dOid(0))
}

func enumTypeRow(oid, arr, ns, owner uint32, name string) *row {
	return userTypeRow(oid, ns, owner, name).set("typlen", dInt2(4)).set("typbyval", dBool(true)).
		set("typtype", dChar(types.KindEnum)).set("typcategory", dChar(types.CatEnum)).
		set("typsubscript", dOid(0)).set("typelem", dOid(0)).set("typarray", dOid(arr)).
		set("typinput", dOid(enumIn)).set("typoutput", dOid(enumOut)).set("typreceive", dOid(enumRecv)).
		set("typsend", dOid(enumSend)).set("typanalyze", dOid(0)).set("typalign", dChar('i')).
		set("typstorage", dChar('p'))
}

func arrayTypeRow(oid, elem, ns, owner uint32, name string) *row {
	return userTypeRow(oid, ns, owner, name).set("typlen", dInt2(-1)).set("typbyval", dBool(false)).
		set("typtype", dChar(types.KindBase)).set("typcategory", dChar(types.CatArray)).
		set("typsubscript", dOid(arraySubscript)).set("typelem", dOid(elem)).set("typarray", dOid(0)).
		set("typinput", dOid(arrayIn)).set("typoutput", dOid(arrayOut)).set("typreceive", dOid(arrayRecv)).
		set("typsend", dOid(arraySend)).set("typanalyze", dOid(arrayTypanalyze)).set("typalign", dChar('i')).
		set("typstorage", dChar('x'))
}

// enumType returns enum type oid or 42809 when it is not an enum.
func (c *Catalog) enumType(snap heap.Snapshot, oid uint32, what string) (*UserType, error) {
	t, err := c.UserType(snap, oid)
	if err != nil {
		return nil, err
	}
	if t == nil || t.Kind != types.KindEnum {
		return nil, pgerr.New(pgerr.WrongObjectType, "%s is not an enum", what)
	}
	return t, nil
}

// AddEnumValue adds label to enum type oid: last, or just before or
// after neighbor. With ifNotExists an existing label is a NOTICE.
func (c *Catalog) AddEnumValue(tx heap.Txn, snap heap.Snapshot, oid uint32, label, neighbor string, before, ifNotExists bool) error {
	t, err := c.enumType(snap, oid, "type")
	if err != nil {
		return err
	}
	if err := checkLabel(label); err != nil {
		return err
	}
	for _, l := range t.Labels {
		if l.Label == label {
			if ifNotExists {
				c.notice(pgerr.New(pgerr.SuccessfulCompletion, "enum label \"%s\" already exists, skipping", label))
				return nil
			}
			return pgerr.New(pgerr.DuplicateObject, "enum label \"%s\" already exists", label)
		}
	}
	sortOrder, err := newSortOrder(t.Labels, neighbor, before)
	if err != nil {
		return err
	}
	c.didDDL = true
	lo, err := c.insertLabel(tx, oid, sortOrder, label)
	if err != nil {
		return err
	}
	if c.newLabels == nil {
		c.newLabels = map[uint32]bool{}
	}
	c.newLabels[lo] = true
	c.cache.reset()
	return nil
}

// newSortOrder picks the sort order of a new label: one past the last,
// or half way between neighbor and the label on the side asked for.
// Existing labels keep their orders (index keys hold them), so when two
// neighbours' float4 orders leave no room between them this fails where
// PostgreSQL would renumber the type's labels.
func newSortOrder(ls []types.EnumLabel, neighbor string, before bool) (float32, error) {
	if neighbor == "" {
		if len(ls) == 0 {
			return 1, nil
		}
		return ls[len(ls)-1].Sort + 1, nil
	}
	at := -1
	for i, l := range ls {
		if l.Label == neighbor {
			at = i
		}
	}
	if at < 0 {
		return 0, pgerr.New(pgerr.InvalidParameterValue, "\"%s\" is not an existing enum label", neighbor)
	}
	var lo, hi float32
	switch {
	case before && at == 0:
		return ls[0].Sort - 1, nil
	case before:
		lo, hi = ls[at-1].Sort, ls[at].Sort
	case at == len(ls)-1:
		return ls[at].Sort + 1, nil
	default:
		lo, hi = ls[at].Sort, ls[at+1].Sort
	}
	mid := lo + (hi-lo)/2
	if mid <= lo || mid >= hi {
		return 0, pgerr.New(pgerr.ProgramLimitExceeded, "no room for a new enum label between \"%s\" and its neighbour", neighbor)
	}
	return mid, nil
}

// RenameEnumValue renames a label of enum type oid.
func (c *Catalog) RenameEnumValue(tx heap.Txn, snap heap.Snapshot, oid uint32, from, to string) error {
	t, err := c.enumType(snap, oid, "type")
	if err != nil {
		return err
	}
	if err := checkLabel(to); err != nil {
		return err
	}
	var target uint32
	for _, l := range t.Labels {
		if l.Label == to {
			return pgerr.New(pgerr.DuplicateObject, "enum label \"%s\" already exists", to)
		}
		if l.Label == from {
			target = l.Oid
		}
	}
	if target == 0 {
		return pgerr.New(pgerr.InvalidParameterValue, "\"%s\" is not an existing enum label", from)
	}
	c.didDDL = true
	return c.updateByOid(tx, snap, PgEnum, target, func(r *row) { r.set("enumlabel", dName(to)) })
}

// RenameType renames type oid and its array type.
func (c *Catalog) RenameType(tx heap.Txn, snap heap.Snapshot, oid uint32, newName string) error {
	set, err := c.userTypeState(snap)
	if err != nil {
		return err
	}
	t := set.byOid[oid]
	if t == nil {
		return pgerr.New(pgerr.UndefinedObject, "cache lookup failed for type %d", oid)
	}
	if set.typeIn(t.Namespace, newName) != nil {
		return pgerr.New(pgerr.DuplicateObject, "type \"%s\" already exists", newName)
	}
	c.didDDL = true
	if err := c.updateByOid(tx, snap, PgType, oid, func(r *row) { r.set("typname", dName(newName)) }); err != nil {
		return err
	}
	if t.Array != 0 {
		arrName := arrayTypeName(set, t.Namespace, newName)
		if err := c.updateByOid(tx, snap, PgType, t.Array, func(r *row) { r.set("typname", dName(arrName)) }); err != nil {
			return err
		}
	}
	c.cache.reset()
	return nil
}

// DropType drops type oid with what depends on it: with cascade the
// columns of that type go too, otherwise they make it fail with 2BP01.
func (c *Catalog) DropType(tx heap.Txn, snap heap.Snapshot, oid uint32, cascade bool) error {
	d, err := c.newDropper(tx, snap, cascade)
	if err != nil {
		return err
	}
	c.didDDL = true
	if err := d.run(typeAddr(oid)); err != nil {
		return err
	}
	c.cache.reset()
	return nil
}

// readUserTypes adds what describing and dropping types needs to st:
// their names and the dependencies of columns on them.
func (c *Catalog) readUserTypes(snap heap.Snapshot, st *catState) error {
	set, err := c.userTypeState(snap)
	if err != nil {
		return err
	}
	st.utypes = set.byOid
	if len(set.byOid) == 0 {
		return nil
	}
	var deps []depRow
	for addr, a := range st.atts {
		// Index columns follow their table's columns.
		if a.typ >= types.FirstNormalObjectID && !a.dropped && set.byOid[a.typ] != nil && st.classes[a.rel].kind == KindTable {
			deps = append(deps, depRow{obj: addr, ref: typeAddr(a.typ), typ: depNormal})
		}
	}
	sort.Slice(deps, func(i, j int) bool {
		a, b := deps[i].obj, deps[j].obj
		return a.oid < b.oid || a.oid == b.oid && a.sub < b.sub
	})
	st.deps = append(st.deps, deps...)
	return nil
}

// typeDesc is a type's description in messages: "type mood", "type
// s.mood[]" (qualified unless its schema is public).
func (st *catState) typeDesc(oid uint32) string {
	t := st.utypes[oid]
	if t == nil {
		return "type " + uitoa(oid)
	}
	suffix := ""
	if t.Kind != types.KindEnum && t.Elem != 0 {
		if e := st.utypes[t.Elem]; e != nil {
			t, suffix = e, "[]"
		}
	}
	name := t.Name
	if t.Namespace != PublicNamespace {
		name = st.nsNames[t.Namespace] + "." + name
	}
	return "type " + name + suffix
}

// dropUserTypeRows deletes the pg_type and pg_enum rows of dropped types.
func (d *dropper) dropUserTypeRows() error {
	any := false
	for a := range d.set {
		if a.class == PgType {
			any = true
		}
	}
	if !any {
		return nil
	}
	for _, s := range []struct {
		rel uint32
		col string
	}{{PgType, "oid"}, {PgEnum, "enumtypid"}} {
		err := d.c.scan(d.snap, s.rel, func(r *crow) (bool, error) {
			if d.set[typeAddr(r.oid(s.col))] {
				return true, d.c.delete(d.tx, s.rel, r.tid)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
