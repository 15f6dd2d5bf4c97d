// Public surface of auth: what other domains may import. Everything else in src/auth is internal
// (the architecture check, `npm run arch`, refuses a deep import from outside).
export { AuthModule } from './auth.module';
export { CurrentUser, Public, Roles } from './auth.decorators';
export type { AuthedRequest } from './auth.decorators';
export { ROLES } from './role';
export type { AuthUser, Role } from './role';
export { hashPassword } from './passwords';
export { NewPasswordField } from './password-policy';
export { UserAccessService } from './user-access.service';
// doctors creates and renames a doctor's login through UsersService (issue 12 part 4 may narrow this)
export { UsersService } from './users.service';
export type { NewUser } from './users.service';
