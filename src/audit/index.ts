// Public surface of audit: what other domains may import (they record reads and denials through
// AuditService). Everything else in src/audit is internal (`npm run arch`).
export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export { auditEntrySql } from './audit.queries';
export { AuditEntryDto, AuditPageDto, AuditQuery } from './audit.dto';
export type { AuditSubject } from './audit.types';
