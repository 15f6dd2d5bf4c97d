import { HashSlots } from './hash-slots';

const tick = () => new Promise((r) => setImmediate(r));

describe('HashSlots', () => {
  it('runs at most `concurrency` tasks at once, in arrival order, and refuses past the queue', async () => {
    const slots = new HashSlots(2, 2);
    const release: (() => void)[] = [];
    const started: number[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        release.push(() => resolve(n));
      });
    const runs = [1, 2, 3, 4].map((n) => slots.run(task(n)));
    expect(await slots.run(task(5))).toBeNull();
    await tick();
    expect(started).toEqual([1, 2]);
    expect(slots.busy).toEqual({ running: 2, waiting: 2 });
    release[0]();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    release[1]();
    release[2]();
    await tick();
    release[3]();
    expect(await Promise.all(runs)).toEqual([1, 2, 3, 4].map((value) => ({ value })));
    expect(slots.busy).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a task fails', async () => {
    const slots = new HashSlots(1, 0);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(() => Promise.resolve('ok'))).toEqual({ value: 'ok' });
  });
});
