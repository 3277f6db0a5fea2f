package catalog

import (
	"fmt"

	"ringpg/backend/access/heap"
)

// catState is a snapshot's view of the catalog rows that describing and
// dropping objects needs, read with one scan per catalog.
type catState struct {
	classes map[uint32]classInfo
	atts    map[objAddr]attInfo // by column address
	cons    map[uint32]conInfo
	defs    map[uint32]defInfo
	rules   map[uint32]uint32 // rule oid -> its relation
	nsNames map[uint32]string
	deps    []depRow
	seqRels map[uint32]bool
	utypes  map[uint32]*UserType // types created by commands (enum.go)
}

type conInfo struct {
	oid, rel, index, refRel uint32
	name                    string
	typ                     byte
	keys                    []int16
}

type defInfo struct {
	oid, rel uint32
	num      int16
}

func (c *Catalog) readState(snap heap.Snapshot) (*catState, error) {
	st := &catState{classes: map[uint32]classInfo{}, atts: map[objAddr]attInfo{}, cons: map[uint32]conInfo{},
		defs: map[uint32]defInfo{}, rules: map[uint32]uint32{}, nsNames: map[uint32]string{}, seqRels: map[uint32]bool{}}
	steps := []struct {
		rel uint32
		f   func(r *crow)
	}{
		{PgClass, func(r *crow) { ci := readClass(r); st.classes[ci.oid] = ci }},
		{PgAttribute, func(r *crow) { a := readAtt(r); st.atts[colAddr(a.rel, a.num)] = a }},
		{PgConstraint, func(r *crow) {
			st.cons[r.oid("oid")] = conInfo{oid: r.oid("oid"), rel: r.oid("conrelid"), index: r.oid("conindid"),
				refRel: r.oid("confrelid"), name: r.name("conname"), typ: r.char("contype"), keys: r.int2s("conkey")}
		}},
		{PgAttrdef, func(r *crow) {
			st.defs[r.oid("oid")] = defInfo{oid: r.oid("oid"), rel: r.oid("adrelid"), num: r.int2("adnum")}
		}},
		{PgRewrite, func(r *crow) { st.rules[r.oid("oid")] = r.oid("ev_class") }},
		{PgNamespace, func(r *crow) { st.nsNames[r.oid("oid")] = r.name("nspname") }},
		{PgSequence, func(r *crow) { st.seqRels[r.oid("seqrelid")] = true }},
	}
	for _, s := range steps {
		if err := c.scan(snap, s.rel, func(r *crow) (bool, error) { s.f(r); return true, nil }); err != nil {
			return nil, err
		}
	}
	deps, err := c.loadDeps(snap)
	if err != nil {
		return nil, err
	}
	st.deps = deps
	if err := c.readUserTypes(snap, st); err != nil {
		return nil, err
	}
	return st, nil
}

// kindWord is how messages name a relation kind.
func kindWord(k byte) string {
	switch k {
	case KindIndex:
		return "index"
	case KindSequence:
		return "sequence"
	case KindView:
		return "view"
	case KindToast:
		return "toast table"
	}
	return "table"
}

// relName prints a relation's name as PostgreSQL's object descriptions
// do: qualified unless its schema is public or pg_catalog (standing in
// for "visible in the search path").
func (st *catState) relName(oid uint32) string {
	ci, ok := st.classes[oid]
	if !ok {
		return fmt.Sprintf("relation %d", oid)
	}
	if ci.ns == PublicNamespace || ci.ns == PgCatalogNamespace {
		return ci.name
	}
	return st.nsNames[ci.ns] + "." + ci.name
}

func (st *catState) relDesc(oid uint32) string {
	return kindWord(st.classes[oid].kind) + " " + st.relName(oid)
}

func (st *catState) colName(rel uint32, num int16) string {
	if a, ok := st.atts[colAddr(rel, num)]; ok {
		return a.name
	}
	return fmt.Sprintf("%d", num)
}

// describe is getObjectDescription.
func (st *catState) describe(a objAddr) string {
	switch a.class {
	case PgClass:
		if a.sub != 0 {
			return fmt.Sprintf("column %s of %s", st.colName(a.oid, int16(a.sub)), st.relDesc(a.oid))
		}
		return st.relDesc(a.oid)
	case PgConstraint:
		con := st.cons[a.oid]
		if con.rel == 0 {
			return fmt.Sprintf("constraint %s", con.name)
		}
		return fmt.Sprintf("constraint %s on %s", con.name, st.relDesc(con.rel))
	case PgAttrdef:
		d := st.defs[a.oid]
		return fmt.Sprintf("default value for column %s of %s", st.colName(d.rel, d.num), st.relDesc(d.rel))
	case PgRewrite:
		return st.relDesc(st.rules[a.oid]) // a view's rule stands for the view
	case PgNamespace:
		return "schema " + st.nsNames[a.oid]
	case PgType:
		return st.typeDesc(a.oid)
	}
	return fmt.Sprintf("object %d of catalog %d", a.oid, a.class)
}
