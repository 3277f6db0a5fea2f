package catalog

import (
	"ringpg/backend/access/heap"
	"ringpg/backend/sql/types"
)

// Catalogs that clients' introspection queries (psql's \d family) read.
// The server has no collations beyond the built-in ones, no extended
// statistics, publications, row security policies, triggers, foreign or
// partitioned tables yet: the relations exist with PostgreSQL 15's OIDs
// and columns so that those queries plan and find nothing, and the rows
// PostgreSQL 15's initdb puts in them are here (pg_collation's default, C
// and POSIX; pg_language's internal, c and sql; there is no PL/pgSQL, so
// pg_extension is empty). pg_roles and pg_user are bootstrap views over pg_authid.
const (
	PgCollation           uint32 = 3456
	PgStatisticExt        uint32 = 3381
	PgPublication         uint32 = 6104
	PgPublicationRel      uint32 = 6106
	PgPublicationNs       uint32 = 6237
	PgPolicy              uint32 = 3256
	PgTrigger             uint32 = 2620
	PgForeignTable        uint32 = 3118
	PgPartitionedTable    uint32 = 3350
	PgDbRoleSetting       uint32 = 2964
	PgShdescription       uint32 = 2396
	PgLanguage            uint32 = 2612
	PgExtension           uint32 = 3079
	DefaultCollation      uint32 = 100
	CCollation            uint32 = 950
	POSIXCollation        uint32 = 951
	pgRolesView           uint32 = 12000
	pgUserView            uint32 = 12014
	pgRolesRule           uint32 = 12003
	pgUserRule            uint32 = 12017
	pgSettingsView        uint32 = 12104
	pgSettingsRule        uint32 = 12107
	pgLocksView           uint32 = 12110
	pgCursorsView         uint32 = 12077
	pgCursorsRule         uint32 = 12080
	pgPreparedStmtsView   uint32 = 12095
	pgPreparedStmtsRule   uint32 = 12098
	pgLocksRule           uint32 = 12113
	pgStatActivityView    uint32 = 12120
	pgStatActivityRule    uint32 = 12123
	pgStatWALView         uint32 = 12130
	pgStatWALRule         uint32 = 12133
	pgStatAllTablesView   uint32 = 12142
	pgStatAllTablesRule   uint32 = 12145
	pgStatSysTablesView   uint32 = 12152
	pgStatSysTablesRule   uint32 = 12155
	pgStatUserTablesView  uint32 = 12161
	pgStatUserTablesRule  uint32 = 12164
	pgStatAllIndexesView  uint32 = 12183
	pgStatAllIndexesRule  uint32 = 12186
	pgStatUserIndexesView uint32 = 12192
	pgStatUserIndexesRule uint32 = 12195
	pgStatSSLView         uint32 = 12249
	pgStatSSLRule         uint32 = 12252
	pgSQLEncodingUTF8     int32  = 6
	collProviderDefault   byte   = 'd'
	collProviderLibc      byte   = 'c'
	pgNodeTreeStoredAsTxt        = 25 // pg_node_tree columns hold SQL text (see doc.go)
)

var colsCollation = []catCol{
	{"oid", 26, true},
	{"collname", 19, true},
	{"collnamespace", 26, true},
	{"collowner", 26, true},
	{"collprovider", 18, true},
	{"collisdeterministic", 16, true},
	{"collencoding", 23, true},
	{"collcollate", 25, false},
	{"collctype", 25, false},
	{"colliculocale", 25, false},
	{"collversion", 25, false},
}

var colsStatisticExt = []catCol{
	{"oid", 26, true},
	{"stxrelid", 26, true},
	{"stxname", 19, true},
	{"stxnamespace", 26, true},
	{"stxowner", 26, true},
	{"stxstattarget", 23, true},
	{"stxkeys", 22, true},
	{"stxkind", 1002, true},
	{"stxexprs", pgNodeTreeStoredAsTxt, false},
}

var colsPublication = []catCol{
	{"oid", 26, true},
	{"pubname", 19, true},
	{"pubowner", 26, true},
	{"puballtables", 16, true},
	{"pubinsert", 16, true},
	{"pubupdate", 16, true},
	{"pubdelete", 16, true},
	{"pubtruncate", 16, true},
	{"pubviaroot", 16, true},
}

var colsPublicationRel = []catCol{
	{"oid", 26, true},
	{"prpubid", 26, true},
	{"prrelid", 26, true},
	{"prqual", pgNodeTreeStoredAsTxt, false},
	{"prattrs", 22, false},
}

var colsPublicationNs = []catCol{
	{"oid", 26, true},
	{"pnpubid", 26, true},
	{"pnnspid", 26, true},
}

var colsPolicy = []catCol{
	{"oid", 26, true},
	{"polname", 19, true},
	{"polrelid", 26, true},
	{"polcmd", 18, true},
	{"polpermissive", 16, true},
	{"polroles", 1028, true},
	{"polqual", pgNodeTreeStoredAsTxt, false},
	{"polwithcheck", pgNodeTreeStoredAsTxt, false},
}

var colsTrigger = []catCol{
	{"oid", 26, true},
	{"tgrelid", 26, true},
	{"tgparentid", 26, true},
	{"tgname", 19, true},
	{"tgfoid", 26, true},
	{"tgtype", 21, true},
	{"tgenabled", 18, true},
	{"tgisinternal", 16, true},
	{"tgconstrrelid", 26, true},
	{"tgconstrindid", 26, true},
	{"tgconstraint", 26, true},
	{"tgdeferrable", 16, true},
	{"tginitdeferred", 16, true},
	{"tgnargs", 21, true},
	{"tgattr", 22, true},
	{"tgargs", 17, true},
	{"tgqual", pgNodeTreeStoredAsTxt, false},
	{"tgoldtable", 19, false},
	{"tgnewtable", 19, false},
}

var colsForeignTable = []catCol{
	{"ftrelid", 26, true},
	{"ftserver", 26, true},
	{"ftoptions", 1009, false},
}

var colsPartitionedTable = []catCol{
	{"partrelid", 26, true},
	{"partstrat", 18, true},
	{"partnatts", 21, true},
	{"partdefid", 26, true},
	{"partattrs", 22, true},
	{"partclass", 30, true},
	{"partcollation", 30, true},
	{"partexprs", pgNodeTreeStoredAsTxt, false},
}

var colsDbRoleSetting = []catCol{
	{"setdatabase", 26, true},
	{"setrole", 26, true},
	{"setconfig", 1009, false},
}

var colsShdescription = []catCol{
	{"objoid", 26, true},
	{"classoid", 26, true},
	{"description", 25, true},
}

var colsLanguage = []catCol{
	{"oid", 26, true},
	{"lanname", 19, true},
	{"lanowner", 26, true},
	{"lanispl", 16, true},
	{"lanpltrusted", 16, true},
	{"lanplcallfoid", 26, true},
	{"laninline", 26, true},
	{"lanvalidator", 26, true},
	{"lanacl", 1009, false},
}

var colsExtension = []catCol{
	{"oid", 26, true},
	{"extname", 19, true},
	{"extowner", 26, true},
	{"extnamespace", 26, true},
	{"extrelocatable", 16, true},
	{"extversion", 25, true},
	{"extconfig", 1028, false},
	{"extcondition", 1009, false},
}

var colsEventTrigger = []catCol{
	{"oid", 26, true},
	{"evtname", 19, true},
	{"evtevent", 19, true},
	{"evtowner", 26, true},
	{"evtfoid", 26, true},
	{"evtenabled", 18, true},
	{"evttags", 1009, false},
}

var colsForeignServer = []catCol{
	{"oid", 26, true},
	{"srvname", 19, true},
	{"srvowner", 26, true},
	{"srvfdw", 26, true},
	{"srvtype", 25, false},
	{"srvversion", 25, false},
	{"srvacl", 1009, false},
	{"srvoptions", 1009, false},
}

var colsForeignDataWrapper = []catCol{
	{"oid", 26, true},
	{"fdwname", 19, true},
	{"fdwowner", 26, true},
	{"fdwhandler", 26, true},
	{"fdwvalidator", 26, true},
	{"fdwacl", 1009, false},
	{"fdwoptions", 1009, false},
}

var colsUserMapping = []catCol{
	{"oid", 26, true},
	{"umuser", 26, true},
	{"umserver", 26, true},
	{"umoptions", 1009, false},
}

var colsDefaultACL = []catCol{
	{"oid", 26, true},
	{"defaclrole", 26, true},
	{"defaclnamespace", 26, true},
	{"defaclobjtype", 18, true},
	{"defaclacl", 1009, true},
}

var colsInitPrivs = []catCol{
	{"objoid", 26, true},
	{"classoid", 26, true},
	{"objsubid", 23, true},
	{"privtype", 18, true},
	{"initprivs", 1009, true},
}

var colsSeclabel = []catCol{
	{"objoid", 26, true},
	{"classoid", 26, true},
	{"objsubid", 23, true},
	{"provider", 25, true},
	{"label", 25, true},
}

var colsShseclabel = []catCol{
	{"objoid", 26, true},
	{"classoid", 26, true},
	{"provider", 25, true},
	{"label", 25, true},
}

var colsEnum = []catCol{
	{"oid", 26, true},
	{"enumtypid", 26, true},
	{"enumsortorder", 700, true},
	{"enumlabel", 19, true},
}

var colsRange = []catCol{
	{"rngtypid", 26, true},
	{"rngsubtype", 26, true},
	{"rngmultitypid", 26, true},
	{"rngcollation", 26, true},
	{"rngsubopc", 26, true},
	{"rngcanonical", 24, true},
	{"rngsubdiff", 24, true},
}

var colsTransform = []catCol{
	{"oid", 26, true},
	{"trftype", 26, true},
	{"trflang", 26, true},
	{"trffromsql", 24, true},
	{"trftosql", 24, true},
}

// introspectionCatalogs are appended to catalogs (PostgreSQL's toast
// relation OIDs with them).
var introspectionCatalogs = []*catRel{
	{oid: PgCollation, name: "pg_collation", cols: colsCollation, toast: 6175},
	{oid: PgStatisticExt, name: "pg_statistic_ext", cols: colsStatisticExt, toast: 3439},
	{oid: PgPublication, name: "pg_publication", cols: colsPublication},
	{oid: PgPublicationRel, name: "pg_publication_rel", cols: colsPublicationRel, toast: 6228},
	{oid: PgPublicationNs, name: "pg_publication_namespace", cols: colsPublicationNs},
	{oid: PgPolicy, name: "pg_policy", cols: colsPolicy, toast: 4167},
	{oid: PgTrigger, name: "pg_trigger", cols: colsTrigger, toast: 2336},
	{oid: PgForeignTable, name: "pg_foreign_table", cols: colsForeignTable, toast: 4153},
	{oid: PgPartitionedTable, name: "pg_partitioned_table", cols: colsPartitionedTable, toast: 4165},
	{oid: PgDbRoleSetting, name: "pg_db_role_setting", shared: true, cols: colsDbRoleSetting, toast: 2966},
	{oid: PgShdescription, name: "pg_shdescription", shared: true, cols: colsShdescription, toast: 2846},
	{oid: PgLanguage, name: "pg_language", cols: colsLanguage, toast: 4157},
	{oid: PgExtension, name: "pg_extension", cols: colsExtension, toast: 4147},
	{oid: 3466, name: "pg_event_trigger", cols: colsEventTrigger, toast: 4145},
	{oid: 1417, name: "pg_foreign_server", cols: colsForeignServer, toast: 4151},
	{oid: 2328, name: "pg_foreign_data_wrapper", cols: colsForeignDataWrapper, toast: 4149},
	{oid: 1418, name: "pg_user_mapping", cols: colsUserMapping, toast: 4173},
	{oid: 826, name: "pg_default_acl", cols: colsDefaultACL, toast: 4143},
	{oid: 3394, name: "pg_init_privs", cols: colsInitPrivs, toast: 4155},
	{oid: 3596, name: "pg_seclabel", cols: colsSeclabel, toast: 3598},
	{oid: 3592, name: "pg_shseclabel", shared: true, cols: colsShseclabel, toast: 4060},
	{oid: 3501, name: "pg_enum", cols: colsEnum},
	{oid: 3541, name: "pg_range", cols: colsRange},
	{oid: 3576, name: "pg_transform", cols: colsTransform},
	{oid: PgStatistic, name: "pg_statistic", cols: colsStatistic, toast: 2840},
}

// systemView is a view initdb creates (system_views.sql), with
// PostgreSQL 15's OIDs; its query is stored as SQL text like any view's.
type systemView struct {
	oid, rule uint32
	name      string
	cols      []catCol
	query     string
}

var systemViews = []systemView{
	{oid: pgSettingsView, rule: pgSettingsRule, name: "pg_settings", cols: []catCol{
		{"name", 25, false}, {"setting", 25, false}, {"unit", 25, false}, {"category", 25, false},
		{"short_desc", 25, false}, {"extra_desc", 25, false}, {"context", 25, false}, {"vartype", 25, false},
		{"source", 25, false}, {"min_val", 25, false}, {"max_val", 25, false}, {"enumvals", 1009, false},
		{"boot_val", 25, false}, {"reset_val", 25, false}, {"sourcefile", 25, false}, {"sourceline", 23, false},
		{"pending_restart", 16, false},
	}, query: "SELECT a.name, a.setting, a.unit, a.category, a.short_desc, a.extra_desc, a.context, a.vartype, " +
		"a.source, a.min_val, a.max_val, a.enumvals, a.boot_val, a.reset_val, a.sourcefile, a.sourceline, " +
		"a.pending_restart FROM pg_catalog.pg_show_all_settings() a"},
	{oid: pgRolesView, rule: pgRolesRule, name: "pg_roles", cols: []catCol{
		{"rolname", 19, false}, {"rolsuper", 16, false}, {"rolinherit", 16, false},
		{"rolcreaterole", 16, false}, {"rolcreatedb", 16, false}, {"rolcanlogin", 16, false},
		{"rolreplication", 16, false}, {"rolconnlimit", 23, false}, {"rolpassword", 25, false},
		{"rolvaliduntil", 1184, false}, {"rolbypassrls", 16, false}, {"rolconfig", 1009, false},
		{"oid", 26, false},
	}, query: "SELECT pg_authid.rolname, pg_authid.rolsuper, pg_authid.rolinherit, pg_authid.rolcreaterole, " +
		"pg_authid.rolcreatedb, pg_authid.rolcanlogin, pg_authid.rolreplication, pg_authid.rolconnlimit, " +
		"'********'::text AS rolpassword, pg_authid.rolvaliduntil, pg_authid.rolbypassrls, " +
		"s.setconfig AS rolconfig, pg_authid.oid " +
		"FROM pg_catalog.pg_authid LEFT JOIN pg_catalog.pg_db_role_setting s " +
		"ON pg_authid.oid = s.setrole AND s.setdatabase = 0::oid"},
	{oid: pgUserView, rule: pgUserRule, name: "pg_user", cols: []catCol{
		{"usename", 19, false}, {"usesysid", 26, false}, {"usecreatedb", 16, false},
		{"usesuper", 16, false}, {"userepl", 16, false}, {"usebypassrls", 16, false},
		{"passwd", 25, false}, {"valuntil", 1184, false}, {"useconfig", 1009, false},
	}, query: "SELECT pg_authid.rolname AS usename, pg_authid.oid AS usesysid, pg_authid.rolcreatedb AS usecreatedb, " +
		"pg_authid.rolsuper AS usesuper, pg_authid.rolreplication AS userepl, pg_authid.rolbypassrls AS usebypassrls, " +
		"'********'::text AS passwd, pg_authid.rolvaliduntil AS valuntil, s.setconfig AS useconfig " +
		"FROM pg_catalog.pg_authid LEFT JOIN pg_catalog.pg_db_role_setting s " +
		"ON pg_authid.oid = s.setrole AND s.setdatabase = 0::oid " +
		"WHERE pg_authid.rolcanlogin"},
	{oid: pgLocksView, rule: pgLocksRule, name: "pg_locks", cols: []catCol{
		{"locktype", 25, false}, {"database", 26, false}, {"relation", 26, false}, {"page", 23, false},
		{"tuple", 21, false}, {"virtualxid", 25, false}, {"transactionid", 28, false}, {"classid", 26, false},
		{"objid", 26, false}, {"objsubid", 21, false}, {"virtualtransaction", 25, false}, {"pid", 23, false},
		{"mode", 25, false}, {"granted", 16, false}, {"fastpath", 16, false}, {"waitstart", 1184, false},
	}, query: "SELECT l.locktype, l.database, l.relation, l.page, l.tuple, l.virtualxid, l.transactionid, " +
		"l.classid, l.objid, l.objsubid, l.virtualtransaction, l.pid, l.mode, l.granted, l.fastpath, l.waitstart " +
		"FROM pg_catalog.pg_lock_status() l"},
	{oid: pgCursorsView, rule: pgCursorsRule, name: "pg_cursors", cols: []catCol{
		{"name", 25, false}, {"statement", 25, false}, {"is_holdable", 16, false}, {"is_binary", 16, false},
		{"is_scrollable", 16, false}, {"creation_time", 1184, false},
	}, query: "SELECT c.name, c.statement, c.is_holdable, c.is_binary, c.is_scrollable, c.creation_time " +
		"FROM pg_catalog.pg_cursor() c"},
	{oid: pgPreparedStmtsView, rule: pgPreparedStmtsRule, name: "pg_prepared_statements", cols: []catCol{
		{"name", 25, false}, {"statement", 25, false}, {"prepare_time", 1184, false}, {"parameter_types", 2211, false},
		{"from_sql", 16, false}, {"generic_plans", 20, false}, {"custom_plans", 20, false},
	}, query: "SELECT p.name, p.statement, p.prepare_time, p.parameter_types, p.from_sql, p.generic_plans, p.custom_plans " +
		"FROM pg_catalog.pg_prepared_statement() p"},
	// client_addr is text here (no inet type yet).
	{oid: pgStatActivityView, rule: pgStatActivityRule, name: "pg_stat_activity", cols: []catCol{
		{"datid", 26, false}, {"datname", 19, false}, {"pid", 23, false}, {"leader_pid", 23, false},
		{"usesysid", 26, false}, {"usename", 19, false}, {"application_name", 25, false}, {"client_addr", 25, false},
		{"client_hostname", 25, false}, {"client_port", 23, false}, {"backend_start", 1184, false},
		{"xact_start", 1184, false}, {"query_start", 1184, false}, {"state_change", 1184, false},
		{"wait_event_type", 25, false}, {"wait_event", 25, false}, {"state", 25, false}, {"backend_xid", 28, false},
		{"backend_xmin", 28, false}, {"query_id", 20, false}, {"query", 25, false}, {"backend_type", 25, false},
	}, query: "SELECT s.datid, d.datname, s.pid, s.leader_pid, s.usesysid, u.rolname AS usename, s.application_name, " +
		"s.client_addr, s.client_hostname, s.client_port, s.backend_start, s.xact_start, s.query_start, s.state_change, " +
		"s.wait_event_type, s.wait_event, s.state, s.backend_xid, s.backend_xmin, s.query_id, s.query, s.backend_type " +
		"FROM pg_catalog.pg_stat_get_activity(NULL::integer) s " +
		"LEFT JOIN pg_catalog.pg_database d ON s.datid = d.oid LEFT JOIN pg_catalog.pg_authid u ON s.usesysid = u.oid"},
	{oid: pgStatSSLView, rule: pgStatSSLRule, name: "pg_stat_ssl", cols: []catCol{
		{"pid", 23, false}, {"ssl", 16, false}, {"version", 25, false}, {"cipher", 25, false},
		{"bits", 23, false}, {"client_dn", 25, false}, {"client_serial", 1700, false}, {"issuer_dn", 25, false},
	}, query: "SELECT s.pid, s.ssl, s.sslversion AS version, s.sslcipher AS cipher, s.sslbits AS bits, " +
		"s.ssl_client_dn AS client_dn, s.ssl_client_serial AS client_serial, s.ssl_issuer_dn AS issuer_dn " +
		"FROM pg_catalog.pg_stat_get_activity(NULL::integer) s WHERE s.client_port IS NOT NULL"},
	{oid: pgStatWALView, rule: pgStatWALRule, name: "pg_stat_wal", cols: []catCol{
		{"wal_records", 20, false}, {"wal_fpi", 20, false}, {"wal_bytes", 1700, false}, {"wal_buffers_full", 20, false},
		{"wal_write", 20, false}, {"wal_sync", 20, false}, {"wal_write_time", 701, false}, {"wal_sync_time", 701, false},
		{"stats_reset", 1184, false},
	}, query: "SELECT w.wal_records, w.wal_fpi, w.wal_bytes, w.wal_buffers_full, w.wal_write, w.wal_sync, " +
		"w.wal_write_time, w.wal_sync_time, w.stats_reset FROM pg_catalog.pg_stat_get_wal() w"},
	{oid: pgStatAllTablesView, rule: pgStatAllTablesRule, name: "pg_stat_all_tables", cols: colsStatTables,
		query: "SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, " +
			"pg_catalog.pg_stat_get_numscans(c.oid) AS seq_scan, pg_catalog.pg_stat_get_tuples_returned(c.oid) AS seq_tup_read, " +
			"sum(pg_catalog.pg_stat_get_numscans(i.indexrelid))::bigint AS idx_scan, " +
			"sum(pg_catalog.pg_stat_get_tuples_fetched(i.indexrelid))::bigint + pg_catalog.pg_stat_get_tuples_fetched(c.oid) AS idx_tup_fetch, " +
			"pg_catalog.pg_stat_get_tuples_inserted(c.oid) AS n_tup_ins, pg_catalog.pg_stat_get_tuples_updated(c.oid) AS n_tup_upd, " +
			"pg_catalog.pg_stat_get_tuples_deleted(c.oid) AS n_tup_del, pg_catalog.pg_stat_get_tuples_hot_updated(c.oid) AS n_tup_hot_upd, " +
			"pg_catalog.pg_stat_get_live_tuples(c.oid) AS n_live_tup, pg_catalog.pg_stat_get_dead_tuples(c.oid) AS n_dead_tup, " +
			"pg_catalog.pg_stat_get_mod_since_analyze(c.oid) AS n_mod_since_analyze, pg_catalog.pg_stat_get_ins_since_vacuum(c.oid) AS n_ins_since_vacuum, " +
			"pg_catalog.pg_stat_get_last_vacuum_time(c.oid) AS last_vacuum, pg_catalog.pg_stat_get_last_autovacuum_time(c.oid) AS last_autovacuum, " +
			"pg_catalog.pg_stat_get_last_analyze_time(c.oid) AS last_analyze, pg_catalog.pg_stat_get_last_autoanalyze_time(c.oid) AS last_autoanalyze, " +
			"pg_catalog.pg_stat_get_vacuum_count(c.oid) AS vacuum_count, pg_catalog.pg_stat_get_autovacuum_count(c.oid) AS autovacuum_count, " +
			"pg_catalog.pg_stat_get_analyze_count(c.oid) AS analyze_count, pg_catalog.pg_stat_get_autoanalyze_count(c.oid) AS autoanalyze_count " +
			"FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_index i ON c.oid = i.indrelid " +
			"LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
			"WHERE c.relkind IN ('r', 't', 'm', 'p') GROUP BY c.oid, n.nspname, c.relname"},
	{oid: pgStatSysTablesView, rule: pgStatSysTablesRule, name: "pg_stat_sys_tables", cols: colsStatTables,
		query: "SELECT " + statTablesList + " FROM pg_catalog.pg_stat_all_tables " +
			"WHERE schemaname IN ('pg_catalog', 'information_schema') OR schemaname ~ '^pg_toast'"},
	{oid: pgStatUserTablesView, rule: pgStatUserTablesRule, name: "pg_stat_user_tables", cols: colsStatTables,
		query: "SELECT " + statTablesList + " FROM pg_catalog.pg_stat_all_tables " +
			"WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname !~ '^pg_toast'"},
	{oid: pgStatAllIndexesView, rule: pgStatAllIndexesRule, name: "pg_stat_all_indexes", cols: colsStatIndexes,
		query: "SELECT c.oid AS relid, i.oid AS indexrelid, n.nspname AS schemaname, c.relname, i.relname AS indexrelname, " +
			"pg_catalog.pg_stat_get_numscans(i.oid) AS idx_scan, pg_catalog.pg_stat_get_tuples_returned(i.oid) AS idx_tup_read, " +
			"pg_catalog.pg_stat_get_tuples_fetched(i.oid) AS idx_tup_fetch " +
			"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_index x ON c.oid = x.indrelid " +
			"JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
			"WHERE c.relkind IN ('r', 't', 'm')"},
	{oid: pgStatUserIndexesView, rule: pgStatUserIndexesRule, name: "pg_stat_user_indexes", cols: colsStatIndexes,
		query: "SELECT relid, indexrelid, schemaname, relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch " +
			"FROM pg_catalog.pg_stat_all_indexes " +
			"WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname !~ '^pg_toast'"},
	pgStatsView,
}

// The columns of pg_stat_all_tables and the views over it, PostgreSQL
// 15's, in its order.
var colsStatTables = []catCol{
	{"relid", 26, false}, {"schemaname", 19, false}, {"relname", 19, false}, {"seq_scan", 20, false},
	{"seq_tup_read", 20, false}, {"idx_scan", 20, false}, {"idx_tup_fetch", 20, false}, {"n_tup_ins", 20, false},
	{"n_tup_upd", 20, false}, {"n_tup_del", 20, false}, {"n_tup_hot_upd", 20, false}, {"n_live_tup", 20, false},
	{"n_dead_tup", 20, false}, {"n_mod_since_analyze", 20, false}, {"n_ins_since_vacuum", 20, false},
	{"last_vacuum", 1184, false}, {"last_autovacuum", 1184, false}, {"last_analyze", 1184, false},
	{"last_autoanalyze", 1184, false}, {"vacuum_count", 20, false}, {"autovacuum_count", 20, false},
	{"analyze_count", 20, false}, {"autoanalyze_count", 20, false},
}

var statTablesList = "relid, schemaname, relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, " +
	"n_tup_del, n_tup_hot_upd, n_live_tup, n_dead_tup, n_mod_since_analyze, n_ins_since_vacuum, last_vacuum, " +
	"last_autovacuum, last_analyze, last_autoanalyze, vacuum_count, autovacuum_count, analyze_count, autoanalyze_count"

// The columns of pg_stat_all_indexes and pg_stat_user_indexes.
var colsStatIndexes = []catCol{
	{"relid", 26, false}, {"indexrelid", 26, false}, {"schemaname", 19, false}, {"relname", 19, false},
	{"indexrelname", 19, false}, {"idx_scan", 20, false}, {"idx_tup_read", 20, false}, {"idx_tup_fetch", 20, false},
}

// writeIntrospectionRows writes the bootstrap rows of the catalogs above
// (pg_collation's), the comments initdb gives the schemas, and the system
// views.
func (c *Catalog) writeIntrospectionRows(tx heap.Txn) error {
	for _, co := range []struct {
		oid      uint32
		name     string
		provider byte
		locale   string
	}{
		{DefaultCollation, "default", collProviderDefault, ""},
		{CCollation, "C", collProviderLibc, "C"},
		{POSIXCollation, "POSIX", collProviderLibc, "POSIX"},
	} {
		r := newRow(catalogByOid[PgCollation]).set("oid", dOid(co.oid)).set("collname", dName(co.name)).
			set("collnamespace", dOid(PgCatalogNamespace)).set("collowner", dOid(BootstrapSuperuser)).
			set("collprovider", dChar(co.provider)).set("collisdeterministic", dBool(true)).
			set("collencoding", dInt4(-1))
		if co.locale != "" {
			r.set("collcollate", dText(co.locale)).set("collctype", dText(co.locale))
		}
		if _, err := c.insert(tx, r); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		obj, class uint32
		text       string
	}{
		{PgCatalogNamespace, PgNamespace, "system catalog schema"},
		{PgToastNamespace, PgNamespace, "reserved schema for TOAST tables"},
		{PublicNamespace, PgNamespace, "standard public schema"},
		{HeapAM, PgAm, "heap table access method"},
		{BtreeAM, PgAm, "b-tree index access method"},
		{405, PgAm, "hash index access method"},
		{783, PgAm, "GiST index access method"},
		{2742, PgAm, "GIN index access method"},
		{4000, PgAm, "SP-GiST index access method"},
		{3580, PgAm, "block range index (BRIN) access method"},
	} {
		r := newRow(catalogByOid[PgDescription]).set("objoid", dOid(d.obj)).set("classoid", dOid(d.class)).
			set("objsubid", dInt4(0)).set("description", dText(d.text))
		if _, err := c.insert(tx, r); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		db   uint32
		text string
	}{
		{Template1DB, "default template for new databases"},
		{Template0DB, "unmodifiable empty database"},
		{PostgresDB, "default administrative connection database"},
	} {
		r := newRow(catalogByOid[PgShdescription]).set("objoid", dOid(d.db)).set("classoid", dOid(PgDatabase)).
			set("description", dText(d.text))
		if _, err := c.insert(tx, r); err != nil {
			return err
		}
	}
	for _, l := range []struct {
		oid, validator uint32
		name           string
		trusted        bool
	}{{12, 2246, "internal", false}, {13, 2247, "c", false}, {14, 2248, "sql", true}} {
		r := newRow(catalogByOid[PgLanguage]).set("oid", dOid(l.oid)).set("lanname", dName(l.name)).
			set("lanowner", dOid(BootstrapSuperuser)).set("lanispl", dBool(false)).set("lanpltrusted", dBool(l.trusted)).
			set("lanplcallfoid", dOid(0)).set("laninline", dOid(0)).set("lanvalidator", dOid(l.validator))
		if _, err := c.insert(tx, r); err != nil {
			return err
		}
	}
	return c.writeSystemViews(tx, systemViews, PgCatalogNamespace)
}

// writeSystemViews writes the pg_class, pg_attribute and pg_rewrite rows
// of views in schema ns.
func (c *Catalog) writeSystemViews(tx heap.Txn, views []systemView, ns uint32) error {
	for _, v := range views {
		ci := classInfo{oid: v.oid, name: v.name, ns: ns, owner: BootstrapSuperuser,
			kind: KindView, persistence: PersistencePermanent, natts: int16(len(v.cols)), acl: systemACL(v.name)}
		if _, err := c.insert(tx, ci.row()); err != nil {
			return err
		}
		for i, col := range v.cols {
			a, err := columnAtt(v.oid, int16(i+1), col.name, types.T{Oid: col.typ, Mod: -1}, 0)
			if err != nil {
				return err
			}
			if _, err := c.insert(tx, a.row()); err != nil {
				return err
			}
		}
		rule := newRow(catalogByOid[PgRewrite]).set("oid", dOid(v.rule)).set("rulename", dName("_RETURN")).
			set("ev_class", dOid(v.oid)).set("ev_type", dChar('1')).set("ev_enabled", dChar('O')).
			set("is_instead", dBool(true)).set("ev_qual", dText("")).set("ev_action", dText(v.query))
		if _, err := c.insert(tx, rule); err != nil {
			return err
		}
	}
	return nil
}
