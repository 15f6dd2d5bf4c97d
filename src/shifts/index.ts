// Public surface of shifts: what other domains may import. Everything else in src/shifts is internal
// (the architecture check, `npm run arch`, refuses a deep import from outside).
export { ShiftsModule } from './shifts.module';
export { doctorsOnShift, isOnShift, onShiftSql } from './on-shift.queries';
export { ROSTER_VIOLATION_CODES } from './dto/shifts.dto';
