import { parseDoctorsCsv } from './doctor-import';

const HEADER = 'fullName,phone,email,specialty,yearsOfExperience,group,languages';

describe('parseDoctorsCsv', () => {
  it('reads good rows and reports bad ones by line, naming the field', () => {
    const csv = [
      HEADER,
      'Nguyễn Văn An,0889556655,an@example.vn,Respiratory medicine,12,consult,vi|en',
      'Trần Thị Bình,12345,binh@example.vn,Paediatrics,8,consult,vi',
      '',
      'Lê Hoài Châu,+84912345678,chau@example.vn,Family medicine,3,consult,vi',
      'Phạm Minh Dũng,0912345679,dung@example.vn,Family medicine,3,active_care,',
      'Đỗ Thu Hà,0912345670,AN@example.vn,Cardiology,20,consult,vi',
      'too,few,columns',
    ].join('\n');
    const { rows, errors } = parseDoctorsCsv(csv);
    expect(rows.map((r) => [r.line, r.fields.email, r.fields.languages])).toEqual([
      [2, 'an@example.vn', ['vi', 'en']],
      [6, 'dung@example.vn', undefined],
    ]);
    expect(errors).toEqual([
      { line: 3, message: expect.stringMatching(/phone/) },
      { line: 5, message: expect.stringMatching(/yearsOfExperience must be at least 5/) },
      { line: 7, message: expect.stringMatching(/email an@example.vn is already on line 2/) },
      { line: 8, message: expect.stringMatching(/expected 7 columns/) },
    ]);
  });

  it.each([
    ['', /empty/],
    ['name,phone\nx,y', /header/],
    [`${HEADER},extra\n`, /unknown: extra/],
  ])('refuses a file without the header (%j)', (csv, message) => {
    expect(() => parseDoctorsCsv(csv)).toThrow(message);
  });

  it('names every bad field of a row', () => {
    const { errors } = parseDoctorsCsv(`${HEADER}\nX,abc,not-an-email,,many,surgeons,VIE`);
    const message = errors[0].message;
    for (const field of [
      'fullName',
      'phone',
      'email',
      'specialty',
      'yearsOfExperience',
      'group',
      'languages',
    ]) {
      expect(message).toContain(field);
    }
  });
});
