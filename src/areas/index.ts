// Public surface of areas: the reference list of districts and wards other domains validate against.
export { AreasService, loadAreaList } from './areas.service';
export { AreaList, areaKey } from './area-list';
export type { District, ResolvedArea, Ward } from './area-list';
