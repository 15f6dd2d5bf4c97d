import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainEventMap, DomainEventName } from './event-map';

interface Buffered {
  name: DomainEventName;
  event: unknown;
}

/**
 * The events of one transaction, held until it commits. `add` is typed by the event map: the name
 * picks the payload type.
 */
export class EventBuffer {
  private items: Buffered[] = [];

  add<K extends DomainEventName>(name: K, event: DomainEventMap[K]): void {
    this.items.push({ name, event });
  }

  get size(): number {
    return this.items.length;
  }

  /** Takes every buffered event out, in the order added. */
  drain(): Buffered[] {
    return this.items.splice(0);
  }
}

/** The work of one transaction: its entity manager and the buffer for its events. */
export type TransactionWork<T> = (tx: EntityManager, events: EventBuffer) => Promise<T>;

export interface TransactOptions<T, R> {
  /**
   * Runs the transaction when a plain `DataSource.transaction` will not do, e.g. the idempotency
   * guard's (`(work) => idempotency.run(request, work)`); what it resolves to is what `transact`
   * resolves to. Should it call `work` again (a retry), the events of the failed try are dropped.
   */
  runner?: (work: (tx: EntityManager) => Promise<T>) => Promise<R>;
}

/** A listener for one or more events; its errors are logged, never thrown at the publisher. */
export type DomainEventHandler<K extends DomainEventName> = (event: DomainEventMap[K], name: K) => unknown;

/**
 * The one way to publish domain events (the transport is EventEmitter2, in process):
 * - `transact(async (tx, events) => …)`: the events added during the transaction are published once
 *   it has committed, and not at all if it rolls back (a rolled-back change must not ring anyone's bell);
 * - `publish(name, event)`: at once, for a change that is not a database transaction (a socket
 *   closing, a NOTIFY heard);
 * - `on(name | names, handler)` or `@OnDomainEvent(name)`: listen.
 * Listeners run synchronously inside `publish`, in the order they subscribed.
 */
@Injectable()
export class EventBus {
  private readonly log = new Logger(EventBus.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly emitter: EventEmitter2,
  ) {}

  async transact<T, R = T>(work: TransactionWork<T>, options: TransactOptions<T, R> = {}): Promise<R> {
    const events = new EventBuffer();
    const attempt = (tx: EntityManager): Promise<T> => {
      events.drain();
      return work(tx, events);
    };
    const result = options.runner
      ? await options.runner(attempt)
      : ((await this.db.transaction(attempt)) as unknown as R);
    for (const { name, event } of events.drain()) this.emit(name, event);
    return result;
  }

  publish<K extends DomainEventName>(name: K, event: DomainEventMap[K]): void {
    this.emit(name, event);
  }

  /** Subscribes `handler`; returns the unsubscribe function (call it on module destroy). */
  on<K extends DomainEventName>(names: K | readonly K[], handler: DomainEventHandler<K>): () => void {
    const list: readonly K[] = typeof names === 'string' ? [names] : names;
    const subscribed = list.map((name) => {
      const listener = (event: DomainEventMap[K]): void => {
        try {
          const result = handler(event, name);
          if (result instanceof Promise)
            result.catch((err: unknown) => this.log.warn({ err, event: name }, 'event listener failed'));
        } catch (err) {
          this.log.warn({ err, event: name }, 'event listener failed');
        }
      };
      this.emitter.on(name, listener);
      return [name, listener] as const;
    });
    return () => {
      for (const [name, listener] of subscribed) this.emitter.off(name, listener);
    };
  }

  private emit(name: DomainEventName, event: unknown): void {
    try {
      this.emitter.emit(name, event);
    } catch (err) {
      // the change is committed; a listener's failure must not turn it into an error
      this.log.warn({ err, event: name }, 'event listener failed');
    }
  }
}

/** `@OnEvent` typed by the event map: the decorated method must take the event's payload. */
export function OnDomainEvent<K extends DomainEventName>(
  name: K,
): <M extends (event: DomainEventMap[K]) => unknown>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void {
  return OnEvent(name);
}
