import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebModule } from './web.module';
import { projectRoot, webDistDir } from './web-root';

describe('WebModule.register', () => {
  it('serves the build when web/dist has an index.html', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    // the page's configuration, the precompressed assets, the static files
    expect(WebModule.register(dir).imports).toHaveLength(3);
  });

  it('without a build keeps only the page configuration, so the API starts anyway', () => {
    expect(WebModule.register(join(tmpdir(), 'dh-no-such-build')).imports).toHaveLength(1);
  });

  it('finds web/dist at the project root, from src/ (tests) as from dist/ (built)', () => {
    expect(webDistDir()).toBe(join(projectRoot(), 'web', 'dist'));
    expect(projectRoot(join(projectRoot(), 'dist', 'web'))).toBe(projectRoot());
  });
});
