package catalog

import (
	"sort"

	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// Domains: CREATE DOMAIN writes a pg_type row with typtype 'd' (its base
// type in typbasetype and typtypmod, NOT NULL in typnotnull, the default
// as SQL text in typdefault and typdefaultbin) and one pg_constraint row
// per CHECK constraint (contypid the domain, conbin the expression as SQL
// text over VALUE), with pg_depend rows domain -> schema (normal) and
// constraint -> domain (auto). As for enums, the columns of a domain
// type depend on it through pg_attribute (readUserTypes), so DROP DOMAIN
// fails with 2BP01 or, with CASCADE, drops them. A relation's Column
// carries the base type (what its values are) and the domain's oid in
// Domain; pg_attribute keeps the domain's oid, as in PostgreSQL.

// DomainCheck is a CHECK constraint of a domain (its pg_constraint row).
type DomainCheck struct {
	Oid       uint32
	Name      string
	Expr      string // conbin: SQL text over VALUE
	Validated bool
}

// domainFields reads the domain columns of a pg_type row into t.
func domainFields(t *UserType, r *crow) {
	if t.Kind != types.KindDomain {
		return
	}
	t.Base, t.TypMod, t.NotNull = r.oid("typbasetype"), r.int4("typtypmod"), r.bool("typnotnull")
	if !r.isNull("typdefaultbin") {
		t.Default = r.text("typdefaultbin")
	}
}

// readDomainChecks adds the pg_constraint rows of domains to set.
func (c *Catalog) readDomainChecks(snap heap.Snapshot, set *userTypeSet) error {
	any := false
	for _, t := range set.byOid {
		if t.Kind == types.KindDomain {
			any = true
		}
	}
	if !any {
		return nil
	}
	err := c.scan(snap, PgConstraint, func(r *crow) (bool, error) {
		t := set.byOid[r.oid("contypid")]
		if t == nil || r.char("contype") != 'c' {
			return true, nil
		}
		t.Checks = append(t.Checks, DomainCheck{Oid: r.oid("oid"), Name: r.name("conname"),
			Expr: r.text("conbin"), Validated: r.bool("convalidated")})
		return true, nil
	})
	if err != nil {
		return err
	}
	for _, t := range set.byOid {
		// A value is checked against a domain's constraints in name order.
		sort.Slice(t.Checks, func(i, j int) bool { return t.Checks[i].Name < t.Checks[j].Name })
	}
	return nil
}

// DomainSpec is what CREATE DOMAIN defines.
type DomainSpec struct {
	Name      string
	Namespace uint32
	Owner     uint32
	Base      types.T // typmod included
	Collation uint32  // typcollation: the base type's, or COLLATE's
	Default   string  // SQL text, "" for none (typdefaultbin)
	// DefaultText is the default as typdefault shows it (literals with
	// their type, as PostgreSQL deparses them).
	DefaultText string
	NotNull     bool
	Checks      []DomainCheckSpec
}

// DomainCheckSpec is a CHECK constraint being added to a domain; an empty
// Name takes PostgreSQL's default (domain_check, domain_check1, ...).
type DomainCheckSpec struct {
	Name     string
	Expr     string
	NotValid bool
}

// CreateDomain creates domain spec.Name and returns its oid.
func (c *Catalog) CreateDomain(tx heap.Txn, snap heap.Snapshot, spec DomainSpec) (uint32, error) {
	set, err := c.userTypeState(snap)
	if err != nil {
		return 0, err
	}
	if set.typeIn(spec.Namespace, spec.Name) != nil {
		return 0, pgerr.New(pgerr.DuplicateObject, "type \"%s\" already exists", spec.Name)
	}
	base := types.Lookup(spec.Base.Oid)
	if base == nil {
		return 0, pgerr.New(pgerr.UndefinedObject, "cache lookup failed for type %d", spec.Base.Oid)
	}
	oid, err := c.NewOid()
	if err != nil {
		return 0, err
	}
	c.didDDL = true
	r := userTypeRow(oid, spec.Namespace, spec.Owner, spec.Name).set("typlen", dInt2(int16(base.Len))).
		set("typbyval", dBool(base.ByVal)).set("typtype", dChar(types.KindDomain)).
		set("typcategory", dChar(base.Category)).set("typsubscript", dOid(0)).set("typelem", dOid(0)).
		set("typarray", dOid(0)).set("typinput", dOid(0)).set("typoutput", dOid(0)).
		set("typreceive", dOid(0)).set("typsend", dOid(0)).
		set("typanalyze", dOid(0)).set("typalign", dChar(base.Align)).set("typstorage", dChar(storageByte(base))).
		set("typnotnull", dBool(spec.NotNull)).set("typbasetype", dOid(spec.Base.Oid)).
		set("typtypmod", dInt4(spec.Base.Mod)).set("typcollation", dOid(spec.Collation))
	if spec.Default != "" {
		r.set("typdefault", dText(spec.DefaultText)).set("typdefaultbin", dText(spec.Default))
	}
	if _, err := c.insert(tx, r); err != nil {
		return 0, err
	}
	if err := c.recordDep(tx, typeAddr(oid), nsAddr(spec.Namespace), depNormal); err != nil {
		return 0, err
	}
	if spec.Base.Oid >= types.FirstNormalObjectID {
		if err := c.recordDep(tx, typeAddr(oid), typeAddr(spec.Base.Oid), depNormal); err != nil {
			return 0, err
		}
	}
	used := map[string]bool{} // names given by this command, which snap does not see
	for _, ck := range spec.Checks {
		name, err := c.insertDomainCheck(tx, snap, oid, spec.Namespace, spec.Name, ck, used)
		if err != nil {
			return 0, err
		}
		used[name] = true
	}
	c.noteNewType(oid)
	c.cache.reset()
	return oid, nil
}

// storageByte is the typstorage of a type.
func storageByte(i *types.Info) byte {
	if i.Storage == 0 {
		return 'p'
	}
	return i.Storage
}

// insertDomainCheck writes one CHECK constraint of domain oid (named
// after the domain when spec has no name) and its dependency.
func (c *Catalog) insertDomainCheck(tx heap.Txn, snap heap.Snapshot, oid, ns uint32, domain string, spec DomainCheckSpec, used map[string]bool) (string, error) {
	taken := func(n string) (bool, error) {
		found := used[n]
		err := c.scan(snap, PgConstraint, func(r *crow) (bool, error) {
			if r.oid("connamespace") == ns && r.name("conname") == n {
				found = true
				return false, nil
			}
			return true, nil
		})
		return found, err
	}
	name := spec.Name
	if name == "" {
		var err error
		if name, err = chooseName(domain, "", "check", taken); err != nil {
			return "", err
		}
	} else if dup, err := c.domainHasConstraint(snap, oid, name); err != nil {
		return "", err
	} else if dup || used[name] {
		return "", pgerr.New(pgerr.DuplicateObject, "constraint \"%s\" for domain \"%s\" already exists", name, domain)
	}
	con, err := c.NewOid()
	if err != nil {
		return "", err
	}
	blank := byte(' ')
	row := newRow(catalogByOid[PgConstraint]).set("oid", dOid(con)).set("conname", dName(name)).
		set("connamespace", dOid(ns)).set("contype", dChar('c')).
		set("condeferrable", dBool(false)).set("condeferred", dBool(false)).
		set("convalidated", dBool(!spec.NotValid)).set("conrelid", dOid(0)).set("contypid", dOid(oid)).
		set("conindid", dOid(0)).set("conparentid", dOid(0)).set("confrelid", dOid(0)).
		set("confupdtype", dChar(blank)).set("confdeltype", dChar(blank)).set("confmatchtype", dChar(blank)).
		set("conislocal", dBool(true)).set("coninhcount", dInt4(0)).set("connoinherit", dBool(false)).
		set("conbin", dText(spec.Expr))
	if _, err := c.insert(tx, row); err != nil {
		return "", err
	}
	c.didDDL = true
	c.cache.reset()
	return name, c.recordDep(tx, conAddr(con), typeAddr(oid), depAuto)
}

// domainHasConstraint reports whether domain oid has a constraint name.
func (c *Catalog) domainHasConstraint(snap heap.Snapshot, oid uint32, name string) (bool, error) {
	t, err := c.UserType(snap, oid)
	if err != nil || t == nil {
		return false, err
	}
	for _, ck := range t.Checks {
		if ck.Name == name {
			return true, nil
		}
	}
	return false, nil
}

// domainType returns domain oid, or 42704 naming it when it is not one.
func (c *Catalog) domainType(snap heap.Snapshot, oid uint32) (*UserType, error) {
	t, err := c.UserType(snap, oid)
	if err != nil {
		return nil, err
	}
	if t == nil || t.Kind != types.KindDomain {
		return nil, pgerr.New(pgerr.WrongObjectType, "type %d is not a domain", oid)
	}
	return t, nil
}

// SetDomainDefault sets (or with "" drops) domain oid's default: def is
// its SQL text, text how typdefault shows it.
func (c *Catalog) SetDomainDefault(tx heap.Txn, snap heap.Snapshot, oid uint32, def, text string) error {
	if _, err := c.domainType(snap, oid); err != nil {
		return err
	}
	return c.updateByOid(tx, snap, PgType, oid, func(r *row) {
		if def == "" {
			r.set("typdefault", nil).set("typdefaultbin", nil)
			return
		}
		r.set("typdefault", dText(text)).set("typdefaultbin", dText(def))
	})
}

// SetDomainNotNull sets domain oid's typnotnull.
func (c *Catalog) SetDomainNotNull(tx heap.Txn, snap heap.Snapshot, oid uint32, notNull bool) error {
	if _, err := c.domainType(snap, oid); err != nil {
		return err
	}
	return c.updateByOid(tx, snap, PgType, oid, func(r *row) { r.set("typnotnull", dBool(notNull)) })
}

// AddDomainCheck adds a CHECK constraint to domain oid and returns its
// name.
func (c *Catalog) AddDomainCheck(tx heap.Txn, snap heap.Snapshot, oid uint32, spec DomainCheckSpec) (string, error) {
	t, err := c.domainType(snap, oid)
	if err != nil {
		return "", err
	}
	return c.insertDomainCheck(tx, snap, oid, t.Namespace, t.Name, spec, nil)
}

// domainCheck returns constraint name of domain t (42704 when missing).
func domainCheck(t *UserType, name string) (*DomainCheck, error) {
	for i := range t.Checks {
		if t.Checks[i].Name == name {
			return &t.Checks[i], nil
		}
	}
	return nil, pgerr.New(pgerr.UndefinedObject, "constraint \"%s\" of domain \"%s\" does not exist", name, t.Name)
}

// DropDomainCheck drops constraint name of domain oid.
func (c *Catalog) DropDomainCheck(tx heap.Txn, snap heap.Snapshot, oid uint32, name string, cascade bool) error {
	t, err := c.domainType(snap, oid)
	if err != nil {
		return err
	}
	ck, err := domainCheck(t, name)
	if err != nil {
		return err
	}
	d, err := c.newDropper(tx, snap, cascade)
	if err != nil {
		return err
	}
	c.didDDL = true
	if err := d.run(conAddr(ck.Oid)); err != nil {
		return err
	}
	c.cache.reset()
	return nil
}

// RenameDomainCheck renames constraint from of domain oid.
func (c *Catalog) RenameDomainCheck(tx heap.Txn, snap heap.Snapshot, oid uint32, from, to string) error {
	t, err := c.domainType(snap, oid)
	if err != nil {
		return err
	}
	ck, err := domainCheck(t, from)
	if err != nil {
		return pgerr.New(pgerr.UndefinedObject, "constraint \"%s\" for domain %s does not exist", from, t.Name)
	}
	if _, err := domainCheck(t, to); err == nil {
		return pgerr.New(pgerr.DuplicateObject, "constraint \"%s\" for domain \"%s\" already exists", to, t.Name)
	}
	return c.updateByOid(tx, snap, PgConstraint, ck.Oid, func(r *row) { r.set("conname", dName(to)) })
}

// ValidateDomainCheck marks constraint name of domain oid validated
// (once the caller has checked the stored values).
func (c *Catalog) ValidateDomainCheck(tx heap.Txn, snap heap.Snapshot, oid uint32, name string) error {
	t, err := c.domainType(snap, oid)
	if err != nil {
		return err
	}
	ck, err := domainCheck(t, name)
	if err != nil {
		return err
	}
	return c.updateByOid(tx, snap, PgConstraint, ck.Oid, func(r *row) { r.set("convalidated", dBool(true)) })
}

// DomainColumn is a table column whose type is a domain.
type DomainColumn struct {
	Rel uint32
	Num int16
}

// DomainColumns lists the columns of tables whose type is domain oid.
func (c *Catalog) DomainColumns(snap heap.Snapshot, oid uint32) ([]DomainColumn, error) {
	var out []DomainColumn
	err := c.scan(snap, PgAttribute, func(r *crow) (bool, error) {
		if r.oid("atttypid") == oid && r.int2("attnum") > 0 && !r.bool("attisdropped") {
			out = append(out, DomainColumn{Rel: r.oid("attrelid"), Num: r.int2("attnum")})
		}
		return true, nil
	})
	return out, err
}

// domainBase maps a column type read from pg_attribute to the type of its
// values: a domain's base type (with the domain's typmod), and the
// domain's oid; other types are returned as they are.
func domainBase(set *userTypeSet, t types.T) (types.T, uint32) {
	if t.Oid < types.FirstNormalObjectID || set == nil {
		return t, 0
	}
	u := set.byOid[t.Oid]
	if u == nil || u.Kind != types.KindDomain {
		return t, 0
	}
	return types.T{Oid: u.Base, Mod: u.TypMod}, u.Oid
}

// mapDomainColumns gives the columns of rels whose type is a domain the
// domain's base type (Column.Domain keeps the domain).
func (c *Catalog) mapDomainColumns(snap heap.Snapshot, rels map[uint32]*Relation) error {
	var set *userTypeSet
	for _, r := range rels {
		for i := range r.Columns {
			col := &r.Columns[i]
			if col.Type.Oid < types.FirstNormalObjectID || col.Dropped {
				continue
			}
			if set == nil {
				var err error
				if set, err = c.userTypeState(snap); err != nil {
					return err
				}
			}
			col.Type, col.Domain = domainBase(set, col.Type)
		}
	}
	return nil
}
