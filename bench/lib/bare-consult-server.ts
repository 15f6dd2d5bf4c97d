/**
 * The bare floor for `npm run bench:consults`: `POST /api/consults` → one INSERT into PostgreSQL →
 * emit `consult:offered` to the next connected client → 201 with the id. No framework, no auth, no
 * dispatch rules: what an offer costs at the least on this machine. Started by the benchmark as its
 * own process (DATABASE_URL = an empty scratch database, PORT).
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { Server, Socket } from 'socket.io';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS consults (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), caller_phone text NOT NULL, reason text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  const http = createServer();
  const io = new Server(http);
  const clients: Socket[] = [];
  let next = 0;
  io.on('connection', (s) => {
    clients.push(s);
    s.on('disconnect', () => clients.splice(clients.indexOf(s), 1));
  });
  http.on('request', (req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/consults') return; // socket.io answers its own path
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { callerPhone: string; reason: string };
      pool
        .query<{ id: string }>(`INSERT INTO consults (caller_phone, reason) VALUES ($1, $2) RETURNING id`, [
          body.callerPhone,
          body.reason,
        ])
        .then(({ rows: [row] }) => {
          const doctor = clients[next++ % Math.max(1, clients.length)];
          doctor?.emit('consult:offered', { offerId: row.id, consult: { id: row.id } });
          res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: row.id }));
        })
        .catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
  });
  http.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
  process.on('SIGTERM', () => {
    void io.close();
    void pool.end().then(() => process.exit(0));
  });
}

void main();
