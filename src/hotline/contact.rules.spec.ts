import fc from 'fast-check';
import {
  BRANCHES,
  CATEGORIES,
  CATEGORY_BRANCH,
  CONTACT_ACTIONS,
  CONTACT_STATUSES,
  categoryProblem,
  initialStatus,
  overdueKind,
  transition,
  type ContactAction,
  type ContactStatus,
} from './contact.rules';

describe('the forwarding life cycle', () => {
  // every (status, action) pair: the one table of what is allowed
  const ALLOWED: Record<string, ContactStatus> = {
    'received resolve': 'resolved',
    'received forward': 'forwarded',
    'forwarded acknowledge': 'in_progress',
    'in_progress handled': 'handled',
    'forwarded return': 'received',
    'in_progress return': 'received',
  };
  const pairs = CONTACT_STATUSES.flatMap((s) => CONTACT_ACTIONS.map((a) => [s, a] as const));

  it.each(pairs)('%s + %s (branch 4)', (status, action) => {
    const result = transition({ status, branch: 4 }, action);
    const expected = ALLOWED[`${status} ${action}`];
    if (expected) expect(result).toEqual({ to: expected });
    else expect(result).toEqual({ refused: expect.stringMatching(/^illegal transition: /) });
  });

  it.each([1, 2, 3] as const)('a branch %i contact is never forwarded', (branch) => {
    expect(transition({ status: 'received', branch }, 'forward')).toEqual({
      refused: expect.stringMatching(/only branch 4/),
    });
    expect(transition({ status: 'received', branch }, 'resolve')).toEqual({ to: 'resolved' });
  });

  it('starts transferred for branches 1 and 2, received for 3 and 4', () => {
    expect(BRANCHES.map(initialStatus)).toEqual(['transferred', 'transferred', 'received', 'received']);
  });

  it('property: any sequence of actions keeps a contact in a reachable status; resolved, handled and transferred are final', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BRANCHES),
        fc.array(fc.constantFrom(...CONTACT_ACTIONS), { maxLength: 30 }),
        (branch, actions: ContactAction[]) => {
          let status = initialStatus(branch);
          for (const action of actions) {
            const before = status;
            const r = transition({ status, branch }, action);
            if ('to' in r) status = r.to;
            if (['resolved', 'handled', 'transferred'].includes(before)) expect(status).toBe(before);
            if (branch !== 4) expect(['forwarded', 'in_progress', 'handled']).not.toContain(status);
          }
        },
      ),
    );
  });
});

describe('categories', () => {
  it('every category belongs to exactly one branch, and only there is it accepted', () => {
    for (const category of CATEGORIES)
      for (const branch of BRANCHES) {
        const problem = categoryProblem(branch, category);
        if (CATEGORY_BRANCH[category] === branch) expect(problem).toBeNull();
        else
          expect(problem).toBe(
            `category ${category} belongs to branch ${CATEGORY_BRANCH[category]}, not branch ${branch}`,
          );
      }
    expect(CATEGORIES.filter((c) => CATEGORY_BRANCH[c] === 4)).toHaveLength(10);
  });
});

describe('overdueKind', () => {
  const limits = { ackHours: 2, doneHours: 24 };
  const at = new Date('2021-08-20T01:00:00Z');
  const h = (n: number) => new Date(at.getTime() + n * 3_600_000);

  it.each<[ContactStatus, number, ReturnType<typeof overdueKind>]>([
    ['forwarded', 1.99, null],
    ['forwarded', 2, 'ack'],
    ['in_progress', 2, null],
    ['in_progress', 23.9, null],
    ['in_progress', 24, 'done'],
    ['forwarded', 30, 'done'],
    ['handled', 100, null],
    ['received', 100, null],
  ])('%s, %f h after forwarding → %s', (status, hours, kind) => {
    expect(overdueKind({ status, forwardedAt: at }, h(hours), limits)).toBe(kind);
  });

  it('property: once overdue, a report stays overdue while it stays open (time only moves on)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ContactStatus>('forwarded', 'in_progress'),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (status, a, b) => {
          const [early, late] = a < b ? [a, b] : [b, a];
          const first = overdueKind({ status, forwardedAt: at }, h(early), limits);
          const then = overdueKind({ status, forwardedAt: at }, h(late), limits);
          if (first) expect(then).not.toBeNull();
          if (first === 'done') expect(then).toBe('done');
        },
      ),
    );
  });
});
