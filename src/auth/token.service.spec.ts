import { JwtService } from '@nestjs/jwt';
import { TokenService } from './token.service';

const user = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'a@b.vn',
  role: 'operator' as const,
  doctorId: null,
};

describe('TokenService.verify (verified tokens remembered)', () => {
  const jwt = new JwtService({
    secret: 'spec-secret-spec-secret-spec-secret',
    signOptions: { expiresIn: '60s' },
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers a remembered token like a fresh check: the same claims, then null from its expiry on', async () => {
    const tokens = new TokenService(jwt);
    const token = await tokens.issue(user, 3);
    const first = await tokens.verify(token);
    const again = await tokens.verify(token);
    expect(again).toEqual(first);
    expect(again?.version).toBe(3);
    expect(again?.user).not.toBe(first?.user); // each caller its own copy
    const exp = (first?.expiresAt.getTime() ?? 0) / 1000;
    for (const [at, holds] of [
      [exp - 1, true],
      [exp, false],
      [exp + 3600, false],
    ] as const) {
      jest.spyOn(Date, 'now').mockReturnValue(at * 1000);
      expect([at - exp, (await tokens.verify(token)) !== null]).toEqual([at - exp, holds]);
      expect([at - exp, (await new TokenService(jwt).verify(token)) !== null]).toEqual([at - exp, holds]);
    }
  });

  it('never remembers a forged token', async () => {
    const tokens = new TokenService(jwt);
    const token = await tokens.issue(user);
    const forged = `${token.slice(0, -2)}xx`;
    expect(await tokens.verify(forged)).toBeNull();
    expect(await tokens.verify(forged)).toBeNull();
    expect(await tokens.verify(token)).not.toBeNull();
  });
});
