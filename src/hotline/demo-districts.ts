import { loadAreaList } from '../areas';
import type { AppConfig } from '../config/app-config';

/** How many districts get a demo officer (and the demo hotline's reports). */
export const DEMO_DISTRICTS = 12;

/** `Cầu Giấy` → `caugiay`: an e-mail's local part from a Vietnamese name. */
export function asciiSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * The districts with a demo officer (src/database/seed) and the demo reports (hotline.demo-seed.ts):
 * the first of the areas list (by official code), with Cầu Giấy (CONTRACT.md's example) first when the
 * list has it. The first is the district whose officer is printed at the first start and gets the
 * largest share of the demo reports.
 */
export function demoDistricts(config: Pick<AppConfig, 'areasFile'>): string[] {
  const names = loadAreaList(config.areasFile).districts.map((d) => d.name);
  const first = names.includes('Cầu Giấy') ? ['Cầu Giấy'] : [];
  return [...first, ...names.filter((n) => !first.includes(n))].slice(0, DEMO_DISTRICTS);
}
