// Availability is the same for every rostered person (doctors, operators): one set of DTOs.
export {
  AvailabilityDto,
  AvailabilityRangeQuery,
  PutAvailabilityDto,
} from '../../common/people/availability.dto';
