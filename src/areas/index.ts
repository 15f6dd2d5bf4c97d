// Public surface of areas: the reference list of districts and wards other domains validate against.
export { AreasService, loadAreaList } from './areas.service';
export { AreaList } from './area-list';
export type { District, Ward } from './area-list';
