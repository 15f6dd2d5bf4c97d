/** The doctor's shift words (presence from the server, the rostered window, offer alerts, wrap-up), merged into DICTIONARY. */
export const DOCTOR_DICTIONARY: Record<string, { vi: string; en: string }> = {
  'doc.page': { vi: 'Ca trực của bác sĩ', en: 'Doctor’s shift' },
  'doc.wrap_up': { vi: 'Nghỉ sau cuộc gọi', en: 'Wrapping up' },
  'doc.shift.none': {
    vi: 'Bạn không có ca lúc này — ca tới: {next}',
    en: 'You are not on shift now — next shift: {next}',
  },
  'doc.shift.noneAtAll': {
    vi: 'Bạn không có ca lúc này và chưa được xếp ca nào: sẽ không có cuộc gọi',
    en: 'You are not on shift now and have no shift ahead: no call will come',
  },
  'doc.shift.now': { vi: 'Trong ca đến {end}', en: 'On shift until {end}' },
  'doc.wrapUp.title': { vi: 'Đã hoàn tất cuộc tư vấn', en: 'Consult completed' },
  'doc.wrapUp.left': {
    vi: 'Nghỉ giữa hai cuộc gọi: còn {time}',
    en: 'Break before the next call: {time} left',
  },
  'doc.wrapUp.ready': { vi: 'Sẵn sàng nhận cuộc gọi', en: 'Ready for calls' },
  'doc.offer.pendingTitle': { vi: '({count}) Cuộc gọi mới', en: '({count}) Incoming consult' },
  'doc.offer.notify': { vi: 'Cuộc gọi mới: {reason}', en: 'Incoming consult: {reason}' },
};
