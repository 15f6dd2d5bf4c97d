// Public surface of hotline: its vocabulary (statistics and the console name the same branches,
// categories and statuses). Everything else in src/hotline is internal (`npm run arch`).
export {
  BRANCHES,
  CATEGORIES,
  CATEGORY_BRANCH,
  CHANNELS,
  CONTACT_STATUSES,
  type Branch,
  type Category,
  type Channel,
  type ContactStatus,
} from './contact.rules';
export { HotlineModule } from './hotline.module';
// the demo seed's districts, shared with the staff logins of src/database/seed
export { asciiSlug, demoDistricts } from './demo-districts';
