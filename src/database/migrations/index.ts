import { Foundation1764100000000 } from './1764100000000-Foundation';
import { Rosters1764100001000 } from './1764100001000-Rosters';

/** Every migration, in order. Listed by hand so the build and the tests run the very same set. */
export const MIGRATIONS = [
  Foundation1764100000000,
  Rosters1764100001000,
];
