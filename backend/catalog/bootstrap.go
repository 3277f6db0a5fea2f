package catalog

import (
	"fmt"
	"os"
	"path/filepath"

	"ringpg/backend/access/heap"
	"ringpg/backend/access/heap/tuple"
	"ringpg/backend/sql/types"
	"ringpg/backend/storage"
	"ringpg/backend/storage/bufmgr"
	"ringpg/backend/storage/smgr"
	"ringpg/shm"
)

// bootstrapBuffers sizes the private pool Bootstrap writes through.
const bootstrapBuffers = 256

// Bootstrap builds the catalog of a new data directory: the shared
// catalogs in global/, template1 in base/1, then template0 and postgres as
// copies of it (base/4, base/5). Every tuple has xmin BootstrapXid (which
// the transaction layer must always treat as committed) with its
// XminCommitted and XmaxInvalid hints set. It writes through a buffer pool
// of its own, in a shared segment it creates in this process (so no other
// process may run), then flushes and fsyncs every file before it returns.
// dataDir must exist; global/ and base/ are created. procs are the
// built-in functions for pg_proc (the server passes its function
// registry; pg_proc stays empty without them).
func Bootstrap(dataDir string, procs ...Proc) error {
	for _, d := range []string{"global", "base", "base/1"} {
		if err := os.MkdirAll(filepath.Join(dataDir, d), 0o700); err != nil {
			return fmt.Errorf("catalog: bootstrap: %w", err)
		}
	}
	if err := createOidLimitFile(dataDir, FirstNormalOid); err != nil {
		return err
	}
	seg, err := shm.Create(shm.Config{MaxProcs: 1, HugePages: shm.HugeOff, Regions: []shm.RegionSpec{
		{Name: bufmgr.RegionName, Size: bufmgr.RegionSize(bootstrapBuffers)},
		{Name: RegionName, Size: RegionSize},
	}})
	if err != nil {
		return fmt.Errorf("catalog: bootstrap: %w", err)
	}
	defer seg.Close()
	pool, files, err := storage.Open(seg, bootstrapBuffers, 0, dataDir, smgr.MethodSync)
	if err != nil {
		return fmt.Errorf("catalog: bootstrap: %w", err)
	}
	defer files.Close()
	c, err := Open(pool, seg, dataDir, Template1DB)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.writeBootstrapRows(procs); err != nil {
		return fmt.Errorf("catalog: bootstrap: %w", err)
	}
	// Hint every tuple committed, so that no reader ever asks about xid 1.
	for _, r := range catalogs {
		if err := c.scan(bootSnapshot{}, r.oid, func(*crow) (bool, error) { return true, nil }); err != nil {
			return fmt.Errorf("catalog: bootstrap: %w", err)
		}
	}
	if err := pool.FlushAll(); err != nil {
		return fmt.Errorf("catalog: bootstrap: %w", err)
	}
	for _, r := range catalogs {
		for _, rel := range []uint32{r.oid, r.toast} {
			for _, f := range []smgr.Fork{smgr.Main, smgr.FSM} {
				loc := smgr.RelFileLocator{Spc: r.spc(), DB: r.dbOf(Template1DB), Rel: rel}
				if rel != 0 && files.Exists(loc, f) {
					if err := files.Sync(loc, f); err != nil {
						return fmt.Errorf("catalog: bootstrap: %w", err)
					}
				}
			}
		}
	}
	for _, d := range []string{"global", "base/1", "base"} {
		if err := syncDir(filepath.Join(dataDir, d)); err != nil {
			return err
		}
	}
	for _, db := range []uint32{Template0DB, PostgresDB} {
		if err := copyDatabaseDir(dataDir, Template1DB, db); err != nil {
			return err
		}
	}
	return nil
}

// bootTxn is the bootstrap transaction: xid 1, one command.
type bootTxn struct{}

func (bootTxn) Xid() uint64                                 { return BootstrapXid }
func (bootTxn) Cid() uint32                                 { return 0 }
func (bootTxn) SatisfiesUpdate(*tuple.Header) heap.TMResult { return heap.TMOk }

// bootSnapshot sees every tuple and marks it committed and never deleted.
type bootSnapshot struct{}

func (bootSnapshot) Visible(h *tuple.Header) bool {
	h.Infomask |= tuple.XminCommitted | tuple.XmaxInvalid
	return true
}

// writeBootstrapRows inserts the bootstrap contents of every catalog.
func (c *Catalog) writeBootstrapRows(procs []Proc) error {
	tx := bootTxn{}
	ins := func(r *row) error { _, err := c.insert(tx, r); return err }

	for _, ro := range []struct {
		oid        uint32
		name       string
		super, log bool
	}{{BootstrapSuperuser, "postgres", true, true}, {pgDatabaseOwner, "pg_database_owner", false, false},
		// PostgreSQL 15's other predefined roles (pg_authid.dat); nothing
		// grants their powers yet.
		{6181, "pg_read_all_data", false, false}, {6182, "pg_write_all_data", false, false},
		{3373, "pg_monitor", false, false}, {3374, "pg_read_all_settings", false, false},
		{3375, "pg_read_all_stats", false, false}, {3377, "pg_stat_scan_tables", false, false},
		{4569, "pg_read_server_files", false, false}, {4570, "pg_write_server_files", false, false},
		{4571, "pg_execute_server_program", false, false}, {4200, "pg_signal_backend", false, false},
		{4544, "pg_checkpoint", false, false}} {
		r := newRow(catalogByOid[PgAuthid]).set("oid", dOid(ro.oid)).set("rolname", dName(ro.name)).
			set("rolsuper", dBool(ro.super)).set("rolinherit", dBool(true)).set("rolcreaterole", dBool(ro.super)).
			set("rolcreatedb", dBool(ro.super)).set("rolcanlogin", dBool(ro.log)).set("rolreplication", dBool(ro.super)).
			set("rolbypassrls", dBool(ro.super)).set("rolconnlimit", dInt4(-1))
		if err := ins(r); err != nil {
			return err
		}
	}
	for _, m := range []uint32{3374, 3375, 3377} { // pg_monitor is a member of these
		r := newRow(catalogByOid[PgAuthMembers]).set("roleid", dOid(m)).set("member", dOid(3373)).
			set("grantor", dOid(BootstrapSuperuser)).set("admin_option", dBool(false))
		if err := ins(r); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		oid      uint32
		name     string
		template bool
		conn     bool
	}{{Template1DB, "template1", true, true}, {Template0DB, "template0", true, false}, {PostgresDB, "postgres", false, true}} {
		r := databaseRow(d.oid, d.name, BootstrapSuperuser, d.template, d.conn)
		if d.template {
			// initdb revokes CREATE and TEMPORARY on the templates from PUBLIC.
			r.set("datacl", dTextArray([]string{"=c/postgres", "postgres=CTc/postgres"}))
		}
		if err := ins(r); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		oid  uint32
		name string
	}{{DefaultTablespace, "pg_default"}, {GlobalTablespace, "pg_global"}} {
		if err := ins(newRow(catalogByOid[PgTablespace]).set("oid", dOid(s.oid)).set("spcname", dName(s.name)).
			set("spcowner", dOid(BootstrapSuperuser))); err != nil {
			return err
		}
	}
	for _, n := range []struct {
		oid, owner uint32
		name       string
		acl        []string
	}{
		{PgCatalogNamespace, BootstrapSuperuser, "pg_catalog", []string{"postgres=UC/postgres", "=U/postgres"}},
		{PgToastNamespace, BootstrapSuperuser, "pg_toast", nil},
		{PublicNamespace, pgDatabaseOwner, "public", []string{"pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"}},
	} {
		r := namespaceRow(n.oid, n.name, n.owner)
		if n.acl != nil {
			r.set("nspacl", dTextArray(n.acl))
		}
		if err := ins(r); err != nil {
			return err
		}
	}
	for _, am := range []struct {
		oid     uint32
		name    string
		handler uint32
		typ     byte
	}{{HeapAM, "heap", 3, 't'}, {BtreeAM, "btree", 330, 'i'}, {405, "hash", 331, 'i'}, {783, "gist", 332, 'i'},
		{2742, "gin", 333, 'i'}, {4000, "spgist", 334, 'i'}, {3580, "brin", 335, 'i'}} {
		// Only heap and btree have implementations; the others are
		// listed as initdb lists them, for clients that read pg_am.
		if err := ins(newRow(catalogByOid[PgAm]).set("oid", dOid(am.oid)).set("amname", dName(am.name)).
			set("amhandler", dOid(am.handler)).set("amtype", dChar(am.typ))); err != nil {
			return err
		}
	}
	for _, t := range allTypes() {
		if err := ins(typeRow(t)); err != nil {
			return err
		}
	}
	for i := range procs {
		if err := ins(procRow(&procs[i])); err != nil {
			return err
		}
	}
	if err := c.writeOpCatalogRows(tx, procs); err != nil {
		return err
	}
	if err := c.writeIntrospectionRows(tx); err != nil {
		return err
	}
	if err := c.writeInformationSchema(tx); err != nil {
		return err
	}
	for _, r := range catalogs {
		ci := classInfo{oid: r.oid, name: r.name, ns: PgCatalogNamespace, owner: BootstrapSuperuser, am: HeapAM,
			relfilenode: r.oid, kind: KindTable, persistence: PersistencePermanent, natts: int16(len(r.cols)), shared: r.shared,
			toast: r.toast, acl: systemACL(r.name)}
		row := ci.row()
		if err := ins(row); err != nil {
			return err
		}
		for i, col := range r.cols {
			a, err := columnAtt(r.oid, int16(i+1), col.name, types.T{Oid: col.typ, Mod: -1}, 0)
			if err != nil {
				return err
			}
			a.notNull = col.notNull
			if err := ins(a.row()); err != nil {
				return err
			}
		}
		if err := c.insertSystemColumns(tx, r.oid); err != nil {
			return err
		}
		if r.toast != 0 {
			if _, err := c.writeToastRows(tx, r.oid, r.toast, r.toast, BootstrapSuperuser, PersistencePermanent, r.shared); err != nil {
				return err
			}
		}
	}
	return nil
}

// pgDatabaseOwner is PostgreSQL 15's predefined role that owns schema
// public.
const pgDatabaseOwner uint32 = 6171

// insertSystemColumns writes the pg_attribute rows of a table's system
// columns.
func (c *Catalog) insertSystemColumns(tx heap.Txn, rel uint32) error {
	for _, s := range systemColumns {
		a, err := columnAtt(rel, s.num, s.name, types.T{Oid: s.typ, Mod: -1}, 0)
		if err != nil {
			return err
		}
		a.notNull = true
		if _, err := c.insert(tx, a.row()); err != nil {
			return err
		}
	}
	return nil
}

func databaseRow(oid uint32, name string, owner uint32, template, allowConn bool) *row {
	return newRow(catalogByOid[PgDatabase]).set("oid", dOid(oid)).set("datname", dName(name)).
		set("datdba", dOid(owner)).set("encoding", dInt4(6)).set("datlocprovider", dChar('c')).
		set("datistemplate", dBool(template)).set("datallowconn", dBool(allowConn)).
		set("datconnlimit", dInt4(-1)).set("datfrozenxid", dOid(0)).set("datminmxid", dOid(1)).
		set("dattablespace", dOid(DefaultTablespace)).set("datcollate", dText("C")).set("datctype", dText("C"))
}

func namespaceRow(oid uint32, name string, owner uint32) *row {
	return newRow(catalogByOid[PgNamespace]).set("oid", dOid(oid)).set("nspname", dName(name)).set("nspowner", dOid(owner))
}

// typeRow is a built-in type's pg_type row. The regproc columns name the
// array I/O functions for array types (drivers tell arrays by
// typinput = 'array_in'::regproc) and hold 0 for the others.
func typeRow(t *typeInfo) *row {
	r := baseTypeRow(t)
	if t.Category == 'A' && t.Elem != 0 {
		r.set("typinput", dOid(arrayIn)).set("typoutput", dOid(arrayOut)).
			set("typreceive", dOid(arrayRecv)).set("typsend", dOid(arraySend))
	}
	return r
}

// PostgreSQL's array I/O functions (pg_proc oids; package funcs lists
// them).
const (
	arrayIn   = 750
	arrayOut  = 751
	arrayRecv = 2400
	arraySend = 2401
)

func baseTypeRow(t *typeInfo) *row {
	return newRow(catalogByOid[PgType]).set("oid", dOid(t.Oid)).set("typname", dName(t.Typname)).
		set("typnamespace", dOid(PgCatalogNamespace)).set("typowner", dOid(BootstrapSuperuser)).
		set("typlen", dInt2(int16(t.Len))).set("typbyval", dBool(t.ByVal)).set("typtype", dChar(t.Kind)).
		set("typcategory", dChar(t.Category)).set("typispreferred", dBool(t.Preferred)).
		set("typisdefined", dBool(true)).set("typdelim", dChar(t.Delim)).set("typrelid", dOid(0)).
		set("typsubscript", dOid(0)).set("typelem", dOid(t.Elem)).set("typarray", dOid(t.Array)).
		set("typinput", dOid(0)).set("typoutput", dOid(0)).set("typreceive", dOid(0)).set("typsend", dOid(0)).
		set("typmodin", dOid(0)).set("typmodout", dOid(0)).set("typanalyze", dOid(0)).
		set("typalign", dChar(t.Align)).set("typstorage", dChar(t.Storage)).set("typnotnull", dBool(false)).
		set("typbasetype", dOid(0)).set("typtypmod", dInt4(-1)).set("typndims", dInt4(0)).
		set("typcollation", dOid(t.Collation))
}
