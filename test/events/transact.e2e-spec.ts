import { EventBus } from '../../src/common/events';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * EventBus.transact against the real PostgreSQL: what a listener hears is what committed. A listener
 * reads the database when it hears the event (as the dispatcher and the queue statistics do), so it
 * must see the change; a rolled-back change rings nobody's bell.
 */
describe('events: published after commit, never after a rollback (real PostgreSQL)', () => {
  let app: TestApp;
  let bus: EventBus;
  const heard: { consultId: string; committed: Promise<number> }[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    bus = app.server.app.get(EventBus);
    await app.db.query(`CREATE TABLE transact_probe (id text PRIMARY KEY)`);
    bus.on('consult.created', (e) =>
      heard.push({
        consultId: e.consultId,
        // what another connection sees at the moment the event is heard
        committed: app.db
          .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM transact_probe WHERE id = $1`, [
            e.consultId,
          ])
          .then(([row]) => row.n),
      }),
    );
  });

  afterAll(async () => {
    await app.close();
  });

  it('a committed transaction: its events are heard once, and the change is visible to whoever hears them', async () => {
    await bus.transact(async (tx, events) => {
      await tx.query(`INSERT INTO transact_probe (id) VALUES ('a')`);
      events.add('consult.created', { consultId: 'a' });
      // not yet: the transaction is still open
      expect(heard).toHaveLength(0);
    });
    expect(heard.map((h) => h.consultId)).toEqual(['a']);
    await expect(heard[0].committed).resolves.toBe(1);
  });

  it('a transaction that fails after adding an event: nothing written, nothing heard, the error reaches the caller', async () => {
    heard.length = 0;
    await expect(
      bus.transact(async (tx, events) => {
        await tx.query(`INSERT INTO transact_probe (id) VALUES ('b')`);
        events.add('consult.created', { consultId: 'b' });
        await tx.query(`INSERT INTO transact_probe (id) VALUES ('a')`); // duplicate key: the database refuses
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(heard).toHaveLength(0);
    const [{ n }] = await app.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM transact_probe WHERE id = 'b'`,
    );
    expect(n).toBe(0);
  });
});
