import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DomainError, DomainException } from '../errors/domain.exception';
import { AccessControl } from './access-control';
import { AccessPolicy, type AccessDecision, type Caller, type ResourcePolicy } from './access-policy';
import { AccessModule } from './access.module';
import { Resource } from './resources';

const doctor: Caller = { id: 'u1', role: 'doctor', doctorId: 'd1' };
const coordinator: Caller = { id: 'u2', role: 'coordinator', doctorId: null };

/** Patients p1 (doctor d1's) and p2 (d2's); a doctor is refused another's patient. */
const patients: ResourcePolicy = {
  resource: Resource.Patient,
  noun: 'Patient',
  check: (caller, ids) => {
    const owner: Record<string, string> = { p1: 'd1', p2: 'd2' };
    const answer = new Map<string, AccessDecision>();
    for (const id of ids) {
      if (!(id in owner)) answer.set(id, 'not_found');
      else if (caller.role === 'doctor' && owner[id] !== caller.doctorId)
        answer.set(id, { forbidden: 'not your patient' });
      else answer.set(id, 'allowed');
    }
    return Promise.resolve(answer);
  },
};

async function outcome(run: Promise<void>): Promise<string> {
  try {
    await run;
    return 'allowed';
  } catch (err) {
    if (!(err instanceof DomainException)) throw err;
    return `${err.status} ${err.message}`;
  }
}

describe('AccessControl.requireAccess', () => {
  const access = new AccessControl();
  access.register(patients);

  it.each<[string, Caller, string | string[], string]>([
    ['a doctor, their own patient', doctor, 'p1', 'allowed'],
    ['a doctor, another doctor’s patient', doctor, 'p2', '403 not your patient'],
    ['a doctor, no such patient', doctor, 'p9', '404 Patient not found'],
    ['a coordinator, any patient', coordinator, 'p2', 'allowed'],
    ['a coordinator, no such patient', coordinator, 'p9', '404 Patient not found'],
    ['several, all allowed', coordinator, ['p1', 'p2'], 'allowed'],
    ['several, one refused', doctor, ['p1', 'p2'], '403 not your patient'],
    ['several, one refused and one missing: the 404 wins', doctor, ['p2', 'p9'], '404 Patient not found'],
    ['none at all', doctor, [], 'allowed'],
  ])('%s', async (_, caller, ids, expected) => {
    expect(await outcome(access.requireAccess(caller, Resource.Patient, ids))).toBe(expected);
  });

  it('refuses an id the policy gave no answer for (fails closed)', async () => {
    const forgetful = new AccessControl();
    forgetful.register({
      resource: Resource.Consult,
      noun: 'Consult',
      check: () => Promise.resolve(new Map()),
    });
    const err = await forgetful.requireAccess(coordinator, Resource.Consult, 'c1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainException);
    expect((err as DomainException).code).toBe(DomainError.NotFound);
  });

  it('asks the policy once, with each id once', async () => {
    const check = jest.fn((_: Caller, ids: readonly string[]) =>
      Promise.resolve(new Map(ids.map((id) => [id, 'allowed' as const]))),
    );
    const counted = new AccessControl();
    counted.register({ resource: Resource.Offer, noun: 'Offer', check });
    await counted.requireAccess(doctor, Resource.Offer, ['o1', 'o2', 'o1']);
    expect(check).toHaveBeenCalledTimes(1);
    expect(check.mock.calls[0][1]).toEqual(['o1', 'o2']);
  });

  it('throws a plain Error (a bug, not a 4xx) for a resource without a policy', async () => {
    const err = await access.requireAccess(doctor, Resource.Escalation, 'e1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(DomainException);
  });

  it('refuses a second policy for the same resource', () => {
    expect(() => access.register({ ...patients })).toThrow(/two access policies/);
  });
});

describe('AccessModule', () => {
  @AccessPolicy()
  @Injectable()
  class ConsultPolicy implements ResourcePolicy {
    readonly resource = Resource.Consult;
    readonly noun = 'Consult';
    check(_: Caller, ids: readonly string[]) {
      return Promise.resolve(new Map(ids.map((id) => [id, 'allowed' as const])));
    }
  }

  @Module({ providers: [ConsultPolicy] })
  class ConsultsLikeModule {}

  @Module({ imports: [AccessModule, ConsultsLikeModule] })
  class App {}

  it('finds them before the app is initialised too (the demo seed calls services then)', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [App] }).compile();
    try {
      expect(moduleRef.get(AccessControl).has(Resource.Consult)).toBe(true);
    } finally {
      await moduleRef.close();
    }
  });

  it('finds every @AccessPolicy() provider of every module at start', async () => {
    const app = await NestFactory.createApplicationContext(App, { logger: false });
    try {
      const access = app.get(AccessControl);
      expect(access.has(Resource.Consult)).toBe(true);
      expect(access.has(Resource.Patient)).toBe(false);
      await expect(access.requireAccess(coordinator, Resource.Consult, 'c1')).resolves.toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
