import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { DataSource, EntityManager } from 'typeorm';
import { EventBus } from './transact';

const TX = {} as EntityManager;

/** A DataSource whose transaction commits when the work resolves and rolls back when it throws. */
function fakeDb(log: string[]): DataSource {
  return {
    transaction: async <T>(work: (tx: EntityManager) => Promise<T>): Promise<T> => {
      log.push('begin');
      try {
        const result = await work(TX);
        log.push('commit');
        return result;
      } catch (err) {
        log.push('rollback');
        throw err;
      }
    },
  } as unknown as DataSource;
}

function setup() {
  const log: string[] = [];
  const emitter = new EventEmitter2();
  const bus = new EventBus(fakeDb(log), emitter);
  bus.on(['consult.created', 'consult.cancelled'], (e, name) => log.push(`${name} ${e.consultId}`));
  return { log, bus, emitter };
}

describe('EventBus.transact: events are published after commit, never after a rollback', () => {
  it('publishes the buffered events, in order, once the transaction has committed', async () => {
    const { log, bus } = setup();
    const value = await bus.transact(async (tx, events) => {
      expect(tx).toBe(TX);
      events.add('consult.created', { consultId: 'a' });
      events.add('consult.cancelled', { consultId: 'a' });
      log.push('work done');
      return 42;
    });
    expect(value).toBe(42);
    expect(log).toEqual(['begin', 'work done', 'commit', 'consult.created a', 'consult.cancelled a']);
  });

  it('publishes nothing when the work throws (rollback), and the error reaches the caller', async () => {
    const { log, bus } = setup();
    await expect(
      bus.transact(async (_tx, events) => {
        events.add('consult.created', { consultId: 'a' });
        throw new Error('invalid');
      }),
    ).rejects.toThrow('invalid');
    expect(log).toEqual(['begin', 'rollback']);
  });

  it('with a runner that retries the work, only the committed try’s events are published', async () => {
    const { log, bus } = setup();
    let tries = 0;
    const result = await bus.transact(
      async (_tx, events) => {
        tries++;
        events.add('consult.created', { consultId: `try ${tries}` });
        return tries;
      },
      {
        runner: async (work) => {
          await work(TX); // a first try whose commit failed (e.g. a serialization error)
          return { value: await work(TX), replayed: false };
        },
      },
    );
    expect(result).toEqual({ value: 2, replayed: false });
    expect(log).toEqual(['consult.created try 2']);
  });

  it('a failing listener is logged, not thrown at the publisher; the other listeners still hear', async () => {
    const { log, bus } = setup();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    bus.on('consult.created', () => {
      throw new Error('listener bug');
    });
    bus.on('consult.created', async () => Promise.reject(new Error('async listener bug')));
    bus.on('consult.created', (e) => log.push(`second ${e.consultId}`));
    await expect(
      bus.transact(async (_tx, events) => events.add('consult.created', { consultId: 'b' })),
    ).resolves.toBeUndefined();
    expect(log).toEqual(['begin', 'commit', 'consult.created b', 'second b']);
    await new Promise((r) => setImmediate(r));
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('publish emits at once; unsubscribing stops a listener', () => {
    const { bus } = setup();
    const heard: string[] = [];
    const off = bus.on('doctor.disconnected', (e) => heard.push(e.doctorId));
    bus.publish('doctor.disconnected', { doctorId: 'd1' });
    off();
    bus.publish('doctor.disconnected', { doctorId: 'd2' });
    expect(heard).toEqual(['d1']);
  });
});
