import type { ServiceLocation } from '../../../services/service-locations.ts';
import { withoutNulls } from '../wire.ts';

/** A service location as HighLevel's ServiceLocationResponseDTO. */
export function serviceLocationToLc(location: ServiceLocation) {
  return withoutNulls({
    id: location.id,
    locationId: location.locationId,
    name: location.name,
    slug: location.slug,
    isActive: location.active,
    isPrivate: location.private,
    coverImage: location.coverImage,
    locationType: location.type,
    address: location.address,
    phone: location.phone,
  });
}
