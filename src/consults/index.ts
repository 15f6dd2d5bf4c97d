// Public surface of consults: what other domains may import (the realtime gateway hands socket
// messages to these services). Everything else in src/consults is internal (`npm run arch`).
export { ConsultsModule } from './consults.module';
export { ConsultsService } from './consults.service';
export { OffersService } from './offers.service';
export { PresenceService } from './presence.service';
