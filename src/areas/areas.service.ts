import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import { AreaList, type District } from './area-list';
// The default list: Hanoi's 30 districts and 579 wards as of 2021-07-01 (see data/README.md).
import hanoi2021 from './data/hanoi-2021.json';

/** Reads an areas file (AREAS_FILE; none: Hanoi 2021) or throws naming the file and what is wrong. */
export function loadAreaList(file?: string): AreaList {
  if (!file) return AreaList.parse(hanoi2021, 'the default areas list');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`AREAS_FILE ${file}: ${(err as Error).message}`, { cause: err });
  }
  return AreaList.parse(raw, `AREAS_FILE ${file}`);
}

/** The operations area's districts and wards, loaded once at start from `AREAS_FILE`. */
@Injectable()
export class AreasService {
  readonly list: AreaList;

  constructor(config: AppConfig) {
    this.list = loadAreaList(config.areasFile);
  }

  get districts(): District[] {
    return this.list.districts;
  }

  get source(): string {
    return this.list.file.source;
  }

  isDistrict(name: string): boolean {
    return this.list.isDistrict(name);
  }

  isWardOf(district: string, ward: string): boolean {
    return this.list.isWardOf(district, ward);
  }

  /**
   * The district (and ward) as the list names them; a 400 naming the field when either is not in it.
   * `prefix` names the object holding them (`forward.`).
   */
  resolve(district: string, ward?: string | null, prefix = ''): { district: string; ward: string | null } {
    const found = this.list.resolve(district, ward, prefix);
    if (found.problems.length || found.district === undefined) throw DomainException.invalid(found.problems);
    return { district: found.district, ward: found.ward ?? null };
  }
}
