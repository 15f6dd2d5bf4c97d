import { AreaList, areaKey } from './area-list';
import hanoi from './data/hanoi-2021.json';

describe('the Hanoi 2021 list (GSO codes)', () => {
  const list = AreaList.parse(hanoi, 'hanoi-2021.json');

  it('has the 30 districts and 579 wards of 2021, with unique codes', () => {
    expect(list.districts).toHaveLength(30);
    const wards = list.districts.flatMap((d) => d.wards);
    expect(wards).toHaveLength(579);
    expect(new Set(wards.map((w) => w.code)).size).toBe(579);
    expect(new Set(list.districts.map((d) => d.code)).size).toBe(30);
    for (const d of list.districts) expect(d.code).toMatch(/^\d{3}$/);
    for (const w of wards) expect(w.code).toMatch(/^\d{5}$/);
  });

  it.each([
    ['Cầu Giấy', 'Dịch Vọng', { district: 'Cầu Giấy', ward: 'Dịch Vọng' }],
    ['Cầu Giấy', 'Yên Hòa', { district: 'Cầu Giấy', ward: 'Yên Hoà' }],
    ['Cầu Giấy', null, { district: 'Cầu Giấy', ward: undefined }],
    ['Sơn Tây', 'Lê Lợi', { district: 'Sơn Tây', ward: 'Lê Lợi' }],
    ['Gia Lâm', 'Xã Yên Viên', { district: 'Gia Lâm', ward: 'Xã Yên Viên' }],
    ['Gia Lâm', 'Thị trấn Yên Viên', { district: 'Gia Lâm', ward: 'Thị trấn Yên Viên' }],
  ])('resolves %s / %s', (district, ward, expected) => {
    expect(list.resolve(district, ward)).toEqual({ ...expected, problems: [] });
  });

  it.each([
    ['Quận 5', null, /^district "Quận 5"/],
    ['Dịch Vọng', null, /^district "Dịch Vọng"/],
    ['Cầu Giấy', 'Phúc Xá', /^ward "Phúc Xá" is not a ward of Cầu Giấy/],
    // two units of Gia Lâm are called Yên Viên: the bare name is ambiguous
    ['Gia Lâm', 'Yên Viên', /^ward "Yên Viên"/],
  ])('refuses %s / %s naming the field', (district, ward, message) => {
    const { problems } = list.resolve(district, ward);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('names the field with a prefix', () => {
    expect(list.resolve('X', null, 'forward.').problems[0]).toMatch(/^forward\.district "X"/);
  });
});

describe('areaKey', () => {
  it.each([
    ['Yên Hoà', 'Yên Hòa'],
    ['Thuỵ Khuê', 'Thụy Khuê'],
    ['Hoà Bình', 'Hòa Bình'],
    ['Dịch Vọng'.normalize('NFD'), 'Dịch Vọng'],
    ['  Cầu Giấy ', 'Cầu Giấy'],
  ])('%s and %s are one name', (a, b) => {
    expect(areaKey(a)).toBe(areaKey(b));
  });

  it.each([
    ['Hoà', 'Hóa'],
    ['Mai Dịch', 'Mai Động'],
    ['Ô Chợ Dừa', 'O Chợ Dừa'],
  ])('%s and %s are different names', (a, b) => {
    expect(areaKey(a)).not.toBe(areaKey(b));
  });
});

describe('AreaList.parse', () => {
  it.each([
    [null, /expected/],
    [{ source: 's', districts: [] }, /at least one district/],
    [{ districts: [{ code: '1', name: 'A', wards: [] }] }, /source/],
    [{ source: 's', districts: [{ code: '1', name: 'A' }] }, /code, name and wards/],
    [{ source: 's', districts: [{ code: '1', name: 'A', wards: [{ name: 'B' }] }] }, /every ward of A/],
    [
      {
        source: 's',
        districts: [
          { code: '1', name: 'A', wards: [] },
          { code: '2', name: 'A', wards: [] },
        ],
      },
      /listed twice/,
    ],
  ])('refuses a malformed file (%j)', (raw, message) => {
    expect(() => AreaList.parse(raw, 'f.json')).toThrow(message);
  });
});
