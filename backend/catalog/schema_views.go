package catalog

// The pg_catalog views that list tables, indexes, views and sequences,
// with PostgreSQL 15's OIDs. Each is an ordinary view over the catalogs.

const (
	pgViewsView     uint32 = 12028
	pgViewsRule     uint32 = 12031
	pgTablesView    uint32 = 12033
	pgTablesRule    uint32 = 12036
	pgIndexesView   uint32 = 12043
	pgIndexesRule   uint32 = 12046
	pgSequencesView uint32 = 12048
	pgSequencesRule uint32 = 12051
)

func init() {
	systemViews = append(systemViews, listingViews...)
}

var listingViews = []systemView{
	{oid: pgViewsView, rule: pgViewsRule, name: "pg_views", cols: []catCol{
		{"schemaname", 19, false}, {"viewname", 19, false}, {"viewowner", 19, false}, {"definition", 25, false},
	}, query: "SELECT ns.nspname AS schemaname, cl.relname AS viewname, " +
		"pg_catalog.pg_get_userbyid(cl.relowner) AS viewowner, pg_catalog.pg_get_viewdef(cl.oid) AS definition " +
		"FROM pg_catalog.pg_class cl LEFT JOIN pg_catalog.pg_namespace ns ON ns.oid = cl.relnamespace " +
		"WHERE cl.relkind = 'v'"},
	{oid: pgTablesView, rule: pgTablesRule, name: "pg_tables", cols: []catCol{
		{"schemaname", 19, false}, {"tablename", 19, false}, {"tableowner", 19, false}, {"tablespace", 19, false},
		{"hasindexes", 16, false}, {"hasrules", 16, false}, {"hastriggers", 16, false}, {"rowsecurity", 16, false},
	}, query: "SELECT ns.nspname AS schemaname, cl.relname AS tablename, " +
		"pg_catalog.pg_get_userbyid(cl.relowner) AS tableowner, sp.spcname AS tablespace, " +
		"cl.relhasindex AS hasindexes, cl.relhasrules AS hasrules, cl.relhastriggers AS hastriggers, " +
		"cl.relrowsecurity AS rowsecurity " +
		"FROM pg_catalog.pg_class cl LEFT JOIN pg_catalog.pg_namespace ns ON ns.oid = cl.relnamespace " +
		"LEFT JOIN pg_catalog.pg_tablespace sp ON sp.oid = cl.reltablespace " +
		"WHERE cl.relkind IN ('r', 'p')"},
	{oid: pgIndexesView, rule: pgIndexesRule, name: "pg_indexes", cols: []catCol{
		{"schemaname", 19, false}, {"tablename", 19, false}, {"indexname", 19, false}, {"tablespace", 19, false},
		{"indexdef", 25, false},
	}, query: "SELECT ns.nspname AS schemaname, tab.relname AS tablename, ix.relname AS indexname, " +
		"sp.spcname AS tablespace, pg_catalog.pg_get_indexdef(ix.oid) AS indexdef " +
		"FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class tab ON tab.oid = i.indrelid " +
		"JOIN pg_catalog.pg_class ix ON ix.oid = i.indexrelid " +
		"LEFT JOIN pg_catalog.pg_namespace ns ON ns.oid = tab.relnamespace " +
		"LEFT JOIN pg_catalog.pg_tablespace sp ON sp.oid = ix.reltablespace " +
		"WHERE tab.relkind IN ('r', 'm', 'p') AND ix.relkind IN ('i', 'I')"},
	{oid: pgSequencesView, rule: pgSequencesRule, name: "pg_sequences", cols: []catCol{
		{"schemaname", 19, false}, {"sequencename", 19, false}, {"sequenceowner", 19, false}, {"data_type", 2206, false},
		{"start_value", 20, false}, {"min_value", 20, false}, {"max_value", 20, false}, {"increment_by", 20, false},
		{"cycle", 16, false}, {"cache_size", 20, false}, {"last_value", 20, false},
	}, query: "SELECT ns.nspname AS schemaname, cl.relname AS sequencename, " +
		"pg_catalog.pg_get_userbyid(cl.relowner) AS sequenceowner, sq.seqtypid::regtype AS data_type, " +
		"sq.seqstart AS start_value, sq.seqmin AS min_value, sq.seqmax AS max_value, " +
		"sq.seqincrement AS increment_by, sq.seqcycle AS cycle, sq.seqcache AS cache_size, " +
		"CASE WHEN pg_catalog.has_sequence_privilege(cl.oid, 'SELECT,USAGE') " +
		"THEN pg_catalog.pg_sequence_last_value(cl.oid::regclass) END AS last_value " +
		"FROM pg_catalog.pg_sequence sq JOIN pg_catalog.pg_class cl ON cl.oid = sq.seqrelid " +
		"LEFT JOIN pg_catalog.pg_namespace ns ON ns.oid = cl.relnamespace " +
		"WHERE NOT pg_catalog.pg_is_other_temp_schema(ns.oid) AND cl.relkind = 'S'"},
}
