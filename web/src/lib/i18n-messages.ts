/** Errors in words (lib/messages.ts maps network failures, HTTP statuses and socket acks to these), merged into DICTIONARY. */
export const MESSAGES_DICTIONARY: Record<string, { vi: string; en: string }> = {
  'err.network': {
    vi: 'Không kết nối được máy chủ — kiểm tra mạng và thử lại',
    en: 'Cannot reach the server — check the connection and try again',
  },
  'err.timeout': {
    vi: 'Máy chủ không trả lời kịp — kiểm tra mạng và thử lại',
    en: 'The server took too long to answer — check the connection and try again',
  },
  'err.aborted': { vi: 'Yêu cầu đã bị huỷ — hãy thử lại', en: 'The request was cancelled — try again' },
  'err.unavailable': {
    vi: 'Máy chủ đang bận hoặc tạm ngưng — thử lại sau ít phút',
    en: 'The server is busy or briefly unavailable — try again in a few minutes',
  },
  'err.server': {
    vi: 'Máy chủ gặp lỗi ({status}) — thử lại sau; nếu lặp lại, báo cho quản trị',
    en: 'The server failed ({status}) — try again later; if it keeps happening, tell an admin',
  },
  'err.tooMany': {
    vi: 'Quá nhiều yêu cầu trong thời gian ngắn — đợi một chút rồi thử lại',
    en: 'Too many requests in a short time — wait a moment and try again',
  },
  'err.tooLarge': { vi: 'Dữ liệu gửi lên quá lớn', en: 'What was sent is too large' },
  'err.unauthorized': {
    vi: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại',
    en: 'Your session has ended; please sign in again',
  },
  'err.forbidden': {
    vi: 'Tài khoản của bạn không được làm việc này',
    en: 'Your account may not do this',
  },
  'err.notFound': {
    vi: 'Không tìm thấy — có thể đã bị xoá hoặc thay đổi',
    en: 'Not found — it may have been removed or changed',
  },
  'err.conflict': {
    vi: 'Dữ liệu vừa được thay đổi ở nơi khác — tải lại rồi thử lại',
    en: 'This was just changed elsewhere — reload and try again',
  },
  'err.conflictWith': { vi: 'Không thực hiện được: {message}', en: 'Not done: {message}' },
  'err.rejected': {
    vi: 'Máy chủ không nhận yêu cầu ({status})',
    en: 'The server refused the request ({status})',
  },
  'err.rejectedWith': { vi: 'Máy chủ không nhận: {message}', en: 'Not accepted: {message}' },
  'err.unexpected': { vi: 'Đã xảy ra lỗi: {message}', en: 'Something went wrong: {message}' },
  'docs.importFile': { vi: 'Chọn tệp CSV', en: 'Choose a CSV file' },
  'err.config': {
    vi: 'Không tải được cấu hình của trang — tải lại trang',
    en: 'Could not load the page settings — reload the page',
  },
};
