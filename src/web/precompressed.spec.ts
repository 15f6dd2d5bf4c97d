import { chooseEncoding } from './precompressed';

/** Which copy of a precompressed asset a client gets. */
describe('chooseEncoding', () => {
  const both = ['br', 'gzip'] as const;

  it('prefers brotli, then gzip, then the plain file, among what the client accepts', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(chooseEncoding('gzip, deflate', both)).toBe('gzip');
    expect(chooseEncoding('deflate', both)).toBe('identity');
    expect(chooseEncoding(undefined, both)).toBe('identity');
    expect(chooseEncoding('', both)).toBe('identity');
  });

  it('honours q-values and the wildcard', () => {
    expect(chooseEncoding('br;q=0, gzip;q=0.5', both)).toBe('gzip');
    expect(chooseEncoding('BR;Q=0.1', both)).toBe('br');
    expect(chooseEncoding('*', both)).toBe('br');
    expect(chooseEncoding('*;q=0, gzip', both)).toBe('gzip');
    expect(chooseEncoding('br;q=abc', both)).toBe('identity');
  });

  it('offers only the copies the build wrote', () => {
    expect(chooseEncoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(chooseEncoding('br, gzip', [])).toBe('identity');
  });
});
