import { CsvRefused, parseDoctorsCsv } from './doctor-import';

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

  describe('what Excel saves', () => {
    const rows = [
      'Nguyễn Văn An;0889556655;an@example.vn;Hô hấp;12;consult;vi|en',
      '"Lê Hoài; Châu";+84912345678;chau@example.vn;Nhi khoa;3;active_care;vi',
    ];

    it('reads a semicolon-separated file with a byte order mark and CRLF (Vietnamese Windows)', () => {
      const csv = `\uFEFF${HEADER.replaceAll(',', ';')}\r\n${rows.join('\r\n')}\r\n`;
      const { rows: read, errors } = parseDoctorsCsv(csv);
      expect(errors).toEqual([]);
      expect(read.map((r) => [r.line, r.fields.fullName, r.fields.specialty, r.fields.languages])).toEqual([
        [2, 'Nguyễn Văn An', 'Hô hấp', ['vi', 'en']],
        [3, 'Lê Hoài; Châu', 'Nhi khoa', ['vi']],
      ]);
    });

    it('reads tabs, and an explicit sep= line', () => {
      const tabbed = [HEADER, ...rows.slice(0, 1)].map((l) => l.replaceAll(/[,;]/g, '\t')).join('\n');
      expect(parseDoctorsCsv(tabbed).rows).toHaveLength(1);
      const stated = `sep=;\r\n${HEADER.replaceAll(',', ';')}\r\n${rows[0]}\r\n`;
      const { rows: read, errors } = parseDoctorsCsv(stated);
      expect(errors).toEqual([]);
      expect(read.map((r) => r.line)).toEqual([3]);
    });

    it('ignores the empty cells and rows Excel leaves after a sheet was wider', () => {
      const csv = [`${HEADER.replaceAll(',', ';')};;`, `${rows[0]};;`, ';;;;;;;;', rows[1]].join('\r\n');
      const { rows: read, errors } = parseDoctorsCsv(csv);
      expect(errors).toEqual([]);
      expect(read.map((r) => r.line)).toEqual([2, 4]);
    });

    it('refuses in words a file that is not UTF-8 or has no header, never with the parser message', () => {
      expect(() => parseDoctorsCsv(`${HEADER}\nNguy\uFFFDn;0889556655`)).toThrow(/not UTF-8.*CSV UTF-8/);
      expect(() => parseDoctorsCsv('f\u0000u\u0000l\u0000l')).toThrow(CsvRefused);
      expect(() => parseDoctorsCsv('Họ tên;Điện thoại;Email\r\nAn;0889556655;an@example.vn')).toThrow(
        /first line must be the header fullName,phone.*separated by commas, semicolons or tabs.*"Họ tên;Điện thoại;Email"/,
      );
    });

    it('names a broken quote by line, in words', () => {
      const unclosed = () => parseDoctorsCsv(`${HEADER}\r\n"Nguyễn Văn An,0889556655\r\nx,y\r\n`);
      expect(unclosed).toThrow(CsvRefused);
      expect(unclosed).toThrow(/double quote \("\) opens a field that is never closed/);
      expect(unclosed).not.toThrow(/Quote Not Closed/);
      const trailing = () => parseDoctorsCsv(`${HEADER}\n"Nguyễn Văn" An,0889556655\n`);
      expect(trailing).toThrow(/line 2: a quoted field is followed by other text before the next comma/);
      // a stray quote inside a field is text; the row's check reports the field
      const stray = parseDoctorsCsv(
        `${HEADER}\nNguyễn Văn An,0889"556655,an@example.vn,Hô hấp,12,consult,vi`,
      );
      expect(stray.errors).toEqual([{ line: 2, message: expect.stringMatching(/phone/) }]);
    });
  });
});
