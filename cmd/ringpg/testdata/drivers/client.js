// A node-postgres client for the driver matrix test (drivers_test.go):
// connects with the DRV_* environment variables, runs DRV_QUERY and prints
// "OK <first column>" or "ERR <SQLSTATE or -> <message>". The pg module is
// found through NODE_PATH.
const fs = require('fs');
const { Client } = require('pg');

const e = process.env;
const client = new Client({
  host: e.DRV_HOST, port: Number(e.DRV_PORT), user: e.DRV_USER, password: e.DRV_PASSWORD,
  database: e.DRV_DB, connectionTimeoutMillis: 10000,
  ssl: { ca: fs.readFileSync(e.DRV_CA), rejectUnauthorized: true },
});

(async () => {
  try {
    await client.connect();
    const res = await client.query({ text: e.DRV_QUERY, rowMode: 'array' });
    console.log('OK ' + res.rows[0][0]);
  } catch (err) {
    console.log('ERR ' + (err.code || '-') + ' ' + String(err.message).replace(/\n/g, ' '));
  } finally {
    await client.end().catch(() => {});
  }
})();
