package catalog

import (
	"fmt"
	"strconv"
	"sync"

	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
)

// The operator catalogs: pg_operator, pg_cast, pg_opfamily, pg_opclass,
// pg_amop, pg_amproc, pg_conversion, the text search catalogs
// (pg_ts_parser, pg_ts_template, pg_ts_dict, pg_ts_config,
// pg_ts_config_map) and pg_aggregate. Their columns and PostgreSQL 15's built-in rows come
// from opcatalog_gen.go (testdata/gen_opcatalog.sql). Bootstrap keeps the
// rows the server can stand behind: an operator whose argument and result
// types are in pg_type and whose function is in pg_proc, a cast between
// two such types done by a function in pg_proc (or without one), the
// btree and hash operator classes over those types with the families
// they belong to, and the family members whose operator or function was
// kept. Conversions and the text search rows (the parser, the templates,
// the simple and snowball dictionaries and configurations) are
// PostgreSQL's as they are, although the server has neither encoding
// conversions nor text search: clients list them, nothing runs them.
// pg_aggregate holds the rows of the aggregates in pg_proc; their
// transition and final functions, and internal transition types, are
// PostgreSQL's and need not be in pg_proc or pg_type.
// Nothing writes these catalogs after bootstrap.
const (
	PgOperator    uint32 = 2617
	PgCast        uint32 = 2605
	PgOpfamily    uint32 = 2753
	PgOpclass     uint32 = 2616
	PgAmop        uint32 = 2602
	PgAmproc      uint32 = 2603
	PgConversion  uint32 = 2607
	PgTsParser    uint32 = 3601
	PgTsTemplate  uint32 = 3764
	PgTsDict      uint32 = 3600
	PgTsConfig    uint32 = 3602
	PgTsConfigMap uint32 = 3603
	PgAggregate   uint32 = 2600
)

// nullText stands for a null column in opCatalogRows.
const nullText = "\x00null"

// opDescription is one pg_description row of opcatalog_gen.go.
type opDescription struct {
	obj, class uint32
	text       string
}

// genRow is one row of opcatalog_gen.go with its relation.
type genRow struct {
	rel  *catRel
	vals []string
}

// oid returns column name as an OID (0 when null or not a number).
func (g genRow) oid(name string) uint32 {
	v, err := strconv.ParseUint(g.vals[g.rel.col(name)], 10, 32)
	if err != nil {
		return 0
	}
	return uint32(v)
}

// opKeep decides which generated rows Bootstrap writes.
type opKeep struct {
	types    map[uint32]bool // pg_type's rows
	procs    map[uint32]bool // pg_proc's rows
	kept     map[uint32]map[uint32]bool
	families map[uint32]bool // of the kept operator classes
}

func newOpKeep(procs []Proc) *opKeep {
	k := &opKeep{types: map[uint32]bool{}, procs: map[uint32]bool{}, kept: map[uint32]map[uint32]bool{},
		families: map[uint32]bool{}}
	for _, t := range allTypes() {
		k.types[uint32(t.Oid)] = true
	}
	for i := range procs {
		k.procs[procs[i].Oid] = true
	}
	return k
}

// typesKnown reports whether every named column holds a type of pg_type
// (or 0 where zeroOK).
func (k *opKeep) typesKnown(g genRow, zeroOK bool, cols ...string) bool {
	for _, c := range cols {
		t := g.oid(c)
		if !(k.types[t] || zeroOK && t == 0) {
			return false
		}
	}
	return true
}

// keep reports whether g is written. Relations are visited in
// opCatalogs' order, so operators and operator classes are decided
// before the rows that refer to them.
func (k *opKeep) keep(g genRow) bool {
	switch g.rel.oid {
	case PgOperator:
		return k.typesKnown(g, true, "oprleft") && k.typesKnown(g, false, "oprright", "oprresult") &&
			k.procs[g.oid("oprcode")]
	case PgCast:
		f := g.oid("castfunc")
		return k.typesKnown(g, false, "castsource", "casttarget") && (f == 0 || k.procs[f])
	case PgOpclass:
		if !k.typesKnown(g, false, "opcintype") || !k.typesKnown(g, true, "opckeytype") {
			return false
		}
		k.families[g.oid("opcfamily")] = true
		return true
	case PgOpfamily:
		return true // decided with the operator classes (fixOpFamilies)
	case PgAmop:
		return k.families[g.oid("amopfamily")] && k.typesKnown(g, false, "amoplefttype", "amoprighttype") &&
			k.kept[PgOperator][g.oid("amopopr")]
	case PgAmproc:
		return k.families[g.oid("amprocfamily")] && k.typesKnown(g, false, "amproclefttype", "amprocrighttype") &&
			k.procs[g.oid("amproc")]
	case PgAggregate:
		return k.procs[g.oid("aggfnoid")]
	}
	return true
}

// opCatalogOrder is the order the rows are decided in: operators before
// the classes' members that name them, classes before their families.
var opCatalogOrder = []uint32{PgOperator, PgCast, PgOpclass, PgOpfamily, PgAmop, PgAmproc, PgConversion,
	PgTsParser, PgTsTemplate, PgTsDict, PgTsConfig, PgTsConfigMap, PgAggregate}

// writeOpCatalogRows writes the rows of the operator catalogs that procs
// (pg_proc's rows) and pg_type's types support, and their comments.
func (c *Catalog) writeOpCatalogRows(tx heap.Txn, procs []Proc) error {
	k := newOpKeep(procs)
	var rows []genRow
	for _, relOid := range opCatalogOrder {
		rel := catalogByOid[relOid]
		kept := map[uint32]bool{}
		k.kept[relOid] = kept
		for _, vals := range opCatalogRows[relOid] {
			g := genRow{rel: rel, vals: vals}
			if len(vals) != len(rel.cols) {
				return fmt.Errorf("%s: generated row has %d columns, want %d", rel.name, len(vals), len(rel.cols))
			}
			if relOid == PgOpfamily && !k.families[g.oid("oid")] || !k.keep(g) {
				continue
			}
			if _, ok := rel.idx["oid"]; ok {
				kept[g.oid("oid")] = true
			}
			rows = append(rows, g)
		}
	}
	for _, g := range rows {
		r, err := g.row()
		if err != nil {
			return err
		}
		// A commutator, negator or sort operator may be an operator left out.
		for _, name := range map[uint32][]string{PgOperator: {"oprcom", "oprnegate"}, PgAggregate: {"aggsortop"}}[g.rel.oid] {
			if !k.kept[PgOperator][g.oid(name)] {
				r.set(name, dOid(0))
			}
		}
		if _, err := c.insert(tx, r); err != nil {
			return fmt.Errorf("%s: %w", g.rel.name, err)
		}
	}
	for _, d := range opCatalogDescriptions {
		if !k.kept[d.class][d.obj] {
			continue
		}
		r := newRow(catalogByOid[PgDescription]).set("objoid", dOid(d.obj)).set("classoid", dOid(d.class)).
			set("objsubid", dInt4(0)).set("description", dText(d.text))
		if _, err := c.insert(tx, r); err != nil {
			return err
		}
	}
	return nil
}

// row converts g's text values to a catalog row.
func (g genRow) row() (*row, error) {
	r := newRow(g.rel)
	for i, col := range g.rel.cols {
		s := g.vals[i]
		if s == nullText {
			continue
		}
		v, err := textDatum(uint32(col.typ), s)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", g.rel.name, col.name, err)
		}
		r.set(col.name, v)
	}
	return r, nil
}

// textDatum is the datum of s, the text form of a value of type typ,
// for the column types of the operator catalogs.
func textDatum(typ uint32, s string) ([]byte, error) {
	switch typ {
	case 16: // bool
		return dBool(s == "true"), nil
	case 18: // "char"
		if len(s) != 1 {
			return nil, fmt.Errorf("bad \"char\" value %q", s)
		}
		return dChar(s[0]), nil
	case 19: // name
		return dName(s), nil
	case 21, 23: // int2, int4
		v, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			return nil, err
		}
		if typ == 21 {
			return dInt2(int16(v)), nil
		}
		return dInt4(int32(v)), nil
	case 24, 26: // regproc, oid
		v, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return nil, err
		}
		return dOid(uint32(v)), nil
	case 25: // text
		return dText(s), nil
	}
	return nil, fmt.Errorf("no conversion for type %d", typ)
}

// namespaceColumns names the schema column of the catalogs whose objects
// the pg_*_is_visible functions test.
var namespaceColumns = map[uint32]string{
	PgOperator: "oprnamespace", PgOpclass: "opcnamespace", PgOpfamily: "opfnamespace",
	PgConversion: "connamespace", PgTsParser: "prsnamespace", PgTsTemplate: "tmplnamespace",
	PgTsDict: "dictnamespace", PgTsConfig: "cfgnamespace", PgCollation: "collnamespace",
	PgStatisticExt: "stxnamespace",
}

// ObjectNamespace returns the schema of the object oid of catalog class
// (one of pg_operator, pg_opclass, pg_opfamily, pg_conversion, the text
// search catalogs, pg_collation, pg_statistic_ext); found is false when
// snap sees no such object.
func (c *Catalog) ObjectNamespace(snap heap.Snapshot, class, oid uint32) (ns uint32, found bool, err error) {
	col, ok := namespaceColumns[class]
	if !ok {
		return 0, false, fmt.Errorf("catalog: no schema column for catalog %d", class)
	}
	err = c.scan(snap, class, func(r *crow) (bool, error) {
		if r.oid("oid") == oid {
			ns, found = r.oid(col), true
			return false, nil
		}
		return true, nil
	})
	return ns, found, err
}

// btreeDefaults maps a type to its default btree operator class among
// the classes Bootstrap writes (those over types of pg_type).
var btreeDefaults = sync.OnceValue(func() map[uint32]uint32 {
	known := map[uint32]bool{}
	for _, t := range allTypes() {
		known[uint32(t.Oid)] = true
	}
	rel := catalogByOid[PgOpclass]
	out := map[uint32]uint32{}
	for _, vals := range opCatalogRows[PgOpclass] {
		g := genRow{rel: rel, vals: vals}
		in := g.oid("opcintype")
		if g.oid("opcmethod") == BtreeAM && vals[rel.col("opcdefault")] == "true" && known[in] {
			out[in] = g.oid("oid")
		}
	}
	return out
})

// defaultBtreeOpclass is the operator class an index key of type t gets
// in pg_index.indclass: the type's default btree class, else that of
// the type it is binary coercible to (varchar: text) or of anyarray for
// an array; 0 when there is none.
func defaultBtreeOpclass(t types.Oid) uint32 {
	d := btreeDefaults()
	if oc, ok := d[uint32(t)]; ok {
		return oc
	}
	switch {
	case t == types.VarcharOid:
		return d[uint32(types.TextOid)]
	case typeInfoOf(t) != nil && typeInfoOf(t).Category == 'A':
		return d[uint32(types.AnyArrayOid)]
	}
	return 0
}
