import fc from 'fast-check';
import {
  BRANCHES,
  CATEGORIES_BY_BRANCH,
  categoryFor,
  countBy,
  emptyIntake,
  exactName,
  fold,
  intakeBody,
  matchNames,
  validateIntake,
} from '../../web/src/lib/hotline';
import { isVietnamesePhone } from '../../web/src/lib/validation';

const DISTRICTS = [
  'Ba Đình',
  'Hoàn Kiếm',
  'Cầu Giấy',
  'Đống Đa',
  'Hà Đông',
  'Đông Anh',
  'Sóc Sơn',
  'Gia Lâm',
];

describe('hotline console logic', () => {
  it.each([
    ['Cầu Giấy', 'cau giay'],
    ['Đống Đa', 'dong da'],
    ['  Hà   Đông ', 'ha dong'],
    ['Phường Dịch Vọng Hậu', 'phuong dich vong hau'],
    ['Ứng Hoà', 'ung hoa'],
  ])('fold(%s) = %s', (name, folded) => {
    expect(fold(name)).toBe(folded);
  });

  it.each([
    ['cau giay', ['Cầu Giấy']],
    ['CẦU', ['Cầu Giấy']],
    ['dong', ['Đống Đa', 'Đông Anh', 'Hà Đông']],
    ['son', ['Sóc Sơn']],
    ['xyz', []],
  ])('matchNames(%s): starts-with first, then a word, then anywhere', (typed, expected) => {
    expect(matchNames(DISTRICTS, typed)).toEqual(expected);
  });

  it('empty input suggests the list from the top', () => {
    expect(matchNames(DISTRICTS, '  ', 3)).toEqual(DISTRICTS.slice(0, 3));
  });

  it('every name is found by its own unaccented form, and every match contains what was typed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DISTRICTS), fc.string({ maxLength: 4 }), (name, typed) => {
        expect(matchNames(DISTRICTS, fold(name), DISTRICTS.length)).toContain(name);
        for (const m of matchNames(DISTRICTS, typed, DISTRICTS.length))
          expect(fold(m)).toContain(fold(typed));
      }),
    );
  });

  it('exactName takes only a whole official name', () => {
    expect(exactName(DISTRICTS, 'cau giay')).toBe('Cầu Giấy');
    expect(exactName(DISTRICTS, 'cau')).toBeNull();
    expect(exactName(DISTRICTS, '')).toBeNull();
  });

  it('the category after a branch change is always one that branch offers, or none', () => {
    const all = Object.values(CATEGORIES_BY_BRANCH).flat();
    fc.assert(
      fc.property(fc.constantFrom(...BRANCHES), fc.constantFrom('', ...all), (branch, current) => {
        const next = categoryFor(branch, current);
        const offered: readonly string[] = CATEGORIES_BY_BRANCH[branch];
        expect(next === '' || offered.includes(next)).toBe(true);
        if (offered.includes(current)) expect(next).toBe(current);
      }),
    );
  });

  it('validateIntake names each missing or wrong field; a complete call passes and its body leaves empty fields out', () => {
    expect(Object.keys(validateIntake(emptyIntake(), isVietnamesePhone)).sort()).toEqual([
      'branch',
      'district',
      'summary',
    ]);
    const form = {
      ...emptyIntake('zalo'),
      branch: 4,
      category: 'medical',
      district: 'Cầu Giấy',
      summary: 'Tụ tập',
      callerPhone: '12',
    };
    expect(Object.keys(validateIntake(form, isVietnamesePhone)).sort()).toEqual(['callerPhone', 'category']);
    const ok = { ...form, category: 'gathering', callerPhone: '0889556655' };
    expect(validateIntake(ok, isVietnamesePhone)).toEqual({});
    expect(intakeBody(ok)).toEqual({
      channel: 'zalo',
      branch: 4,
      category: 'gathering',
      district: 'Cầu Giấy',
      summary: 'Tụ tập',
      callerPhone: '0889556655',
    });
  });

  it('countBy counts, most first', () => {
    expect(countBy(['Ba Đình', 'Cầu Giấy', 'Cầu Giấy'])).toEqual([
      ['Cầu Giấy', 2],
      ['Ba Đình', 1],
    ]);
  });
});
