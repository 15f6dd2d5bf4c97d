// Public surface of auth: what other domains may import. Everything else in src/auth is internal
// (the architecture check, `npm run arch`, refuses a deep import from outside).
export { AuthModule } from './auth.module';
export { CurrentUser, Public, Roles } from './auth.decorators';
export type { AuthedRequest } from './auth.decorators';
export { ROLES } from '../common/roles';
export type { AuthUser, Role } from '../common/roles';
export { hashPassword } from './passwords';
export { NewPasswordField } from '../common/password-policy';
export { UserAccessService } from './user-access.service';
export { doctorUserIdSql } from './users.queries';
// doctors creates, renames and revokes a doctor's login through UsersService: auth alone writes users
export { UsersService } from './users.service';
export type { NewUser } from './users.service';
