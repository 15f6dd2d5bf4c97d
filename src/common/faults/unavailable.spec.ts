import { QueryFailedError } from 'typeorm';
import { isDatabaseBusy, isDatabaseUnavailable, isKnownBrokerError } from './unavailable';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const typeorm = (code: string) => new QueryFailedError('SELECT 1', [], pgError(code));

describe('isDatabaseUnavailable', () => {
  it.each([
    ['57P01 admin_shutdown (backend terminated)', typeorm('57P01')],
    ['57P02 crash_shutdown', typeorm('57P02')],
    ['57P03 cannot_connect_now', pgError('57P03')],
    ['08006 connection_failure', pgError('08006')],
    ['08001 unable to connect', typeorm('08001')],
    ['55P03 lock_not_available (lock_timeout)', typeorm('55P03')],
    ['57014 query_canceled (statement_timeout)', typeorm('57014')],
    ['53300 too_many_connections', pgError('53300')],
    ['25P03 idle_in_transaction_session_timeout', pgError('25P03')],
    ['ECONNREFUSED', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['ECONNRESET', pgError('ECONNRESET')],
    ['pg-pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['connection cut', new Error('Connection terminated unexpectedly')],
    ['ALLOW_CONNECTIONS false', pgError('55000', 'database "x" is not currently accepting connections')],
    ['wrapped in cause', new Error('outer', { cause: pgError('57P01') })],
    [
      'a transaction whose connection died under it (TypeORM)',
      Object.assign(new Error('Database connection provided by a query runner was already released'), {
        name: 'QueryRunnerProviderAlreadyReleasedError',
      }),
    ],
    ['AggregateError of refusals', Object.assign(new AggregateError([pgError('ECONNREFUSED')]), {})],
  ])('%s → unavailable', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['unique violation', typeorm('23505')],
    ['check violation', typeorm('23514')],
    ['syntax error', typeorm('42601')],
    ['serialization failure', typeorm('40001')],
    ['other 55000', pgError('55000', 'object not in prerequisite state')],
    ['plain Error', new Error('boom')],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['null', null],
  ])('%s → not unavailable', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('isKnownBrokerError', () => {
  class ClientOfflineError extends Error {}
  class SocketClosedUnexpectedlyError extends Error {}

  it.each([
    ['node-redis offline', new ClientOfflineError('The client is offline')],
    ['node-redis socket closed', new SocketClosedUnexpectedlyError('Socket closed unexpectedly')],
    ['by name only', Object.assign(new Error('x'), { name: 'ConnectionTimeoutError' })],
    ['database gone', typeorm('57P01')],
  ])('%s → known', (_, err) => expect(isKnownBrokerError(err)).toBe(true));

  it.each([
    ['TypeError', new TypeError('x is undefined')],
    ['unique violation', typeorm('23505')],
    ['a string', 'oops'],
  ])('%s → unknown', (_, err) => expect(isKnownBrokerError(err)).toBe(false));
});

describe('isDatabaseBusy', () => {
  it.each([
    ['55P03 lock timeout', typeorm('55P03'), true],
    ['57014 statement timeout', typeorm('57014'), true],
    ['pool acquire timeout', new Error('timeout exceeded when trying to connect'), true],
    ['refused', pgError('ECONNREFUSED'), false],
    ['terminated', typeorm('57P01'), false],
    ['unique violation', typeorm('23505'), false],
  ])('%s → %s', (_, err, busy) => expect(isDatabaseBusy(err)).toBe(busy));
});
