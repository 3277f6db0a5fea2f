-- The operator, cast, operator class and family, conversion and text
-- search catalogs: built-in rows over types both servers have, and their
-- joins to pg_proc, pg_type, pg_am and pg_description.
SELECT oprname, oprleft::regtype, oprright::regtype, oprresult::regtype, oprcode FROM pg_operator WHERE oprname = '+' AND oprleft = 'int4'::regtype ORDER BY 2, 3;
SELECT o.oid, o.oprname, o.oprkind, o.oprcanmerge, o.oprcanhash, o.oprleft::regtype, o.oprright::regtype, o.oprresult::regtype, c.oprname AS com, n.oprname AS neg, o.oprcode, o.oprnamespace::regnamespace, o.oprowner FROM pg_operator o LEFT JOIN pg_operator c ON c.oid = o.oprcom LEFT JOIN pg_operator n ON n.oid = o.oprnegate WHERE o.oprleft IN ('int4'::regtype, 'int8'::regtype) AND o.oprright IN ('int4'::regtype, 'int8'::regtype) ORDER BY o.oid;
SELECT o.oprname, p.proname, p.prorettype::regtype, obj_description(o.oid, 'pg_operator') FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode WHERE o.oprleft = 'text'::regtype AND o.oprright = 'text'::regtype AND o.oprname <> '@@' ORDER BY 1;
SELECT oprname, oprright::regtype, oprresult::regtype, oprcode FROM pg_operator WHERE oprkind = 'l' AND oprright IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'float8'::regtype, 'numeric'::regtype) ORDER BY 1, 2;
-- every operator's function and types are in pg_proc and pg_type
SELECT count(*) FROM pg_operator o LEFT JOIN pg_proc p ON p.oid = o.oprcode WHERE p.oid IS NULL AND o.oprleft IN ('int4'::regtype, 'text'::regtype, 'date'::regtype);
SELECT count(*) FROM pg_operator o WHERE o.oprresult NOT IN (SELECT oid FROM pg_type) AND o.oprleft IN ('int4'::regtype, 'text'::regtype);
SELECT oprname, oprcode, oprnegate <> 0 AS has_neg FROM pg_operator WHERE oprleft = 'bool'::regtype AND oprright = 'bool'::regtype ORDER BY 1;
-- casts
SELECT c.oid, castsource::regtype, casttarget::regtype, castfunc, castcontext, castmethod FROM pg_cast c WHERE castsource = 'int4'::regtype AND casttarget IN ('int2'::regtype, 'int8'::regtype, 'float4'::regtype, 'float8'::regtype, 'numeric'::regtype, 'text'::regtype, 'bool'::regtype, 'oid'::regtype, 'char'::regtype) ORDER BY 3;
SELECT castsource::regtype, casttarget::regtype, p.proname, castcontext, castmethod FROM pg_cast c LEFT JOIN pg_proc p ON p.oid = c.castfunc WHERE casttarget = 'int4'::regtype AND castsource IN ('int2'::regtype, 'int8'::regtype, 'float4'::regtype, 'float8'::regtype, 'numeric'::regtype, 'bool'::regtype, 'jsonb'::regtype) ORDER BY 1;
SELECT castsource::regtype, casttarget::regtype, castcontext, castmethod FROM pg_cast WHERE castsource IN ('text'::regtype, 'varchar'::regtype) AND casttarget IN ('text'::regtype, 'varchar'::regtype, 'name'::regtype, 'regclass'::regtype) ORDER BY 1, 2;
SELECT count(*) FROM pg_cast c JOIN pg_proc p ON p.oid = c.castfunc WHERE c.castsource IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'float4'::regtype, 'float8'::regtype, 'numeric'::regtype) AND c.casttarget IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'float4'::regtype, 'float8'::regtype, 'numeric'::regtype);
-- operator classes and families of btree and hash
SELECT c.oid, a.amname, c.opcname, c.opcintype::regtype, c.opcdefault, c.opckeytype, f.opfname, c.opcnamespace::regnamespace FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily WHERE c.opcintype IN ('int4'::regtype, 'text'::regtype, 'int8'::regtype, 'date'::regtype) AND a.amname IN ('btree', 'hash') ORDER BY 2, 3;
SELECT f.oid, a.amname, f.opfname FROM pg_opfamily f JOIN pg_am a ON a.oid = f.opfmethod WHERE f.opfname IN ('integer_ops', 'text_ops', 'text_pattern_ops', 'float_ops', 'datetime_ops', 'bool_ops') AND a.amname IN ('btree', 'hash') ORDER BY 2, 3;
SELECT a.amopstrategy, o.oprname, a.amoplefttype::regtype, a.amoprighttype::regtype, a.amoppurpose, a.amopsortfamily FROM pg_amop a JOIN pg_opfamily f ON f.oid = a.amopfamily JOIN pg_operator o ON o.oid = a.amopopr WHERE f.opfname = 'integer_ops' AND f.opfmethod = 403 AND a.amoplefttype = 'int4'::regtype ORDER BY 3, 4, 1;
SELECT a.amopstrategy, o.oprname, a.amoplefttype::regtype FROM pg_amop a JOIN pg_opfamily f ON f.oid = a.amopfamily JOIN pg_operator o ON o.oid = a.amopopr WHERE f.opfname = 'text_ops' AND f.opfmethod = 405 ORDER BY 1;
SELECT p.amprocnum, p.amproc, p.amproclefttype::regtype, p.amprocrighttype::regtype FROM pg_amproc p JOIN pg_opclass c ON c.opcfamily = p.amprocfamily WHERE c.opcname = 'int4_ops' AND c.opcmethod = 403 AND p.amprocnum = 1 AND p.amproclefttype = p.amprocrighttype ORDER BY 3;
-- the index-definition query tools run: the default btree class of a column type
SELECT t.typname, c.opcname FROM pg_type t JOIN pg_opclass c ON c.opcintype = t.oid AND c.opcdefault AND c.opcmethod = (SELECT oid FROM pg_am WHERE amname = 'btree') WHERE t.typname IN ('int4', 'text', 'varchar', 'timestamptz', 'numeric', 'bool', 'uuid', 'jsonb') ORDER BY 1;
-- conversions and text search
SELECT count(*) FROM pg_conversion;
SELECT conname, pg_encoding_to_char(conforencoding), pg_encoding_to_char(contoencoding), condefault FROM pg_conversion WHERE conname IN ('utf8_to_iso_8859_1', 'iso_8859_1_to_utf8', 'utf8_to_windows_1252') ORDER BY 1;
SELECT cfgname, p.prsname, cfgnamespace::regnamespace FROM pg_ts_config c JOIN pg_ts_parser p ON p.oid = c.cfgparser WHERE cfgname IN ('simple', 'english') ORDER BY 1;
SELECT d.dictname, t.tmplname, d.dictinitoption FROM pg_ts_dict d JOIN pg_ts_template t ON t.oid = d.dicttemplate WHERE d.dictname IN ('simple', 'english_stem') ORDER BY 1;
SELECT m.maptokentype, m.mapseqno, d.dictname FROM pg_ts_config_map m JOIN pg_ts_config c ON c.oid = m.mapcfg JOIN pg_ts_dict d ON d.oid = m.mapdict WHERE c.cfgname = 'english' ORDER BY 1, 2;
SELECT tmplname FROM pg_ts_template ORDER BY 1;
SELECT * FROM ts_token_type('default') ORDER BY 1;
SELECT t.alias, d.dictname FROM pg_ts_config c JOIN pg_ts_config_map m ON m.mapcfg = c.oid JOIN ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype JOIN pg_ts_dict d ON d.oid = m.mapdict WHERE c.cfgname = 'english' ORDER BY 1, 2;
SELECT * FROM ts_token_type('pg_catalog.nope');
-- aggregates
SELECT a.aggfnoid::oid, p.proname, a.aggkind, a.aggnumdirectargs, a.aggtransfn::oid, a.aggfinalfn::oid, a.aggcombinefn::oid, o.oprname AS sortop, a.aggtranstype, a.aggtransspace, a.agginitval FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid LEFT JOIN pg_operator o ON o.oid = a.aggsortop WHERE a.aggfnoid::oid IN (2803, 2147, 2108, 2107, 2101, 2116, 2145, 3538, 2517, 2335, 2100, 2104) ORDER BY 1;
-- visibility tests
SELECT pg_operator_is_visible(o.oid), pg_opclass_is_visible(c.oid), pg_opfamily_is_visible(c.opcfamily) FROM pg_operator o, pg_opclass c WHERE o.oid = 96 AND c.opcname = 'int4_ops' AND c.opcmethod = 403;
SELECT pg_conversion_is_visible((SELECT oid FROM pg_conversion WHERE conname = 'utf8_to_iso_8859_1')), pg_ts_config_is_visible(3748), pg_ts_dict_is_visible(3765), pg_ts_parser_is_visible(3722), pg_ts_template_is_visible(3727), pg_collation_is_visible(950);
SELECT pg_operator_is_visible(0), pg_statistics_obj_is_visible(0), pg_opclass_is_visible(1);
SELECT count(*) FROM pg_statistic_ext WHERE pg_statistics_obj_is_visible(oid);
-- an index's keys name their types' default btree operator classes
BEGIN;
CREATE TABLE co_t (a int, b varchar(10), c text, d timestamptz, e int[], f numeric, g bool, h char(3), i name, j bigint);
CREATE INDEX co_i ON co_t (a, b, c, d, e, f, g, h, i, j);
CREATE INDEX co_x ON co_t ((a + 1), lower(c));
SELECT x.indexrelid::regclass, k.n, oc.opcname, am.amname FROM pg_index x CROSS JOIN unnest(x.indclass::oid[]) WITH ORDINALITY k(c, n) LEFT JOIN pg_opclass oc ON oc.oid = k.c LEFT JOIN pg_am am ON am.oid = oc.opcmethod WHERE x.indrelid = 'co_t'::regclass ORDER BY 1, 2;
ROLLBACK;
