import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** `@Param('id', ParseUuid())`: a malformed id is a 400 naming the parameter, never a database error. */
export const ParseUuid = (name = 'id') =>
  new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException([`${name} must be a UUID`]) });
