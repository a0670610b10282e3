import { isStorageUnavailable } from '../../src/store/storageErrors';

describe('isStorageUnavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a wrapped cause', new Error('could not append', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
    ['one of several attempts', new AggregateError([new Error('no'), Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])],
  ])('says yes for %s', (_name, error) => {
    expect(isStorageUnavailable(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', Object.assign(new Error('duplicate key value'), { code: '23505' })],
    ['a programming error', new TypeError('x is undefined')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('says no for %s', (_name, error) => {
    expect(isStorageUnavailable(error)).toBe(false);
  });
});
