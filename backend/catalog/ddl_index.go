package catalog

import (
	"strconv"
	"strings"

	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
	"ringpg/pgerr"
)

// CreateIndex records an index on table spec.Rel (pg_class kind 'i',
// pg_attribute rows for its columns, pg_index, dependencies) and returns
// it; the caller builds the B-tree in its Relfilenode. With
// spec.Constraint 'p' or 'u' it is the index of a new PRIMARY KEY or
// UNIQUE constraint.
func (c *Catalog) CreateIndex(tx heap.Txn, snap heap.Snapshot, spec IndexSpec) (*Index, error) {
	r, err := c.Relation(snap, spec.Rel)
	if err != nil {
		return nil, err
	}
	if err := checkAlterable(r); err != nil {
		return nil, err
	}
	if r.Kind != KindTable {
		return nil, pgerr.New(pgerr.WrongObjectType, "cannot create index on relation \"%s\"", r.Name).
			WithDetail("This operation is not supported for %s.", kindPlural(r.Kind))
	}
	d := c.cmd(tx, snap)
	ix, _, err := d.createIndex(r, spec, false)
	if err != nil {
		return nil, err
	}
	return ix, d.flush()
}

// createIndex writes a new index of table r. isNew says r is being
// created by this command (its rows are not written back then: r's
// in-memory columns and pg_class row already say what the index needs).
func (d *ddlCmd) createIndex(r *Relation, spec IndexSpec, isNew bool) (*Index, *Constraint, error) {
	c := d.c
	if len(spec.Keys) == 0 {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "index must have at least one key column")
	}
	ix := &Index{Rel: r.Oid, Unique: spec.Unique || spec.Primary || spec.Constraint != 0,
		Primary: spec.Primary || spec.Constraint == 'p', Predicate: spec.Predicate}
	var colNames []string
	var types_ []types.T
	used := map[string]int{}
	for _, k := range spec.Keys {
		var opt int16
		if k.Desc {
			opt |= IndexDesc
		}
		if k.NullsFirst {
			opt |= IndexNullsFirst
		}
		ix.Options = append(ix.Options, opt)
		if k.Column == "" {
			ix.Keys = append(ix.Keys, 0)
			ix.Exprs = append(ix.Exprs, k.Expr)
			colNames = append(colNames, uniqueColName(used, exprColName(k.Expr)))
			t := k.ExprType
			if t.Oid == 0 {
				t = types.Of(types.TextOid)
			}
			types_ = append(types_, t)
			continue
		}
		col := r.Column(k.Column)
		if col == nil {
			if spec.Constraint != 0 {
				return nil, nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" named in key does not exist", k.Column)
			}
			return nil, nil, pgerr.New(pgerr.UndefinedColumn, "column \"%s\" does not exist", k.Column)
		}
		ix.Keys = append(ix.Keys, col.Num)
		colNames = append(colNames, uniqueColName(used, col.Name))
		types_ = append(types_, col.Type)
	}
	if ix.Primary {
		if pk := r.PrimaryKey(); pk != nil {
			return nil, nil, pgerr.New(pgerr.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", r.Name)
		}
	}
	// The name: given, or PostgreSQL's choice.
	var err error
	switch {
	case spec.Name != "":
		ix.Name = spec.Name
		err = d.takeRelName(r.Namespace, ix.Name)
	case ix.Primary && spec.Constraint != 0:
		ix.Name, err = d.chooseRelName(r.Namespace, r.Name, "", "pkey")
	case spec.Constraint != 0:
		ix.Name, err = d.chooseRelName(r.Namespace, r.Name, joinColumnNames(colNames), "key")
	default:
		ix.Name, err = d.chooseRelName(r.Namespace, r.Name, joinColumnNames(colNames), "idx")
	}
	if err != nil {
		return nil, nil, err
	}
	if ix.Oid, err = c.newRelfilenode(DefaultTablespace, c.db); err != nil {
		return nil, nil, err
	}
	ix.Relfilenode = ix.Oid
	ci := classInfo{oid: ix.Oid, ns: r.Namespace, owner: r.Owner, am: BtreeAM, name: ix.Name,
		relfilenode: ix.Relfilenode, kind: KindIndex, persistence: r.Persistence,
		natts: int16(len(ix.Keys)), fillFactor: spec.FillFactor}
	if err := d.insert(ci.row()); err != nil {
		return nil, nil, err
	}
	colls, classes := make([]uint32, len(ix.Keys)), make([]uint32, len(ix.Keys))
	for i, name := range colNames {
		classes[i] = defaultBtreeOpclass(types_[i].Oid)
		a, err := columnAtt(ix.Oid, int16(i+1), name, types_[i], 0)
		if err != nil {
			return nil, nil, err
		}
		colls[i] = a.collation
		if err := d.insert(a.row()); err != nil {
			return nil, nil, err
		}
	}
	ir := newRow(catalogByOid[PgIndex]).set("indexrelid", dOid(ix.Oid)).set("indrelid", dOid(r.Oid)).
		set("indnatts", dInt2(int16(len(ix.Keys)))).set("indnkeyatts", dInt2(int16(len(ix.Keys)))).
		set("indisunique", dBool(ix.Unique)).set("indnullsnotdistinct", dBool(false)).
		set("indisprimary", dBool(ix.Primary)).set("indisexclusion", dBool(false)).
		set("indimmediate", dBool(!spec.Deferrable)).set("indisclustered", dBool(false)).
		set("indisvalid", dBool(true)).set("indcheckxmin", dBool(false)).set("indisready", dBool(true)).
		set("indislive", dBool(true)).set("indisreplident", dBool(false)).set("indkey", dInt2Vector(ix.Keys)).
		set("indcollation", dOidVector(colls)).set("indclass", dOidVector(classes)).
		set("indoption", dInt2Vector(ix.Options))
	if len(ix.Exprs) > 0 {
		ir.set("indexprs", dText(joinExprs(ix.Exprs)))
	}
	if ix.Predicate != "" {
		ir.set("indpred", dText(ix.Predicate))
	}
	if err := d.insert(ir); err != nil {
		return nil, nil, err
	}
	c.created = append(c.created, c.relFile(ci))

	var con *Constraint
	if spec.Constraint != 0 {
		name := spec.ConstraintName
		if name == "" {
			name = ix.Name
		}
		con = &Constraint{Name: name, Type: spec.Constraint, Keys: ix.Keys, Index: ix.Oid,
			Deferrable: spec.Deferrable, Deferred: spec.Deferred, Validated: true}
		if err := d.writeConstraint(r, con, nil); err != nil {
			return nil, nil, err
		}
		if err := d.dep(relAddr(ix.Oid), conAddr(con.Oid), depInternal); err != nil {
			return nil, nil, err
		}
	} else if err := d.depOnColumns(relAddr(ix.Oid), r.Oid, ix.Keys, depAuto); err != nil {
		return nil, nil, err
	}
	if err := d.depOnExprColumns(ix, r, spec.ExprColumns); err != nil {
		return nil, nil, err
	}
	if !isNew {
		if !r.hasIndexFlag() {
			d.updateClass(r.Oid, func(row *row) { row.set("relhasindex", dBool(true)) })
		}
		if ix.Primary {
			for _, k := range ix.Keys {
				if col := r.columnByNum(k); col != nil && !col.NotNull {
					d.updateAtt(r.Oid, k, func(row *row) { row.set("attnotnull", dBool(true)) })
				}
			}
		}
	}
	r.Indexes = append(r.Indexes, ix)
	if con != nil {
		r.Constraints = append(r.Constraints, con)
	}
	return ix, con, nil
}

// SetIndexExprs rewrites the stored key expressions (when exprs is not
// nil) and predicate (when pred is not "") of index oid, as SQL text;
// the caller keeps their meaning (RENAME COLUMN renames what they read).
func (c *Catalog) SetIndexExprs(tx heap.Txn, snap heap.Snapshot, oid uint32, exprs []string, pred string) error {
	c.didDDL = true
	return c.scan(snap, PgIndex, func(r *crow) (bool, error) {
		if r.oid("indexrelid") != oid {
			return true, nil
		}
		nr := r.copyRow()
		if exprs != nil {
			nr.set("indexprs", dText(joinExprs(exprs)))
		}
		if pred != "" {
			nr.set("indpred", dText(pred))
		}
		return false, c.update(tx, r.tid, nr)
	})
}

// hasIndexFlag is pg_class.relhasindex as far as the loaded relation
// tells (it had indexes when read).
func (r *Relation) hasIndexFlag() bool { return len(r.Indexes) > 0 }

// depOnColumns records that obj depends on the given columns of rel (on
// rel itself when none are real columns).
func (d *ddlCmd) depOnColumns(obj objAddr, rel uint32, keys []int16, typ byte) error {
	any := false
	for _, k := range keys {
		if k > 0 {
			any = true
			if err := d.dep(obj, colAddr(rel, k), typ); err != nil {
				return err
			}
		}
	}
	if !any {
		return d.dep(obj, relAddr(rel), typ)
	}
	return nil
}

// depOnExprColumns records that index ix depends on the columns its
// expressions and predicate read, besides its key columns.
func (d *ddlCmd) depOnExprColumns(ix *Index, r *Relation, names []string) error {
	done := map[int16]bool{}
	for _, k := range ix.Keys {
		done[k] = true
	}
	for _, name := range names {
		col := r.Column(name)
		if col == nil || done[col.Num] {
			continue
		}
		done[col.Num] = true
		if err := d.dep(relAddr(ix.Oid), colAddr(r.Oid, col.Num), depAuto); err != nil {
			return err
		}
	}
	return nil
}

// exprColName names an index column over an expression as PostgreSQL
// does for a function call (the function's name), else "expr".
func exprColName(expr string) string {
	s := strings.TrimSpace(expr)
	for len(s) > 1 && s[0] == '(' && s[len(s)-1] == ')' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	i := 0
	for i < len(s) && (s[i] == '_' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9' && i > 0 || s[i] == '.' && i > 0) {
		i++
	}
	if i > 0 && i < len(s) && s[i] == '(' {
		// A qualified name (pg_catalog.upper) names the column by its
		// last part.
		return s[strings.LastIndexByte(s[:i], '.')+1 : i]
	}
	return "expr"
}

// uniqueColName makes index column names distinct: name, name1, name2...
func uniqueColName(used map[string]int, name string) string {
	n, ok := used[name]
	used[name] = n + 1
	if !ok {
		return name
	}
	for {
		cand := name + strconv.Itoa(n)
		if _, taken := used[cand]; !taken {
			used[cand] = 1
			return cand
		}
		n++
	}
}

// SetClustered marks index ix as the one table rel was last clustered on
// (pg_index.indisclustered), clearing the mark of its other indexes.
func (c *Catalog) SetClustered(tx heap.Txn, snap heap.Snapshot, rel, ix uint32) error {
	c.didDDL = true
	return c.scan(snap, PgIndex, func(r *crow) (bool, error) {
		if r.oid("indrelid") != rel {
			return true, nil
		}
		want := r.oid("indexrelid") == ix
		if r.bool("indisclustered") == want {
			return true, nil
		}
		nr := r.copyRow()
		nr.set("indisclustered", dBool(want))
		return true, c.update(tx, r.tid, nr)
	})
}

// ClusteredIndex returns the index table rel was last clustered on, 0 if
// none.
func (c *Catalog) ClusteredIndex(snap heap.Snapshot, rel uint32) (uint32, error) {
	var out uint32
	err := c.scan(snap, PgIndex, func(r *crow) (bool, error) {
		if r.oid("indrelid") == rel && r.bool("indisclustered") {
			out = r.oid("indexrelid")
			return false, nil
		}
		return true, nil
	})
	return out, err
}
