import { Foundation1764100000000 } from './1764100000000-Foundation';

/** Every migration, in order. Listed by hand so the build and the tests run the very same set. */
export const MIGRATIONS = [Foundation1764100000000];
