package catalog

// The statistics views over the database, cluster and block counters
// (pg_stat_database, pg_stat_database_conflicts, pg_stat_bgwriter,
// pg_statio_*, pg_stat_sys_indexes), with PostgreSQL 15's OIDs, columns
// and queries over the pg_stat_get_* functions.

func init() {
	systemViews = append(systemViews, statIOViews...)
}

var statIOViews = []systemView{
	{oid: 12266, rule: 12269, name: "pg_stat_database", cols: []catCol{
		{"datid", 26, false}, {"datname", 19, false}, {"numbackends", 23, false}, {"xact_commit", 20, false},
		{"xact_rollback", 20, false}, {"blks_read", 20, false}, {"blks_hit", 20, false}, {"tup_returned", 20, false},
		{"tup_fetched", 20, false}, {"tup_inserted", 20, false}, {"tup_updated", 20, false}, {"tup_deleted", 20, false},
		{"conflicts", 20, false}, {"temp_files", 20, false}, {"temp_bytes", 20, false}, {"deadlocks", 20, false},
		{"checksum_failures", 20, false}, {"checksum_last_failure", 1184, false}, {"blk_read_time", 701, false},
		{"blk_write_time", 701, false}, {"session_time", 701, false}, {"active_time", 701, false},
		{"idle_in_transaction_time", 701, false}, {"sessions", 20, false}, {"sessions_abandoned", 20, false},
		{"sessions_fatal", 20, false}, {"sessions_killed", 20, false}, {"stats_reset", 1184, false},
	}, query: "SELECT d.oid AS datid, d.datname, " +
		"CASE WHEN d.oid = 0::oid THEN 0 ELSE pg_catalog.pg_stat_get_db_numbackends(d.oid) END AS numbackends, " +
		"pg_catalog.pg_stat_get_db_xact_commit(d.oid) AS xact_commit, pg_catalog.pg_stat_get_db_xact_rollback(d.oid) AS xact_rollback, " +
		"pg_catalog.pg_stat_get_db_blocks_fetched(d.oid) - pg_catalog.pg_stat_get_db_blocks_hit(d.oid) AS blks_read, " +
		"pg_catalog.pg_stat_get_db_blocks_hit(d.oid) AS blks_hit, pg_catalog.pg_stat_get_db_tuples_returned(d.oid) AS tup_returned, " +
		"pg_catalog.pg_stat_get_db_tuples_fetched(d.oid) AS tup_fetched, pg_catalog.pg_stat_get_db_tuples_inserted(d.oid) AS tup_inserted, " +
		"pg_catalog.pg_stat_get_db_tuples_updated(d.oid) AS tup_updated, pg_catalog.pg_stat_get_db_tuples_deleted(d.oid) AS tup_deleted, " +
		"pg_catalog.pg_stat_get_db_conflict_all(d.oid) AS conflicts, pg_catalog.pg_stat_get_db_temp_files(d.oid) AS temp_files, " +
		"pg_catalog.pg_stat_get_db_temp_bytes(d.oid) AS temp_bytes, pg_catalog.pg_stat_get_db_deadlocks(d.oid) AS deadlocks, " +
		"pg_catalog.pg_stat_get_db_checksum_failures(d.oid) AS checksum_failures, " +
		"pg_catalog.pg_stat_get_db_checksum_last_failure(d.oid) AS checksum_last_failure, " +
		"pg_catalog.pg_stat_get_db_blk_read_time(d.oid) AS blk_read_time, pg_catalog.pg_stat_get_db_blk_write_time(d.oid) AS blk_write_time, " +
		"pg_catalog.pg_stat_get_db_session_time(d.oid) AS session_time, pg_catalog.pg_stat_get_db_active_time(d.oid) AS active_time, " +
		"pg_catalog.pg_stat_get_db_idle_in_transaction_time(d.oid) AS idle_in_transaction_time, " +
		"pg_catalog.pg_stat_get_db_sessions(d.oid) AS sessions, pg_catalog.pg_stat_get_db_sessions_abandoned(d.oid) AS sessions_abandoned, " +
		"pg_catalog.pg_stat_get_db_sessions_fatal(d.oid) AS sessions_fatal, pg_catalog.pg_stat_get_db_sessions_killed(d.oid) AS sessions_killed, " +
		"pg_catalog.pg_stat_get_db_stat_reset_time(d.oid) AS stats_reset " +
		"FROM (SELECT 0::oid AS oid, NULL::name AS datname UNION ALL " +
		"SELECT pg_database.oid, pg_database.datname FROM pg_catalog.pg_database) d"},
	{oid: 12271, rule: 12274, name: "pg_stat_database_conflicts", cols: []catCol{
		{"datid", 26, false}, {"datname", 19, false}, {"confl_tablespace", 20, false}, {"confl_lock", 20, false},
		{"confl_snapshot", 20, false}, {"confl_bufferpin", 20, false}, {"confl_deadlock", 20, false},
	}, query: "SELECT d.oid AS datid, d.datname, pg_catalog.pg_stat_get_db_conflict_tablespace(d.oid) AS confl_tablespace, " +
		"pg_catalog.pg_stat_get_db_conflict_lock(d.oid) AS confl_lock, pg_catalog.pg_stat_get_db_conflict_snapshot(d.oid) AS confl_snapshot, " +
		"pg_catalog.pg_stat_get_db_conflict_bufferpin(d.oid) AS confl_bufferpin, " +
		"pg_catalog.pg_stat_get_db_conflict_startup_deadlock(d.oid) AS confl_deadlock FROM pg_catalog.pg_database d"},
	{oid: 12289, rule: 12292, name: "pg_stat_bgwriter", cols: []catCol{
		{"checkpoints_timed", 20, false}, {"checkpoints_req", 20, false}, {"checkpoint_write_time", 701, false},
		{"checkpoint_sync_time", 701, false}, {"buffers_checkpoint", 20, false}, {"buffers_clean", 20, false},
		{"maxwritten_clean", 20, false}, {"buffers_backend", 20, false}, {"buffers_backend_fsync", 20, false},
		{"buffers_alloc", 20, false}, {"stats_reset", 1184, false},
	}, query: "SELECT pg_catalog.pg_stat_get_bgwriter_timed_checkpoints() AS checkpoints_timed, " +
		"pg_catalog.pg_stat_get_bgwriter_requested_checkpoints() AS checkpoints_req, " +
		"pg_catalog.pg_stat_get_checkpoint_write_time() AS checkpoint_write_time, " +
		"pg_catalog.pg_stat_get_checkpoint_sync_time() AS checkpoint_sync_time, " +
		"pg_catalog.pg_stat_get_bgwriter_buf_written_checkpoints() AS buffers_checkpoint, " +
		"pg_catalog.pg_stat_get_bgwriter_buf_written_clean() AS buffers_clean, " +
		"pg_catalog.pg_stat_get_bgwriter_maxwritten_clean() AS maxwritten_clean, " +
		"pg_catalog.pg_stat_get_buf_written_backend() AS buffers_backend, " +
		"pg_catalog.pg_stat_get_buf_fsync_backend() AS buffers_backend_fsync, " +
		"pg_catalog.pg_stat_get_buf_alloc() AS buffers_alloc, " +
		"pg_catalog.pg_stat_get_bgwriter_stat_reset_time() AS stats_reset"},
	{oid: 12170, rule: 12173, name: "pg_statio_all_tables", cols: colsStatIOTables,
		query: "SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, " +
			"pg_catalog.pg_stat_get_blocks_fetched(c.oid) - pg_catalog.pg_stat_get_blocks_hit(c.oid) AS heap_blks_read, " +
			"pg_catalog.pg_stat_get_blocks_hit(c.oid) AS heap_blks_hit, i.idx_blks_read, i.idx_blks_hit, " +
			"pg_catalog.pg_stat_get_blocks_fetched(t.oid) - pg_catalog.pg_stat_get_blocks_hit(t.oid) AS toast_blks_read, " +
			"pg_catalog.pg_stat_get_blocks_hit(t.oid) AS toast_blks_hit, x.idx_blks_read AS tidx_blks_read, x.idx_blks_hit AS tidx_blks_hit " +
			"FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_class t ON c.reltoastrelid = t.oid " +
			"LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
			"LEFT JOIN LATERAL (SELECT sum(pg_catalog.pg_stat_get_blocks_fetched(pg_index.indexrelid) - " +
			"pg_catalog.pg_stat_get_blocks_hit(pg_index.indexrelid))::bigint AS idx_blks_read, " +
			"sum(pg_catalog.pg_stat_get_blocks_hit(pg_index.indexrelid))::bigint AS idx_blks_hit " +
			"FROM pg_catalog.pg_index WHERE pg_index.indrelid = c.oid) i ON true " +
			"LEFT JOIN LATERAL (SELECT sum(pg_catalog.pg_stat_get_blocks_fetched(pg_index.indexrelid) - " +
			"pg_catalog.pg_stat_get_blocks_hit(pg_index.indexrelid))::bigint AS idx_blks_read, " +
			"sum(pg_catalog.pg_stat_get_blocks_hit(pg_index.indexrelid))::bigint AS idx_blks_hit " +
			"FROM pg_catalog.pg_index WHERE pg_index.indrelid = t.oid) x ON true " +
			"WHERE c.relkind IN ('r', 't', 'm')"},
	{oid: 12175, rule: 12178, name: "pg_statio_sys_tables", cols: colsStatIOTables,
		query: "SELECT " + statIOTablesList + " FROM pg_catalog.pg_statio_all_tables " + sysSchemas},
	{oid: 12179, rule: 12182, name: "pg_statio_user_tables", cols: colsStatIOTables,
		query: "SELECT " + statIOTablesList + " FROM pg_catalog.pg_statio_all_tables " + userSchemas},
	{oid: 12188, rule: 12191, name: "pg_stat_sys_indexes", cols: colsStatIndexes,
		query: "SELECT relid, indexrelid, schemaname, relname, indexrelname, idx_scan, idx_tup_read, idx_tup_fetch " +
			"FROM pg_catalog.pg_stat_all_indexes " + sysSchemas},
	{oid: 12196, rule: 12199, name: "pg_statio_all_indexes", cols: colsStatIOIndexes,
		query: "SELECT c.oid AS relid, i.oid AS indexrelid, n.nspname AS schemaname, c.relname, i.relname AS indexrelname, " +
			"pg_catalog.pg_stat_get_blocks_fetched(i.oid) - pg_catalog.pg_stat_get_blocks_hit(i.oid) AS idx_blks_read, " +
			"pg_catalog.pg_stat_get_blocks_hit(i.oid) AS idx_blks_hit " +
			"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_index x ON c.oid = x.indrelid " +
			"JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
			"WHERE c.relkind IN ('r', 't', 'm')"},
	{oid: 12201, rule: 12204, name: "pg_statio_sys_indexes", cols: colsStatIOIndexes,
		query: "SELECT " + statIOIndexesList + " FROM pg_catalog.pg_statio_all_indexes " + sysSchemas},
	{oid: 12205, rule: 12208, name: "pg_statio_user_indexes", cols: colsStatIOIndexes,
		query: "SELECT " + statIOIndexesList + " FROM pg_catalog.pg_statio_all_indexes " + userSchemas},
	{oid: 12209, rule: 12212, name: "pg_statio_all_sequences", cols: colsStatIOSequences,
		query: "SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, " +
			"pg_catalog.pg_stat_get_blocks_fetched(c.oid) - pg_catalog.pg_stat_get_blocks_hit(c.oid) AS blks_read, " +
			"pg_catalog.pg_stat_get_blocks_hit(c.oid) AS blks_hit " +
			"FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S'"},
	{oid: 12214, rule: 12217, name: "pg_statio_sys_sequences", cols: colsStatIOSequences,
		query: "SELECT relid, schemaname, relname, blks_read, blks_hit FROM pg_catalog.pg_statio_all_sequences " + sysSchemas},
	{oid: 12218, rule: 12221, name: "pg_statio_user_sequences", cols: colsStatIOSequences,
		query: "SELECT relid, schemaname, relname, blks_read, blks_hit FROM pg_catalog.pg_statio_all_sequences " + userSchemas},
}

// The WHERE clauses of the _sys_ and _user_ statistics views.
const (
	sysSchemas  = "WHERE schemaname IN ('pg_catalog', 'information_schema') OR schemaname ~ '^pg_toast'"
	userSchemas = "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname !~ '^pg_toast'"
)

var colsStatIOTables = []catCol{
	{"relid", 26, false}, {"schemaname", 19, false}, {"relname", 19, false}, {"heap_blks_read", 20, false},
	{"heap_blks_hit", 20, false}, {"idx_blks_read", 20, false}, {"idx_blks_hit", 20, false},
	{"toast_blks_read", 20, false}, {"toast_blks_hit", 20, false}, {"tidx_blks_read", 20, false},
	{"tidx_blks_hit", 20, false},
}

const statIOTablesList = "relid, schemaname, relname, heap_blks_read, heap_blks_hit, idx_blks_read, idx_blks_hit, " +
	"toast_blks_read, toast_blks_hit, tidx_blks_read, tidx_blks_hit"

var colsStatIOIndexes = []catCol{
	{"relid", 26, false}, {"indexrelid", 26, false}, {"schemaname", 19, false}, {"relname", 19, false},
	{"indexrelname", 19, false}, {"idx_blks_read", 20, false}, {"idx_blks_hit", 20, false},
}

const statIOIndexesList = "relid, indexrelid, schemaname, relname, indexrelname, idx_blks_read, idx_blks_hit"

var colsStatIOSequences = []catCol{
	{"relid", 26, false}, {"schemaname", 19, false}, {"relname", 19, false}, {"blks_read", 20, false},
	{"blks_hit", 20, false},
}
