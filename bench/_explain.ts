import pg from 'pg';
import { IN_TASK_AUDIENCE } from '#src/authoring/audience-rule.ts';
const c = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:5432/${process.argv[2]}` });
await c.connect();
const { rows: [r] } = await c.query(`select r.id, r.task_id from send_records r join broadcast_tasks t on t.id = r.task_id where t.position = ${process.argv[3]}`);
await c.query('BEGIN');
const sel = (audience: string) => `SELECT $1::uuid, f.openid, f.id, CASE WHEN true THEN ((row_number() OVER (ORDER BY f.openid)) - 1) / 10000 ELSE 0 END
  FROM broadcast_tasks t JOIN broadcasts b ON b.id = t.broadcast_id JOIN followers f ON f.account_id = b.account_id AND f.subscribed
  WHERE t.id = $2::uuid AND ${audience}`;
const ins = `INSERT INTO send_record_recipients (record_id, openid, follower_id, batch_no) `;
const variants: [string, string, string?][] = [
  ['engine', `${ins}${sel(IN_TASK_AUDIENCE.sql)} ON CONFLICT DO NOTHING`],
  ['engine, work_mem 64MB', `${ins}${sel(IN_TASK_AUDIENCE.sql)} ON CONFLICT DO NOTHING`, `SET LOCAL work_mem = '64MB'`],
  ['no ON CONFLICT', `${ins}${sel(IN_TASK_AUDIENCE.sql)}`],
  ['select only', `SELECT count(*) FROM (${sel(IN_TASK_AUDIENCE.sql)}) x`],
  ['select only, work_mem 64MB', `SELECT count(*) FROM (${sel(IN_TASK_AUDIENCE.sql)}) x`, `SET LOCAL work_mem = '64MB'`],
];
for (const [name, text, pre] of variants) {
  await c.query('SAVEPOINT s');
  if (pre) await c.query(pre);
  const began = performance.now();
  await c.query(text, text.includes('$1') ? [r.id, r.task_id] : []);
  console.log(name, Math.round(performance.now() - began), 'ms');
  await c.query('ROLLBACK TO SAVEPOINT s');
}
await c.query('ROLLBACK');
await c.end();
