/** Common Vietnamese family, middle and given names, for demo data that looks like the real roster. */
export const FAMILY_NAMES = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ',
  'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý',
];
export const MIDDLE_NAMES = {
  female: ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hoài', 'Phương', 'Bích'],
  male: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thanh', 'Công', 'Xuân'],
};
export const GIVEN_NAMES = {
  female: ['Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Ngọc', 'Thảo', 'Trang', 'Vân', 'Yến', 'Hoa', 'Giang', 'Châu', 'Anh'],
  male: ['An', 'Bình', 'Dũng', 'Hải', 'Hiếu', 'Hùng', 'Khánh', 'Long', 'Minh', 'Nam', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Thành', 'Trung', 'Tuấn', 'Việt'],
};
export const SPECIALTIES = {
  consult: [
    'Internal medicine', 'Respiratory medicine', 'Infectious diseases', 'Paediatrics', 'Cardiology',
    'Emergency and critical care', 'Family medicine', 'Obstetrics', 'Geriatrics',
  ],
  active_care: ['Family medicine', 'Internal medicine', 'Infectious diseases', 'Nursing', 'Public health', 'Paediatrics'],
};
/** Vietnamese mobile prefixes (Viettel, Vinaphone, Mobifone, Vietnamobile). */
export const MOBILE_PREFIXES = ['090', '091', '093', '094', '096', '097', '098', '086', '088', '089', '070', '079', '077', '076', '078', '083', '084', '085', '081', '082', '032', '033', '034', '035', '036', '037', '038', '039', '056', '058'];
