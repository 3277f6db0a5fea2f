package catalog

import (
	"strings"

	"ringpg/backend/access/heap"
)

// The information_schema schema: the SQL standard's views of the catalog,
// with PostgreSQL 15's OIDs, column names and order, written as SQL over
// pg_catalog and stored like any view's query. Visibility follows
// PostgreSQL: a view lists the objects the current role owns (through
// pg_has_role's USAGE) or holds some privilege on.
//
// Departures: the standard's domains (cardinal_number, character_data,
// sql_identifier, time_stamp, yes_or_no) are not types here, so columns
// have their base types (integer, character varying, name, timestamp with
// time zone). Views are never updatable here, so views say NO where
// PostgreSQL would say YES for a simple view.

// InformationSchemaNamespace is the schema's OID, PostgreSQL 15's.
const InformationSchemaNamespace uint32 = 13207

// Base types of the standard's domains.
const (
	isIdentifier = 19   // sql_identifier: name
	isCardinal   = 23   // cardinal_number: integer
	isCharData   = 1043 // character_data: character varying
	isYesOrNo    = 1043 // yes_or_no: character varying(3)
	isTimeStamp  = 1184 // time_stamp: timestamp with time zone
)

// isCols builds a column list from "name:kind" pairs, kind one of the
// domain names above (id, card, char, yn, ts).
func isCols(spec string) []catCol {
	var out []catCol
	for _, f := range strings.Fields(spec) {
		name, kind, _ := strings.Cut(f, ":")
		var typ uint32
		switch kind {
		case "id":
			typ = isIdentifier
		case "card":
			typ = isCardinal
		case "char":
			typ = isCharData
		case "yn":
			typ = isYesOrNo
		case "ts":
			typ = isTimeStamp
		default:
			panic("information_schema column kind " + kind)
		}
		out = append(out, catCol{name, typ, false})
	}
	return out
}

// writeInformationSchema creates the schema and its views at bootstrap.
func (c *Catalog) writeInformationSchema(tx heap.Txn) error {
	r := namespaceRow(InformationSchemaNamespace, "information_schema", BootstrapSuperuser).
		set("nspacl", dTextArray([]string{"postgres=UC/postgres", "=U/postgres"}))
	if _, err := c.insert(tx, r); err != nil {
		return err
	}
	return c.writeSystemViews(tx, informationSchemaViews, InformationSchemaNamespace)
}

// Expressions shared by the views. Type-dependent facts (lengths,
// precisions) follow PostgreSQL's information_schema helper functions;
// here they are written inline, given a type oid and a typmod expression.

const curDB = "pg_catalog.current_database()::name"

// yesNo is 'YES' when cond holds, else 'NO'.
func yesNo(cond string) string {
	return "(CASE WHEN " + cond + " THEN 'YES' ELSE 'NO' END)::varchar"
}

func charMaxLength(t, m string) string {
	return "(CASE WHEN " + t + " IN (1042, 1043) THEN (CASE WHEN " + m + " = -1 THEN NULL ELSE " + m + " - 4 END) " +
		"WHEN " + t + " IN (1560, 1562) THEN (CASE WHEN " + m + " = -1 THEN NULL ELSE " + m + " END) END)::int4"
}

// charOctetLength assumes UTF8 (4 bytes a character), every database's
// encoding here.
func charOctetLength(t, m string) string {
	return "(CASE WHEN " + t + " IN (25, 1042, 1043) THEN (CASE WHEN " + m + " = -1 THEN 1073741824 ELSE (" + m + " - 4) * 4 END) END)::int4"
}

func numericPrecision(t, m string) string {
	return "(CASE WHEN " + t + " = 21 THEN 16 WHEN " + t + " = 23 THEN 32 WHEN " + t + " = 20 THEN 64 " +
		"WHEN " + t + " = 1700 THEN (CASE WHEN " + m + " = -1 THEN NULL ELSE ((" + m + " - 4) >> 16) & 65535 END) " +
		"WHEN " + t + " = 700 THEN 24 WHEN " + t + " = 701 THEN 53 END)::int4"
}

func numericPrecisionRadix(t string) string {
	return "(CASE WHEN " + t + " IN (20, 21, 23, 700, 701) THEN 2 WHEN " + t + " = 1700 THEN 10 END)::int4"
}

func numericScale(t, m string) string {
	return "(CASE WHEN " + t + " IN (20, 21, 23) THEN 0 " +
		"WHEN " + t + " = 1700 THEN (CASE WHEN " + m + " = -1 THEN NULL ELSE (" + m + " - 4) & 65535 END) END)::int4"
}

func datetimePrecision(t, m string) string {
	return "(CASE WHEN " + t + " = 1082 THEN 0 " +
		"WHEN " + t + " IN (1083, 1114, 1184, 1266) THEN (CASE WHEN " + m + " < 0 THEN 6 ELSE " + m + " END) " +
		"WHEN " + t + " = 1186 THEN (CASE WHEN " + m + " < 0 OR " + m + " & 65535 = 65535 THEN 6 ELSE " + m + " & 65535 END) END)::int4"
}

func intervalType(t, m string) string {
	return "(CASE WHEN " + t + " = 1186 THEN pg_catalog.upper(NULLIF(pg_catalog.regexp_replace(" +
		"pg_catalog.format_type(" + t + ", " + m + "), '^interval(\\([0-9]+\\))? ?', ''), '')) END)::varchar"
}

// dataType is the standard's name of a type: ARRAY, the SQL name of a
// built-in, else USER-DEFINED.
func dataType(t, typ string) string {
	return "(CASE WHEN " + typ + ".typelem <> 0 AND " + typ + ".typlen = -1 THEN 'ARRAY' " +
		"WHEN " + typ + ".typnamespace = 11 THEN pg_catalog.format_type(" + t + ", NULL) ELSE 'USER-DEFINED' END)::varchar"
}

// Privilege tests of the views: the owner's, or any privilege on the
// relation.
func tableVisible(rel string) string {
	return "(pg_catalog.pg_has_role(" + rel + ".relowner, 'USAGE') OR pg_catalog.has_table_privilege(" + rel +
		".oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') OR pg_catalog.has_any_column_privilege(" +
		rel + ".oid, 'SELECT, INSERT, UPDATE, REFERENCES'))"
}

func tableChangeable(rel string) string {
	return "(pg_catalog.pg_has_role(" + rel + ".relowner, 'USAGE') OR pg_catalog.has_table_privilege(" + rel +
		".oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') OR pg_catalog.has_any_column_privilege(" +
		rel + ".oid, 'INSERT, UPDATE, REFERENCES'))"
}

func ruleAction(code string) string {
	return "(CASE " + code + " WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' " +
		"WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' END)::varchar"
}

// nullCols is "NULL::t AS c" for each column, in order.
func nullCols(cols []catCol) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "NULL::" + isTypeName(c.typ) + " AS " + c.name
	}
	return strings.Join(parts, ", ")
}

func isTypeName(oid uint32) string {
	switch oid {
	case isIdentifier:
		return "name"
	case isCardinal:
		return "int4"
	case isTimeStamp:
		return "timestamptz"
	}
	return "varchar"
}

var informationSchemaViews = []systemView{
	{oid: 13227, rule: 13230, name: "information_schema_catalog_name", cols: isCols("catalog_name:id"),
		query: "SELECT " + curDB + " AS catalog_name"},
	{oid: 13236, rule: 13239, name: "applicable_roles", cols: colsISApplicableRoles,
		// The database's owner belongs to pg_database_owner implicitly.
		query: "SELECT a.rolname AS grantee, b.rolname AS role_name, " + yesNo("m.admin_option") + " AS is_grantable " +
			"FROM (SELECT member, roleid, admin_option FROM pg_catalog.pg_auth_members " +
			"UNION SELECT datdba, 6171::oid, false FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) m " +
			"JOIN pg_catalog.pg_authid a ON m.member = a.oid JOIN pg_catalog.pg_authid b ON m.roleid = b.oid " +
			"WHERE pg_catalog.pg_has_role(a.oid, 'USAGE')"},
	{oid: 13241, rule: 13244, name: "administrable_role_authorizations", cols: colsISApplicableRoles,
		query: "SELECT grantee, role_name, is_grantable FROM information_schema.applicable_roles WHERE is_grantable = 'YES'"},
	{oid: 13250, rule: 13253, name: "character_sets", cols: isCols("character_set_catalog:id character_set_schema:id " +
		"character_set_name:id character_repertoire:id form_of_use:id default_collate_catalog:id default_collate_schema:id " +
		"default_collate_name:id"),
		query: "SELECT NULL::name AS character_set_catalog, NULL::name AS character_set_schema, " +
			"pg_catalog.pg_encoding_to_char(d.encoding)::name AS character_set_name, " +
			"(CASE WHEN pg_catalog.pg_encoding_to_char(d.encoding) = 'UTF8' THEN 'UCS' ELSE pg_catalog.pg_encoding_to_char(d.encoding) END)::name AS character_repertoire, " +
			"pg_catalog.pg_encoding_to_char(d.encoding)::name AS form_of_use, " + curDB + " AS default_collate_catalog, " +
			"nc.nspname AS default_collate_schema, c.collname AS default_collate_name " +
			"FROM pg_catalog.pg_database d LEFT JOIN pg_catalog.pg_collation c ON d.datcollate = c.collcollate AND d.datctype = c.collctype " +
			"LEFT JOIN pg_catalog.pg_namespace nc ON c.collnamespace = nc.oid " +
			"WHERE d.datname = pg_catalog.current_database() " +
			"ORDER BY pg_catalog.char_length(c.collname::text) DESC, c.collname LIMIT 1"},
	{oid: 13260, rule: 13263, name: "check_constraints", cols: isCols("constraint_catalog:id constraint_schema:id " +
		"constraint_name:id check_clause:char"),
		query: "SELECT " + curDB + " AS constraint_catalog, rs.nspname AS constraint_schema, con.conname AS constraint_name, " +
			"pg_catalog.substring(pg_catalog.pg_get_constraintdef(con.oid), 7)::varchar AS check_clause " +
			"FROM pg_catalog.pg_constraint con LEFT JOIN pg_catalog.pg_namespace rs ON rs.oid = con.connamespace " +
			"LEFT JOIN pg_catalog.pg_class c ON c.oid = con.conrelid " +
			"LEFT JOIN pg_catalog.pg_type t ON t.oid = con.contypid " +
			"WHERE con.contype = 'c' AND pg_catalog.pg_has_role(COALESCE(c.relowner, t.typowner), 'USAGE') " +
			"UNION " +
			"SELECT " + curDB + ", n.nspname, " + notNullName("n", "r", "a") + ", (a.attname::text || ' IS NOT NULL')::varchar " +
			"FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class r ON r.oid = a.attrelid " +
			"JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace " +
			"WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull " +
			"AND r.relkind IN ('r', 'p') AND pg_catalog.pg_has_role(r.relowner, 'USAGE')"},
	{oid: 13285, rule: 13288, name: "column_privileges", cols: isCols("grantor:id grantee:id table_catalog:id " +
		"table_schema:id table_name:id column_name:id privilege_type:char is_grantable:yn"),
		// Privileges are granted on tables only here: a column has those
		// of its table that a column can have.
		query: "SELECT tp.grantor, tp.grantee, tp.table_catalog, tp.table_schema, tp.table_name, a.attname AS column_name, " +
			"tp.privilege_type, tp.is_grantable FROM information_schema.table_privileges tp " +
			"JOIN pg_catalog.pg_namespace n ON n.nspname = tp.table_schema " +
			"JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = tp.table_name " +
			"JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid " +
			"WHERE a.attnum > 0 AND NOT a.attisdropped AND tp.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')"},
	{oid: 13295, rule: 13298, name: "columns", cols: colsISColumns, query: columnsQuery},
	{oid: 13300, rule: 13303, name: "constraint_column_usage", cols: isCols("table_catalog:id table_schema:id table_name:id " +
		"column_name:id constraint_catalog:id constraint_schema:id constraint_name:id"),
		// A check constraint's columns are its conkey here (PostgreSQL
		// reads them from pg_depend).
		query: "SELECT " + curDB + " AS table_catalog, x.tblschema AS table_schema, x.tblname AS table_name, " +
			"x.colname AS column_name, " + curDB + " AS constraint_catalog, x.cstrschema AS constraint_schema, " +
			"x.cstrname AS constraint_name " +
			"FROM (SELECT DISTINCT nr.nspname AS tblschema, r.relname AS tblname, r.relowner AS tblowner, a.attname AS colname, " +
			"nc.nspname AS cstrschema, c.conname AS cstrname " +
			"FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace " +
			"JOIN pg_catalog.pg_class r ON r.oid = (CASE c.contype WHEN 'f' THEN c.confrelid ELSE c.conrelid END) " +
			"JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid " +
			"WHERE a.attnum = ANY (CASE c.contype WHEN 'f' THEN c.confkey ELSE c.conkey END) " +
			"AND NOT a.attisdropped AND c.contype IN ('p', 'u', 'f', 'c') AND r.relkind IN ('r', 'p')) x " +
			"WHERE pg_catalog.pg_has_role(x.tblowner, 'USAGE')"},
	{oid: 13305, rule: 13308, name: "constraint_table_usage", cols: isCols("table_catalog:id table_schema:id " +
		"table_name:id constraint_catalog:id constraint_schema:id constraint_name:id"),
		// A foreign key uses the table it references; a primary key or unique
		// constraint, its own.
		query: "SELECT " + curDB + " AS table_catalog, nr.nspname AS table_schema, r.relname AS table_name, " +
			curDB + " AS constraint_catalog, nc.nspname AS constraint_schema, c.conname AS constraint_name " +
			"FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace " +
			"JOIN pg_catalog.pg_class r ON r.oid = (CASE c.contype WHEN 'f' THEN c.confrelid ELSE c.conrelid END) " +
			"JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace " +
			"WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p') AND pg_catalog.pg_has_role(r.relowner, 'USAGE')"},
	{oid: 13310, rule: 13313, name: "domain_constraints", cols: isCols("constraint_catalog:id constraint_schema:id " +
		"constraint_name:id domain_catalog:id domain_schema:id domain_name:id is_deferrable:yn initially_deferred:yn"),
		query: "SELECT " + curDB + " AS constraint_catalog, rs.nspname AS constraint_schema, con.conname AS constraint_name, " +
			curDB + " AS domain_catalog, n.nspname AS domain_schema, t.typname AS domain_name, " +
			yesNo("con.condeferrable") + " AS is_deferrable, " + yesNo("con.condeferred") + " AS initially_deferred " +
			"FROM pg_catalog.pg_namespace rs, pg_catalog.pg_namespace n, pg_catalog.pg_constraint con, pg_catalog.pg_type t " +
			"WHERE rs.oid = con.connamespace AND n.oid = t.typnamespace AND t.oid = con.contypid " +
			"AND pg_catalog.pg_has_role(t.typowner, 'USAGE')"},
	{oid: 13320, rule: 13323, name: "domains", cols: colsISDomains, query: domainsQuery},
	{oid: 13325, rule: 13328, name: "enabled_roles", cols: isCols("role_name:id"),
		query: "SELECT a.rolname AS role_name FROM pg_catalog.pg_authid a WHERE pg_catalog.pg_has_role(a.oid, 'USAGE')"},
	{oid: 13329, rule: 13332, name: "key_column_usage", cols: isCols("constraint_catalog:id constraint_schema:id " +
		"constraint_name:id table_catalog:id table_schema:id table_name:id column_name:id ordinal_position:card " +
		"position_in_unique_constraint:card"),
		// The referenced key's position comes from the unique or primary
		// key constraint owning the foreign key's index.
		query: "SELECT " + curDB + " AS constraint_catalog, ss.nc_nspname AS constraint_schema, ss.conname AS constraint_name, " +
			curDB + " AS table_catalog, ss.nr_nspname AS table_schema, ss.relname AS table_name, a.attname AS column_name, " +
			"ss.n::int4 AS ordinal_position, " +
			"(CASE WHEN ss.contype = 'f' THEN pg_catalog.array_position(uk.conkey, ss.confkey[ss.n]) END)::int4 AS position_in_unique_constraint " +
			"FROM (SELECT r.oid AS roid, r.relname, r.relowner, nc.nspname AS nc_nspname, nr.nspname AS nr_nspname, c.oid AS coid, " +
			"c.conname, c.contype, c.conindid, c.confkey, c.confrelid, pg_catalog.unnest(c.conkey) AS x, " +
			"pg_catalog.generate_series(1, pg_catalog.array_length(c.conkey, 1)) AS n " +
			"FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class r ON r.oid = c.conrelid " +
			"JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace " +
			"WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p') AND NOT pg_catalog.pg_is_other_temp_schema(nr.oid)) ss " +
			"JOIN pg_catalog.pg_attribute a ON ss.roid = a.attrelid AND a.attnum = ss.x " +
			"LEFT JOIN pg_catalog.pg_constraint uk ON ss.contype = 'f' AND uk.conindid = ss.conindid AND uk.conrelid = ss.confrelid " +
			"AND uk.contype IN ('p', 'u') " +
			"WHERE NOT a.attisdropped " +
			"AND (pg_catalog.pg_has_role(ss.relowner, 'USAGE') OR pg_catalog.has_column_privilege(ss.roid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))"},
	{oid: 13339, rule: 13342, name: "referential_constraints", cols: isCols("constraint_catalog:id constraint_schema:id " +
		"constraint_name:id unique_constraint_catalog:id unique_constraint_schema:id unique_constraint_name:id " +
		"match_option:char update_rule:char delete_rule:char"),
		query: "SELECT " + curDB + " AS constraint_catalog, ncon.nspname AS constraint_schema, con.conname AS constraint_name, " +
			"(CASE WHEN npkc.nspname IS NULL THEN NULL ELSE " + curDB + " END)::name AS unique_constraint_catalog, " +
			"npkc.nspname AS unique_constraint_schema, pkc.conname AS unique_constraint_name, " +
			"(CASE con.confmatchtype WHEN 'f' THEN 'FULL' WHEN 'p' THEN 'PARTIAL' WHEN 's' THEN 'NONE' END)::varchar AS match_option, " +
			ruleAction("con.confupdtype") + " AS update_rule, " + ruleAction("con.confdeltype") + " AS delete_rule " +
			"FROM pg_catalog.pg_namespace ncon JOIN pg_catalog.pg_constraint con ON ncon.oid = con.connamespace " +
			"JOIN pg_catalog.pg_class c ON con.conrelid = c.oid AND con.contype = 'f' " +
			"LEFT JOIN pg_catalog.pg_constraint pkc ON pkc.conindid = con.conindid AND pkc.conrelid = con.confrelid AND pkc.contype IN ('p', 'u') " +
			"LEFT JOIN pg_catalog.pg_namespace npkc ON pkc.connamespace = npkc.oid " +
			"WHERE " + tableChangeable("c")},
	{oid: 13377, rule: 13380, name: "routines", cols: colsISRoutines, query: routinesQuery},
	{oid: 13382, rule: 13385, name: "schemata", cols: isCols("catalog_name:id schema_name:id schema_owner:id " +
		"default_character_set_catalog:id default_character_set_schema:id default_character_set_name:id sql_path:char"),
		query: "SELECT " + curDB + " AS catalog_name, n.nspname AS schema_name, u.rolname AS schema_owner, " +
			"NULL::name AS default_character_set_catalog, NULL::name AS default_character_set_schema, " +
			"NULL::name AS default_character_set_name, NULL::varchar AS sql_path " +
			"FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_authid u ON n.nspowner = u.oid " +
			"WHERE pg_catalog.pg_has_role(n.nspowner, 'USAGE') OR pg_catalog.has_schema_privilege(n.oid, 'CREATE, USAGE')"},
	{oid: 13386, rule: 13389, name: "sequences", cols: isCols("sequence_catalog:id sequence_schema:id sequence_name:id " +
		"data_type:char numeric_precision:card numeric_precision_radix:card numeric_scale:card start_value:char " +
		"minimum_value:char maximum_value:char increment:char cycle_option:yn"),
		query: "SELECT " + curDB + " AS sequence_catalog, nc.nspname AS sequence_schema, c.relname AS sequence_name, " +
			"pg_catalog.format_type(s.seqtypid, NULL)::varchar AS data_type, " +
			numericPrecision("s.seqtypid", "-1") + " AS numeric_precision, 2::int4 AS numeric_precision_radix, " +
			"0::int4 AS numeric_scale, s.seqstart::varchar AS start_value, s.seqmin::varchar AS minimum_value, " +
			"s.seqmax::varchar AS maximum_value, s.seqincrement::varchar AS increment, " + yesNo("s.seqcycle") + " AS cycle_option " +
			"FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid " +
			"JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid " +
			"WHERE c.relkind = 'S' " +
			"AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 1259 AND d.objid = c.oid AND d.deptype = 'i') " +
			"AND NOT pg_catalog.pg_is_other_temp_schema(nc.oid) " +
			"AND (pg_catalog.pg_has_role(c.relowner, 'USAGE') OR pg_catalog.has_sequence_privilege(c.oid, 'SELECT, UPDATE, USAGE'))"},
	{oid: 13411, rule: 13414, name: "table_constraints", cols: isCols("constraint_catalog:id constraint_schema:id " +
		"constraint_name:id table_catalog:id table_schema:id table_name:id constraint_type:char is_deferrable:yn " +
		"initially_deferred:yn enforced:yn nulls_distinct:yn"),
		query: "SELECT " + curDB + " AS constraint_catalog, nc.nspname AS constraint_schema, c.conname AS constraint_name, " +
			curDB + " AS table_catalog, nr.nspname AS table_schema, r.relname AS table_name, " +
			"(CASE c.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END)::varchar AS constraint_type, " +
			yesNo("c.condeferrable") + " AS is_deferrable, " + yesNo("c.condeferred") + " AS initially_deferred, " +
			"'YES'::varchar AS enforced, " +
			"(CASE WHEN c.contype = 'u' THEN (CASE WHEN (SELECT NOT i.indnullsnotdistinct FROM pg_catalog.pg_index i WHERE i.indexrelid = c.conindid) " +
			"THEN 'YES' ELSE 'NO' END) END)::varchar AS nulls_distinct " +
			"FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class r ON c.conrelid = r.oid " +
			"JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace " +
			"WHERE c.contype NOT IN ('t', 'x') " +
			"AND r.relkind IN ('r', 'p') AND NOT pg_catalog.pg_is_other_temp_schema(nr.oid) AND " + tableChangeable("r") + " " +
			"UNION ALL " +
			"SELECT " + curDB + ", nr.nspname, " + notNullName("nr", "r", "a") + ", " + curDB + ", nr.nspname, r.relname, " +
			"'CHECK'::varchar, 'NO'::varchar, 'NO'::varchar, 'YES'::varchar, NULL::varchar " +
			"FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class r ON r.oid = a.attrelid " +
			"JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace " +
			"WHERE a.attnotnull AND a.attnum > 0 AND NOT a.attisdropped " +
			"AND r.relkind IN ('r', 'p') AND NOT pg_catalog.pg_is_other_temp_schema(nr.oid) AND " + tableChangeable("r")},
	{oid: 13416, rule: 13419, name: "table_privileges", cols: colsISTablePrivileges, query: tablePrivilegesQuery},
	{oid: 13421, rule: 13424, name: "role_table_grants", cols: colsISTablePrivileges,
		query: "SELECT grantor, grantee, table_catalog, table_schema, table_name, privilege_type, is_grantable, with_hierarchy " +
			"FROM information_schema.table_privileges " +
			"WHERE grantor IN (SELECT role_name FROM information_schema.enabled_roles) " +
			"OR grantee IN (SELECT role_name FROM information_schema.enabled_roles)"},
	{oid: 13425, rule: 13428, name: "tables", cols: isCols("table_catalog:id table_schema:id table_name:id table_type:char " +
		"self_referencing_column_name:id reference_generation:char user_defined_type_catalog:id " +
		"user_defined_type_schema:id user_defined_type_name:id is_insertable_into:yn is_typed:yn commit_action:char"),
		// No table here has a row type of its own (reloftype), and views
		// cannot be inserted into.
		query: "SELECT " + curDB + " AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, " +
			"(CASE WHEN nc.oid = pg_catalog.pg_my_temp_schema() THEN 'LOCAL TEMPORARY' WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' " +
			"WHEN c.relkind = 'v' THEN 'VIEW' WHEN c.relkind = 'f' THEN 'FOREIGN' END)::varchar AS table_type, " +
			"NULL::name AS self_referencing_column_name, NULL::varchar AS reference_generation, " +
			"NULL::name AS user_defined_type_catalog, NULL::name AS user_defined_type_schema, NULL::name AS user_defined_type_name, " +
			yesNo("c.relkind IN ('r', 'p') OR c.relkind IN ('v', 'f') AND (pg_catalog.pg_relation_is_updatable(c.oid, false) & 8) = 8") + " AS is_insertable_into, 'NO'::varchar AS is_typed, NULL::varchar AS commit_action " +
			"FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace " +
			"WHERE c.relkind IN ('r', 'v', 'f', 'p') AND NOT pg_catalog.pg_is_other_temp_schema(nc.oid) AND " + tableVisible("c")},
	{oid: 13440, rule: 13443, name: "triggers", cols: colsISTriggers,
		// There are no triggers here.
		query: "SELECT " + nullCols(colsISTriggers) + " FROM pg_catalog.pg_trigger t WHERE false"},
	{oid: 13483, rule: 13486, name: "views", cols: isCols("table_catalog:id table_schema:id table_name:id " +
		"view_definition:char check_option:char is_updatable:yn is_insertable_into:yn is_trigger_updatable:yn " +
		"is_trigger_deletable:yn is_trigger_insertable_into:yn"),
		query: "SELECT " + curDB + " AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, " +
			"(CASE WHEN pg_catalog.pg_has_role(c.relowner, 'USAGE') THEN pg_catalog.pg_get_viewdef(c.oid) END)::varchar AS view_definition, " +
			"(CASE WHEN 'check_option=cascaded' = ANY (c.reloptions) THEN 'CASCADED' " +
			"WHEN 'check_option=local' = ANY (c.reloptions) THEN 'LOCAL' ELSE 'NONE' END)::varchar AS check_option, " +
			yesNo("(pg_catalog.pg_relation_is_updatable(c.oid, false) & 20) = 20") + " AS is_updatable, " +
			yesNo("(pg_catalog.pg_relation_is_updatable(c.oid, false) & 8) = 8") + " AS is_insertable_into, 'NO'::varchar AS is_trigger_updatable, " +
			"'NO'::varchar AS is_trigger_deletable, 'NO'::varchar AS is_trigger_insertable_into " +
			"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid " +
			"WHERE c.relkind = 'v' AND NOT pg_catalog.pg_is_other_temp_schema(nc.oid) AND " + tableVisible("c")},
}

// notNullName is the name the standard's views give a NOT NULL column's
// implicit check constraint: schema oid, table oid, column number.
func notNullName(ns, rel, att string) string {
	return "(" + ns + ".oid::text || '_' || " + rel + ".oid::text || '_' || " + att + ".attnum::text || '_not_null')::name"
}

var colsISApplicableRoles = isCols("grantee:id role_name:id is_grantable:yn")

var colsISColumns = isCols("table_catalog:id table_schema:id table_name:id column_name:id ordinal_position:card " +
	"column_default:char is_nullable:yn data_type:char character_maximum_length:card character_octet_length:card " +
	"numeric_precision:card numeric_precision_radix:card numeric_scale:card datetime_precision:card interval_type:char " +
	"interval_precision:card character_set_catalog:id character_set_schema:id character_set_name:id " +
	"collation_catalog:id collation_schema:id collation_name:id domain_catalog:id domain_schema:id domain_name:id " +
	"udt_catalog:id udt_schema:id udt_name:id scope_catalog:id scope_schema:id scope_name:id maximum_cardinality:card " +
	"dtd_identifier:id is_self_referencing:yn is_identity:yn identity_generation:char identity_start:char " +
	"identity_increment:char identity_maximum:char identity_minimum:char identity_cycle:yn is_generated:char " +
	"generation_expression:char is_updatable:yn")

// columnsQuery: an identity column's sequence is the one depending on it
// internally; its default (kept in pg_attrdef here) is not shown, as
// PostgreSQL has none.
var columnsQuery = "SELECT " + curDB + " AS table_catalog, nc.nspname AS table_schema, c.relname AS table_name, " +
	"a.attname AS column_name, a.attnum::int4 AS ordinal_position, " +
	"(CASE WHEN a.attgenerated = '' AND a.attidentity = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END)::varchar AS column_default, " +
	"(CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END)::varchar AS is_nullable, " +
	"(CASE WHEN t.typtype = 'd' THEN " + dataType("t.typbasetype", "bt") + " ELSE " + dataType("a.atttypid", "t") + " END)::varchar AS data_type, " +
	charMaxLength(trueTypid, trueTypmod) + " AS character_maximum_length, " +
	charOctetLength(trueTypid, trueTypmod) + " AS character_octet_length, " +
	numericPrecision(trueTypid, trueTypmod) + " AS numeric_precision, " +
	numericPrecisionRadix(trueTypid) + " AS numeric_precision_radix, " +
	numericScale(trueTypid, trueTypmod) + " AS numeric_scale, " +
	datetimePrecision(trueTypid, trueTypmod) + " AS datetime_precision, " +
	intervalType(trueTypid, trueTypmod) + " AS interval_type, " +
	"NULL::int4 AS interval_precision, NULL::name AS character_set_catalog, NULL::name AS character_set_schema, " +
	"NULL::name AS character_set_name, " +
	"(CASE WHEN co.nspname IS NOT NULL THEN " + curDB + " END)::name AS collation_catalog, " +
	"co.nspname AS collation_schema, co.collname AS collation_name, " +
	"(CASE WHEN t.typtype = 'd' THEN " + curDB + " END)::name AS domain_catalog, " +
	"(CASE WHEN t.typtype = 'd' THEN nt.nspname END)::name AS domain_schema, " +
	"(CASE WHEN t.typtype = 'd' THEN t.typname END)::name AS domain_name, " +
	curDB + " AS udt_catalog, COALESCE(nbt.nspname, nt.nspname)::name AS udt_schema, COALESCE(bt.typname, t.typname)::name AS udt_name, " +
	"NULL::name AS scope_catalog, NULL::name AS scope_schema, NULL::name AS scope_name, NULL::int4 AS maximum_cardinality, " +
	"a.attnum::text::name AS dtd_identifier, 'NO'::varchar AS is_self_referencing, " +
	yesNo("a.attidentity IN ('a', 'd')") + " AS is_identity, " +
	"(CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END)::varchar AS identity_generation, " +
	"idn.seqstart::varchar AS identity_start, idn.seqincrement::varchar AS identity_increment, " +
	"idn.seqmax::varchar AS identity_maximum, idn.seqmin::varchar AS identity_minimum, " +
	yesNo("idn.seqcycle") + " AS identity_cycle, " +
	"(CASE WHEN a.attgenerated <> '' THEN 'ALWAYS' ELSE 'NEVER' END)::varchar AS is_generated, " +
	"(CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END)::varchar AS generation_expression, " +
	yesNo("c.relkind IN ('r', 'p') OR c.relkind IN ('v', 'f') AND pg_catalog.pg_column_is_updatable(c.oid, a.attnum, false)") + " AS is_updatable " +
	"FROM pg_catalog.pg_attribute a " +
	"LEFT JOIN pg_catalog.pg_attrdef ad ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum " +
	"JOIN pg_catalog.pg_class c ON a.attrelid = c.oid " +
	"JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid " +
	"JOIN pg_catalog.pg_type t ON a.atttypid = t.oid " +
	"JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid " +
	"LEFT JOIN pg_catalog.pg_type bt ON t.typtype = 'd' AND t.typbasetype = bt.oid " +
	"LEFT JOIN pg_catalog.pg_namespace nbt ON bt.typnamespace = nbt.oid " +
	"LEFT JOIN (SELECT col.oid, cn.nspname, col.collname FROM pg_catalog.pg_collation col " +
	"JOIN pg_catalog.pg_namespace cn ON col.collnamespace = cn.oid WHERE cn.nspname <> 'pg_catalog' OR col.collname <> 'default') co " +
	"ON a.attcollation = co.oid " +
	"LEFT JOIN (SELECT dep.refobjid, dep.refobjsubid, seq.seqstart, seq.seqincrement, seq.seqmax, seq.seqmin, seq.seqcycle " +
	"FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_sequence seq ON dep.objid = seq.seqrelid " +
	"WHERE dep.classid = 1259 AND dep.refclassid = 1259 AND dep.deptype = 'i') idn " +
	"ON idn.refobjid = c.oid AND idn.refobjsubid = a.attnum " +
	"WHERE NOT pg_catalog.pg_is_other_temp_schema(nc.oid) AND a.attnum > 0 AND NOT a.attisdropped " +
	"AND c.relkind IN ('r', 'v', 'f', 'p') " +
	"AND (pg_catalog.pg_has_role(c.relowner, 'USAGE') OR pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE, REFERENCES'))"

// trueTypid and trueTypmod are a column's type and typmod, its domain's
// base type and typmod for a column of a domain (_pg_truetypid,
// _pg_truetypmod).
const (
	trueTypid  = "(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END)"
	trueTypmod = "(CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END)"
)

var colsISDomains = isCols("domain_catalog:id domain_schema:id domain_name:id data_type:char " +
	"character_maximum_length:card character_octet_length:card character_set_catalog:id character_set_schema:id " +
	"character_set_name:id collation_catalog:id collation_schema:id collation_name:id numeric_precision:card " +
	"numeric_precision_radix:card numeric_scale:card datetime_precision:card interval_type:char " +
	"interval_precision:card domain_default:char udt_catalog:id udt_schema:id udt_name:id scope_catalog:id " +
	"scope_schema:id scope_name:id maximum_cardinality:card dtd_identifier:id")

// domainsQuery lists the domains (collations are not shown: every
// collation sorts as C here).
var domainsQuery = "SELECT " + curDB + " AS domain_catalog, nt.nspname AS domain_schema, t.typname AS domain_name, " +
	dataType("t.typbasetype", "bt") + " AS data_type, " +
	charMaxLength("t.typbasetype", "t.typtypmod") + " AS character_maximum_length, " +
	charOctetLength("t.typbasetype", "t.typtypmod") + " AS character_octet_length, " +
	"NULL::name AS character_set_catalog, NULL::name AS character_set_schema, NULL::name AS character_set_name, " +
	"NULL::name AS collation_catalog, NULL::name AS collation_schema, NULL::name AS collation_name, " +
	numericPrecision("t.typbasetype", "t.typtypmod") + " AS numeric_precision, " +
	numericPrecisionRadix("t.typbasetype") + " AS numeric_precision_radix, " +
	numericScale("t.typbasetype", "t.typtypmod") + " AS numeric_scale, " +
	datetimePrecision("t.typbasetype", "t.typtypmod") + " AS datetime_precision, " +
	intervalType("t.typbasetype", "t.typtypmod") + " AS interval_type, " +
	"NULL::int4 AS interval_precision, t.typdefault::varchar AS domain_default, " +
	curDB + " AS udt_catalog, nbt.nspname AS udt_schema, bt.typname AS udt_name, " +
	"NULL::name AS scope_catalog, NULL::name AS scope_schema, NULL::name AS scope_name, " +
	"NULL::int4 AS maximum_cardinality, '1'::name AS dtd_identifier " +
	"FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid " +
	"JOIN pg_catalog.pg_type bt ON t.typbasetype = bt.oid JOIN pg_catalog.pg_namespace nbt ON bt.typnamespace = nbt.oid " +
	"WHERE t.typtype = 'd' AND pg_catalog.pg_has_role(t.typowner, 'USAGE')"

var colsISTablePrivileges = isCols("grantor:id grantee:id table_catalog:id table_schema:id table_name:id " +
	"privilege_type:char is_grantable:yn with_hierarchy:yn")

// tablePrivilegesQuery explodes each relation's access control list (its
// default, the owner's full rights, when NULL) into one row per
// privilege. Lists hold aclitems' text forms, "grantee=privs/grantor",
// with an empty grantee for PUBLIC and a "*" after a privilege given
// with grant option.
var tablePrivilegesQuery = "SELECT u_grantor.rolname AS grantor, grantee.rolname AS grantee, " + curDB + " AS table_catalog, " +
	"nc.nspname AS table_schema, c.relname AS table_name, pr.name::varchar AS privilege_type, " +
	yesNo("pg_catalog.pg_has_role(grantee.oid, c.relowner, 'USAGE') OR pg_catalog.strpos(c.privs, pr.letter || '*') > 0") + " AS is_grantable, " +
	yesNo("pr.name = 'SELECT'") + " AS with_hierarchy " +
	"FROM (SELECT i.oid, i.relname, i.relnamespace, i.relkind, i.relowner, " +
	aclName("pg_catalog.split_part(i.item, '=', 1)") + " AS grantee_name, " +
	"pg_catalog.split_part(pg_catalog.split_part(i.item, '=', 2), '/', 1) AS privs, " +
	aclName("pg_catalog.split_part(i.item, '/', 2)") + " AS grantor_name " +
	"FROM (SELECT r.oid, r.relname, r.relnamespace, r.relkind, r.relowner, " +
	"pg_catalog.unnest(COALESCE(r.relacl, ARRAY[pg_catalog.quote_ident(o.rolname) || '=arwdDxt/' || pg_catalog.quote_ident(o.rolname)])) AS item " +
	"FROM pg_catalog.pg_class r JOIN pg_catalog.pg_authid o ON o.oid = r.relowner " +
	"WHERE r.relkind IN ('r', 'v', 'f', 'p')) i) c " +
	"JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid " +
	"JOIN pg_catalog.pg_authid u_grantor ON u_grantor.rolname = c.grantor_name " +
	"JOIN (SELECT oid, rolname FROM pg_catalog.pg_authid UNION ALL SELECT 0::oid, 'PUBLIC'::name) grantee(oid, rolname) " +
	"ON grantee.rolname = (CASE WHEN c.grantee_name = '' THEN 'PUBLIC' ELSE c.grantee_name END) " +
	"JOIN (VALUES ('a', 'INSERT'), ('r', 'SELECT'), ('w', 'UPDATE'), ('d', 'DELETE'), ('D', 'TRUNCATE'), " +
	"('x', 'REFERENCES'), ('t', 'TRIGGER')) pr(letter, name) ON pg_catalog.strpos(c.privs, pr.letter) > 0 " +
	"WHERE pg_catalog.pg_has_role(u_grantor.oid, 'USAGE') OR pg_catalog.pg_has_role(grantee.oid, 'USAGE') OR grantee.rolname = 'PUBLIC'"

// aclName undoes the double quotes of a role name in an aclitem.
func aclName(e string) string {
	return "(CASE WHEN pg_catalog.left(" + e + ", 1) = '\"' THEN pg_catalog.replace(pg_catalog.substr(" + e + ", 2, pg_catalog.length(" + e +
		") - 2), '\"\"', '\"') ELSE " + e + " END)"
}

var colsISTriggers = isCols("trigger_catalog:id trigger_schema:id trigger_name:id event_manipulation:char " +
	"event_object_catalog:id event_object_schema:id event_object_table:id action_order:card action_condition:char " +
	"action_statement:char action_orientation:char action_timing:char action_reference_old_table:id " +
	"action_reference_new_table:id action_reference_old_row:id action_reference_new_row:id created:ts")

var colsISRoutines = isCols("specific_catalog:id specific_schema:id specific_name:id routine_catalog:id " +
	"routine_schema:id routine_name:id routine_type:char module_catalog:id module_schema:id module_name:id " +
	"udt_catalog:id udt_schema:id udt_name:id data_type:char character_maximum_length:card " +
	"character_octet_length:card character_set_catalog:id character_set_schema:id character_set_name:id " +
	"collation_catalog:id collation_schema:id collation_name:id numeric_precision:card numeric_precision_radix:card " +
	"numeric_scale:card datetime_precision:card interval_type:char interval_precision:card type_udt_catalog:id " +
	"type_udt_schema:id type_udt_name:id scope_catalog:id scope_schema:id scope_name:id maximum_cardinality:card " +
	"dtd_identifier:id routine_body:char routine_definition:char external_name:char external_language:char " +
	"parameter_style:char is_deterministic:yn sql_data_access:char is_null_call:yn sql_path:char " +
	"schema_level_routine:yn max_dynamic_result_sets:card is_user_defined_cast:yn is_implicitly_invocable:yn " +
	"security_type:char to_sql_specific_catalog:id to_sql_specific_schema:id to_sql_specific_name:id as_locator:yn " +
	"created:ts last_altered:ts new_savepoint_level:yn is_udt_dependent:yn result_cast_from_data_type:char " +
	"result_cast_as_locator:yn result_cast_char_max_length:card result_cast_char_octet_length:card " +
	"result_cast_char_set_catalog:id result_cast_char_set_schema:id result_cast_char_set_name:id " +
	"result_cast_collation_catalog:id result_cast_collation_schema:id result_cast_collation_name:id " +
	"result_cast_numeric_precision:card result_cast_numeric_precision_radix:card result_cast_numeric_scale:card " +
	"result_cast_datetime_precision:card result_cast_interval_type:char result_cast_interval_precision:card " +
	"result_cast_type_udt_catalog:id result_cast_type_udt_schema:id result_cast_type_udt_name:id " +
	"result_cast_scope_catalog:id result_cast_scope_schema:id result_cast_scope_name:id " +
	"result_cast_maximum_cardinality:card result_cast_dtd_identifier:id")

// routinesQuery lists functions and procedures (not aggregates or window
// functions). The type facts of the result are those of the return type
// without a typmod, as PostgreSQL's.
var routinesQuery = "SELECT " + curDB + " AS specific_catalog, n.nspname AS specific_schema, " +
	"(p.proname::text || '_' || p.oid::text)::name AS specific_name, " + curDB + " AS routine_catalog, " +
	"n.nspname AS routine_schema, p.proname AS routine_name, " +
	"(CASE p.prokind WHEN 'f' THEN 'FUNCTION' WHEN 'p' THEN 'PROCEDURE' END)::varchar AS routine_type, " +
	"NULL::name AS module_catalog, NULL::name AS module_schema, NULL::name AS module_name, " +
	"NULL::name AS udt_catalog, NULL::name AS udt_schema, NULL::name AS udt_name, " +
	"(CASE WHEN p.prokind = 'p' THEN NULL ELSE " + dataType("p.prorettype", "t") + " END)::varchar AS data_type, " +
	"NULL::int4 AS character_maximum_length, NULL::int4 AS character_octet_length, NULL::name AS character_set_catalog, " +
	"NULL::name AS character_set_schema, NULL::name AS character_set_name, NULL::name AS collation_catalog, " +
	"NULL::name AS collation_schema, NULL::name AS collation_name, NULL::int4 AS numeric_precision, " +
	"NULL::int4 AS numeric_precision_radix, NULL::int4 AS numeric_scale, NULL::int4 AS datetime_precision, " +
	"NULL::varchar AS interval_type, NULL::int4 AS interval_precision, " +
	"(CASE WHEN nt.nspname IS NOT NULL THEN " + curDB + " END)::name AS type_udt_catalog, " +
	"nt.nspname AS type_udt_schema, t.typname AS type_udt_name, " +
	"NULL::name AS scope_catalog, NULL::name AS scope_schema, NULL::name AS scope_name, NULL::int4 AS maximum_cardinality, " +
	"(CASE WHEN p.prokind <> 'p' THEN 0 END)::text::name AS dtd_identifier, " +
	"(CASE WHEN l.lanname = 'sql' THEN 'SQL' ELSE 'EXTERNAL' END)::varchar AS routine_body, " +
	"(CASE WHEN pg_catalog.pg_has_role(p.proowner, 'USAGE') THEN p.prosrc END)::varchar AS routine_definition, " +
	"(CASE WHEN l.lanname = 'c' THEN p.prosrc END)::varchar AS external_name, " +
	"pg_catalog.upper(l.lanname::text)::varchar AS external_language, 'GENERAL'::varchar AS parameter_style, " +
	yesNo("p.provolatile = 'i'") + " AS is_deterministic, 'MODIFIES'::varchar AS sql_data_access, " +
	"(CASE WHEN p.prokind <> 'p' THEN (CASE WHEN p.proisstrict THEN 'YES' ELSE 'NO' END) END)::varchar AS is_null_call, " +
	"NULL::varchar AS sql_path, 'YES'::varchar AS schema_level_routine, 0::int4 AS max_dynamic_result_sets, " +
	"NULL::varchar AS is_user_defined_cast, NULL::varchar AS is_implicitly_invocable, " +
	"(CASE WHEN p.prosecdef THEN 'DEFINER' ELSE 'INVOKER' END)::varchar AS security_type, " +
	"NULL::name AS to_sql_specific_catalog, NULL::name AS to_sql_specific_schema, NULL::name AS to_sql_specific_name, " +
	"'NO'::varchar AS as_locator, NULL::timestamptz AS created, NULL::timestamptz AS last_altered, " +
	"NULL::varchar AS new_savepoint_level, 'NO'::varchar AS is_udt_dependent, " +
	nullCols(colsISRoutines[len(colsISRoutines)-24:]) + " " +
	"FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_proc p ON n.oid = p.pronamespace " +
	"JOIN pg_catalog.pg_language l ON p.prolang = l.oid " +
	"LEFT JOIN pg_catalog.pg_type t ON t.oid = p.prorettype AND p.prokind <> 'p' " +
	"LEFT JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid " +
	"WHERE p.prokind IN ('f', 'p') " +
	"AND (pg_catalog.pg_has_role(p.proowner, 'USAGE') OR pg_catalog.has_function_privilege(p.oid, 'EXECUTE'))"
