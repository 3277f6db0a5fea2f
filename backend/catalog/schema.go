package catalog

import (
	"fmt"

	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
)

// Well-known OIDs, as PostgreSQL 15 assigns them.
const (
	PgCatalogNamespace uint32 = 11
	PgToastNamespace   uint32 = 99
	PublicNamespace    uint32 = 2200

	BootstrapSuperuser uint32 = 10 // the role postgres

	Template1DB uint32 = 1
	Template0DB uint32 = 4
	PostgresDB  uint32 = 5

	DefaultTablespace uint32 = 1663 // pg_default: base/
	GlobalTablespace  uint32 = 1664 // pg_global: global/

	HeapAM  uint32 = 2
	BtreeAM uint32 = 403

	// FirstNormalOid is the first OID handed out after bootstrap.
	FirstNormalOid uint32 = 16384

	// BootstrapXid is the xid of every bootstrap tuple; the transaction
	// layer must treat it as committed. FrozenXid is PostgreSQL's frozen xid.
	BootstrapXid uint64 = 1
	FrozenXid    uint64 = 2
)

// Catalog relation OIDs (equal to their relfilenodes).
const (
	PgClass       uint32 = 1259
	PgAttribute   uint32 = 1249
	PgType        uint32 = 1247
	PgProc        uint32 = 1255
	PgNamespace   uint32 = 2615
	PgIndex       uint32 = 2610
	PgConstraint  uint32 = 2606
	PgAttrdef     uint32 = 2604
	PgAm          uint32 = 2601
	PgSequence    uint32 = 2224
	PgDescription uint32 = 2609
	PgInherits    uint32 = 2611
	PgDepend      uint32 = 2608
	PgRewrite     uint32 = 2618
	PgDatabase    uint32 = 1262
	PgAuthid      uint32 = 1260
	PgTablespace  uint32 = 1213
	PgAuthMembers uint32 = 1261
)

// catCol is one column of a catalog relation.
type catCol struct {
	name    string
	typ     types.Oid
	notNull bool
}

// catRel is one catalog relation: what Bootstrap creates and what the
// catalog's own reads and writes use.
type catRel struct {
	oid    uint32
	name   string
	shared bool   // in global/, one copy for the whole cluster
	toast  uint32 // its toast relation (PostgreSQL's oid), 0 if none
	cols   []catCol
	desc   *tuple.Desc
	idx    map[string]int // column name -> position
}

// catalogs lists the catalog relations in the order Bootstrap writes
// their pg_class rows.
var catalogs = append(append([]*catRel{
	{oid: PgType, name: "pg_type", cols: colsType, toast: 4171},
	{oid: PgAttribute, name: "pg_attribute", cols: colsAttribute},
	{oid: PgProc, name: "pg_proc", cols: colsProc, toast: 2836},
	{oid: PgClass, name: "pg_class", cols: colsClass},
	{oid: PgAuthid, name: "pg_authid", shared: true, cols: colsAuthid, toast: 4175},
	{oid: PgAuthMembers, name: "pg_auth_members", shared: true, cols: colsAuthMembers},
	{oid: PgDatabase, name: "pg_database", shared: true, cols: colsDatabase, toast: 4177},
	{oid: PgTablespace, name: "pg_tablespace", shared: true, cols: colsTablespace, toast: 4185},
	{oid: PgSequence, name: "pg_sequence", cols: colsSequence},
	{oid: PgAm, name: "pg_am", cols: colsAm},
	{oid: PgAttrdef, name: "pg_attrdef", cols: colsAttrdef, toast: 2830},
	{oid: PgConstraint, name: "pg_constraint", cols: colsConstraint, toast: 2832},
	{oid: PgDepend, name: "pg_depend", cols: colsDepend},
	{oid: PgDescription, name: "pg_description", cols: colsDescription, toast: 2834},
	{oid: PgIndex, name: "pg_index", cols: colsIndex},
	{oid: PgInherits, name: "pg_inherits", cols: colsInherits},
	{oid: PgNamespace, name: "pg_namespace", cols: colsNamespace, toast: 4163},
	{oid: PgRewrite, name: "pg_rewrite", cols: colsRewrite, toast: 2838},
}, introspectionCatalogs...), opCatalogs...)

var catalogByOid = map[uint32]*catRel{}

func init() {
	for _, r := range catalogs {
		attrs := make([]tuple.Attr, len(r.cols))
		r.idx = make(map[string]int, len(r.cols))
		for i, c := range r.cols {
			a, err := attrOf(c.name, c.typ, 0)
			if err != nil {
				panic(fmt.Sprintf("catalog %s column %s: %v", r.name, c.name, err))
			}
			attrs[i] = a
			r.idx[c.name] = i
		}
		r.desc = tuple.MustDesc(attrs...)
		catalogByOid[r.oid] = r
	}
}

// col returns the position of column name; a name the catalog lacks is a
// bug in this package.
func (r *catRel) col(name string) int {
	i, ok := r.idx[name]
	if !ok {
		panic("catalog: " + r.name + " has no column " + name)
	}
	return i
}

// spc and dbOf give the tablespace and database of a catalog's files in
// database db.
func (r *catRel) spc() uint32 {
	if r.shared {
		return GlobalTablespace
	}
	return DefaultTablespace
}

func (r *catRel) dbOf(db uint32) uint32 {
	if r.shared {
		return 0
	}
	return db
}
