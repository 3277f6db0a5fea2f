package catalog

// The column lists of the catalog relations, in PostgreSQL 15's order with
// its names and type oids (checked against testdata/pg15_catalog_columns.txt).
// Two departures, both in the type only: aclitem[] columns are stored as
// text[] (each element an aclitem's text form, "postgres=arwdDxt/postgres")
// and pg_node_tree columns as text holding SQL text rather than a node tree.
// typ is types.Oid; notNull is attnotnull.

var colsTablespace = []catCol{
	{"oid", 26, true},
	{"spcname", 19, true},
	{"spcowner", 26, true},
	{"spcacl", 1009, false},
	{"spcoptions", 1009, false},
}

var colsType = []catCol{
	{"oid", 26, true},
	{"typname", 19, true},
	{"typnamespace", 26, true},
	{"typowner", 26, true},
	{"typlen", 21, true},
	{"typbyval", 16, true},
	{"typtype", 18, true},
	{"typcategory", 18, true},
	{"typispreferred", 16, true},
	{"typisdefined", 16, true},
	{"typdelim", 18, true},
	{"typrelid", 26, true},
	{"typsubscript", 24, true},
	{"typelem", 26, true},
	{"typarray", 26, true},
	{"typinput", 24, true},
	{"typoutput", 24, true},
	{"typreceive", 24, true},
	{"typsend", 24, true},
	{"typmodin", 24, true},
	{"typmodout", 24, true},
	{"typanalyze", 24, true},
	{"typalign", 18, true},
	{"typstorage", 18, true},
	{"typnotnull", 16, true},
	{"typbasetype", 26, true},
	{"typtypmod", 23, true},
	{"typndims", 23, true},
	{"typcollation", 26, true},
	{"typdefaultbin", 25, false},
	{"typdefault", 25, false},
	{"typacl", 1009, false},
}

var colsAttribute = []catCol{
	{"attrelid", 26, true},
	{"attname", 19, true},
	{"atttypid", 26, true},
	{"attstattarget", 23, true},
	{"attlen", 21, true},
	{"attnum", 21, true},
	{"attndims", 23, true},
	{"attcacheoff", 23, true},
	{"atttypmod", 23, true},
	{"attbyval", 16, true},
	{"attalign", 18, true},
	{"attstorage", 18, true},
	{"attcompression", 18, true},
	{"attnotnull", 16, true},
	{"atthasdef", 16, true},
	{"atthasmissing", 16, true},
	{"attidentity", 18, true},
	{"attgenerated", 18, true},
	{"attisdropped", 16, true},
	{"attislocal", 16, true},
	{"attinhcount", 23, true},
	{"attcollation", 26, true},
	{"attacl", 1009, false},
	{"attoptions", 1009, false},
	{"attfdwoptions", 1009, false},
	{"attmissingval", 2277, false},
}

var colsProc = []catCol{
	{"oid", 26, true},
	{"proname", 19, true},
	{"pronamespace", 26, true},
	{"proowner", 26, true},
	{"prolang", 26, true},
	{"procost", 700, true},
	{"prorows", 700, true},
	{"provariadic", 26, true},
	{"prosupport", 24, true},
	{"prokind", 18, true},
	{"prosecdef", 16, true},
	{"proleakproof", 16, true},
	{"proisstrict", 16, true},
	{"proretset", 16, true},
	{"provolatile", 18, true},
	{"proparallel", 18, true},
	{"pronargs", 21, true},
	{"pronargdefaults", 21, true},
	{"prorettype", 26, true},
	{"proargtypes", 30, true},
	{"proallargtypes", 1028, false},
	{"proargmodes", 1002, false},
	{"proargnames", 1009, false},
	{"proargdefaults", 25, false},
	{"protrftypes", 1028, false},
	{"prosrc", 25, true},
	{"probin", 25, false},
	{"prosqlbody", 25, false},
	{"proconfig", 1009, false},
	{"proacl", 1009, false},
}

var colsClass = []catCol{
	{"oid", 26, true},
	{"relname", 19, true},
	{"relnamespace", 26, true},
	{"reltype", 26, true},
	{"reloftype", 26, true},
	{"relowner", 26, true},
	{"relam", 26, true},
	{"relfilenode", 26, true},
	{"reltablespace", 26, true},
	{"relpages", 23, true},
	{"reltuples", 700, true},
	{"relallvisible", 23, true},
	{"reltoastrelid", 26, true},
	{"relhasindex", 16, true},
	{"relisshared", 16, true},
	{"relpersistence", 18, true},
	{"relkind", 18, true},
	{"relnatts", 21, true},
	{"relchecks", 21, true},
	{"relhasrules", 16, true},
	{"relhastriggers", 16, true},
	{"relhassubclass", 16, true},
	{"relrowsecurity", 16, true},
	{"relforcerowsecurity", 16, true},
	{"relispopulated", 16, true},
	{"relreplident", 18, true},
	{"relispartition", 16, true},
	{"relrewrite", 26, true},
	{"relfrozenxid", 28, true},
	{"relminmxid", 28, true},
	{"relacl", 1009, false},
	{"reloptions", 1009, false},
	{"relpartbound", 25, false},
}

var colsAuthid = []catCol{
	{"oid", 26, true},
	{"rolname", 19, true},
	{"rolsuper", 16, true},
	{"rolinherit", 16, true},
	{"rolcreaterole", 16, true},
	{"rolcreatedb", 16, true},
	{"rolcanlogin", 16, true},
	{"rolreplication", 16, true},
	{"rolbypassrls", 16, true},
	{"rolconnlimit", 23, true},
	{"rolpassword", 25, false},
	{"rolvaliduntil", 1184, false},
}

var colsAuthMembers = []catCol{
	{"roleid", 26, true},
	{"member", 26, true},
	{"grantor", 26, true},
	{"admin_option", 16, true},
}

var colsDatabase = []catCol{
	{"oid", 26, true},
	{"datname", 19, true},
	{"datdba", 26, true},
	{"encoding", 23, true},
	{"datlocprovider", 18, true},
	{"datistemplate", 16, true},
	{"datallowconn", 16, true},
	{"datconnlimit", 23, true},
	{"datfrozenxid", 28, true},
	{"datminmxid", 28, true},
	{"dattablespace", 26, true},
	{"datcollate", 25, true},
	{"datctype", 25, true},
	{"daticulocale", 25, false},
	{"datcollversion", 25, false},
	{"datacl", 1009, false},
}

var colsSequence = []catCol{
	{"seqrelid", 26, true},
	{"seqtypid", 26, true},
	{"seqstart", 20, true},
	{"seqincrement", 20, true},
	{"seqmax", 20, true},
	{"seqmin", 20, true},
	{"seqcache", 20, true},
	{"seqcycle", 16, true},
}

var colsAm = []catCol{
	{"oid", 26, true},
	{"amname", 19, true},
	{"amhandler", 24, true},
	{"amtype", 18, true},
}

var colsAttrdef = []catCol{
	{"oid", 26, true},
	{"adrelid", 26, true},
	{"adnum", 21, true},
	{"adbin", 25, true},
}

var colsConstraint = []catCol{
	{"oid", 26, true},
	{"conname", 19, true},
	{"connamespace", 26, true},
	{"contype", 18, true},
	{"condeferrable", 16, true},
	{"condeferred", 16, true},
	{"convalidated", 16, true},
	{"conrelid", 26, true},
	{"contypid", 26, true},
	{"conindid", 26, true},
	{"conparentid", 26, true},
	{"confrelid", 26, true},
	{"confupdtype", 18, true},
	{"confdeltype", 18, true},
	{"confmatchtype", 18, true},
	{"conislocal", 16, true},
	{"coninhcount", 23, true},
	{"connoinherit", 16, true},
	{"conkey", 1005, false},
	{"confkey", 1005, false},
	{"conpfeqop", 1028, false},
	{"conppeqop", 1028, false},
	{"conffeqop", 1028, false},
	{"confdelsetcols", 1005, false},
	{"conexclop", 1028, false},
	{"conbin", 25, false},
}

var colsDepend = []catCol{
	{"classid", 26, true},
	{"objid", 26, true},
	{"objsubid", 23, true},
	{"refclassid", 26, true},
	{"refobjid", 26, true},
	{"refobjsubid", 23, true},
	{"deptype", 18, true},
}

var colsDescription = []catCol{
	{"objoid", 26, true},
	{"classoid", 26, true},
	{"objsubid", 23, true},
	{"description", 25, true},
}

var colsIndex = []catCol{
	{"indexrelid", 26, true},
	{"indrelid", 26, true},
	{"indnatts", 21, true},
	{"indnkeyatts", 21, true},
	{"indisunique", 16, true},
	{"indnullsnotdistinct", 16, true},
	{"indisprimary", 16, true},
	{"indisexclusion", 16, true},
	{"indimmediate", 16, true},
	{"indisclustered", 16, true},
	{"indisvalid", 16, true},
	{"indcheckxmin", 16, true},
	{"indisready", 16, true},
	{"indislive", 16, true},
	{"indisreplident", 16, true},
	{"indkey", 22, true},
	{"indcollation", 30, true},
	{"indclass", 30, true},
	{"indoption", 22, true},
	{"indexprs", 25, false},
	{"indpred", 25, false},
}

var colsInherits = []catCol{
	{"inhrelid", 26, true},
	{"inhparent", 26, true},
	{"inhseqno", 23, true},
	{"inhdetachpending", 16, true},
}

var colsNamespace = []catCol{
	{"oid", 26, true},
	{"nspname", 19, true},
	{"nspowner", 26, true},
	{"nspacl", 1009, false},
}

var colsRewrite = []catCol{
	{"oid", 26, true},
	{"rulename", 19, true},
	{"ev_class", 26, true},
	{"ev_type", 18, true},
	{"ev_enabled", 18, true},
	{"is_instead", 16, true},
	{"ev_qual", 25, true},
	{"ev_action", 25, true},
}
