import type { Resource, ResourceKind } from '../../../services/resources.ts';

/** HighLevel's path segment (`resourceType`) for each kind of resource. */
export const RESOURCE_TYPE: Record<ResourceKind, 'equipments' | 'rooms'> = { equipment: 'equipments', room: 'rooms' };

export function kindOf(resourceType: 'equipments' | 'rooms'): ResourceKind {
  return resourceType === 'equipments' ? 'equipment' : 'room';
}

/**
 * HighLevel's CalendarResourceByIdResponseDTO. The spec gives it no id field; `id` and `_id` (as
 * HighLevel's other Mongo-backed objects carry it) are added so a client can address it again.
 */
export function resourceToLc(resource: Resource) {
  return {
    id: resource.id,
    _id: resource.id,
    locationId: resource.locationId,
    name: resource.name,
    resourceType: RESOURCE_TYPE[resource.kind],
    isActive: resource.active,
    ...(resource.description === null ? {} : { description: resource.description }),
    quantity: resource.quantity,
    outOfService: resource.outOfService,
    capacity: resource.capacity,
    calendarIds: resource.calendarIds,
  };
}
