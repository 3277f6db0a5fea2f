// The node-postgres application flow of the driver matrix
// (driverflow_test.go): connects with the FLOW_* environment variables and
// prints a transcript that the test compares between PostgreSQL 15 and
// ringpg. node-postgres sends parameters as text (Buffers in binary),
// reads every column as text, and copies through pg-copy-streams.
const { Client } = require('pg');
const { to: copyTo, from: copyFrom } = require('pg-copy-streams');
const { finished } = require('stream/promises');

const e = process.env;
const T = e.FLOW_TABLE;

const all = Buffer.alloc(256);
for (let i = 0; i < 256; i++) all[i] = i;
const ROWS = [
  [all, { a: [1, 2, { b: null }], u: 'héllo ✓ 😀', n: 1.5e3, s: 'q"uo\\te' }, '12345678901234.123456',
    new Date('2024-02-29T23:59:59.123+05:30'), ['a', null, 'with "quote"', 'comma,brace}', '', 'NULL'], [1, null, -3]],
  [Buffer.alloc(0), [[], {}, 'x"y', true, false, null], '-0.000001', new Date('1999-12-31T23:59:59-08:00'), [], []],
  [Buffer.from("\\x00'"), 'scalar ✓', '99999999999999.999999', 'infinity', [' spaces ', 'back\\slash'], [2147483647, -2147483648]],
  [Buffer.from([0xff]), { deep: { er: [{ x: 1.25 }] } }, '-99999999999999.999999', '-infinity', null, null],
];

// canon renders a value with sorted object keys.
function canon(v) {
  if (Array.isArray(v)) return '[' + v.map(canon).join(',') + ']';
  if (v && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
    return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}';
  }
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (v === Infinity) return 'infinity';
  if (v === -Infinity) return '-infinity';
  return JSON.stringify(v);
}

function errLine(err) {
  if (!err.code) return 'CLIENTERR ' + err.message;
  let s = 'ERR ' + err.code + ' ' + err.message;
  if (err.detail) s += ' DETAIL ' + err.detail;
  return s;
}

async function main() {
  const c = new Client({
    host: e.FLOW_HOST, port: Number(e.FLOW_PORT), user: e.FLOW_USER, database: e.FLOW_DB,
    connectionTimeoutMillis: 10000,
  });
  await c.connect();
  const step = async (name, fn) => {
    try {
      await fn();
    } catch (err) {
      console.log(name + ': ' + errLine(err));
      await c.query('rollback').catch(() => {});
    }
  };
  await step('create', async () => {
    await c.query('drop table if exists ' + T);
    await c.query('create table ' + T + ' (id serial primary key, b bytea, j jsonb, n numeric(20,6), ts timestamptz, tags text[], nums int4[])');
  });
  await step('insert', async () => {
    for (const [b, j, n, ts, tags, nums] of ROWS) {
      const r = await c.query('insert into ' + T + ' (b, j, n, ts, tags, nums) values ($1, $2, $3, $4, $5, $6) returning id',
        [b, JSON.stringify(j), n, ts, tags, nums]);
      console.log('inserted id ' + r.rows[0].id);
    }
  });
  await step('select', async () => {
    const r = await c.query('select id, b, j, n, ts, tags, nums from ' + T + ' order by id');
    r.rows.forEach((row, i) => {
      console.log(`row ${row.id}: b=${row.b.toString('hex')} j=${canon(row.j)} n=${row.n} ts=${canon(row.ts)} tags=${canon(row.tags)} nums=${canon(row.nums)}`);
      const [b, j, n, ts, tags, nums] = ROWS[i];
      console.log(`row ${row.id} equal: b=${row.b.equals(b)} j=${canon(row.j) === canon(j)} n=${row.n === n} ts=${canon(row.ts) === (typeof ts === 'string' ? ts : canon(ts))} tags=${canon(row.tags) === canon(tags)} nums=${canon(row.nums) === canon(nums)}`);
    });
  });
  await step('update', async () => {
    const r = await c.query('update ' + T + ' set n = n + $1, tags = array_append(tags, $2) where id = $3 returning n, tags', ['0.5', 'new', 2]);
    console.log(`updated: n=${r.rows[0].n} tags=${canon(r.rows[0].tags)}`);
  });
  const count = async () => (await c.query('select count(*) from ' + T)).rows[0].count;
  await step('transaction', async () => {
    await c.query('begin');
    await c.query('insert into ' + T + ' (b) values ($1)', [Buffer.from('tx')]);
    await c.query('savepoint s1');
    await c.query('delete from ' + T + ' where id = $1', [1]);
    try {
      await c.query('select 1/0');
    } catch (err) {
      console.log('in savepoint: ' + errLine(err));
    }
    await c.query('rollback to savepoint s1');
    console.log('after rollback to savepoint: ' + await count());
    await c.query('rollback');
    console.log('after rollback: ' + await count());
  });
  await step('prepared', async () => {
    // A transaction keeps the named statement on one server connection
    // behind a transaction-mode pooler.
    await c.query('begin');
    for (const id of [1, 2, 3, 4, 99, 1]) {
      const r = await c.query({ name: 'by_id_node', text: 'select id, n, b from ' + T + ' where id = $1', values: [id] });
      if (r.rows.length === 0) console.log(`prepared ${id}: no rows`);
      else console.log(`prepared ${id}: ${r.rows[0].id} ${r.rows[0].n} ${r.rows[0].b.length} bytes`);
    }
    await c.query('deallocate by_id_node');
    await c.query('commit');
  });
  await step('unique', async () => {
    try {
      await c.query('insert into ' + T + ' (id, b) values ($1, $2)', [1, Buffer.from('dup')]);
      console.log('unique violation: OK');
    } catch (err) {
      console.log('unique violation: ' + errLine(err));
      console.log(`constraint=${err.constraint} table=${err.table}`);
    }
  });
  await step('copy out', async () => {
    const chunks = [];
    const s = c.query(copyTo("copy (select id, b, j, n, ts at time zone 'UTC', tags, nums from " + T + ' order by id) to stdout'));
    s.on('data', (d) => chunks.push(d));
    await finished(s);
    console.log(`copy out ${s.rowCount} rows:\n` + Buffer.concat(chunks).toString('utf8'));
  });
  await step('copy in', async () => {
    const s = c.query(copyFrom('copy ' + T + ' (b, j, n, ts, tags, nums) from stdin'));
    s.write('\\\\x010203\t{"copied": true}\t1.5\t2020-01-01 00:00:00+00\t{x,y}\t{7}\n');
    s.write('\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n');
    s.end();
    await finished(s);
    console.log(`copied in ${s.rowCount} rows`);
    const r = await c.query("select string_agg(coalesce(encode(b, 'hex'), 'NULL') || ' ' || coalesce(j::text, 'NULL') || ' ' || " +
      "coalesce(n::text, 'NULL') || ' ' || coalesce(tags::text, 'NULL') || ' ' || coalesce(nums::text, 'NULL'), '; ' order by id) as s from " +
      T + ' where id > 4');
    console.log('copied rows: ' + r.rows[0].s);
  });
  await step('drop', async () => {
    await c.query('drop table ' + T);
  });
  await c.end();
}

main().catch((err) => {
  console.log('fatal: ' + errLine(err));
  process.exitCode = 1;
});
