import type { CatalogService, Payment, ServicePatch, VariationInput } from '../../../services/service-catalog.ts';
import { withoutNulls } from '../wire.ts';

type Unit = 'mins' | 'hours';

interface LcDurations {
  serviceDuration?: number;
  serviceDurationUnit?: Unit;
  preBuffer?: number;
  preBufferUnit?: Unit;
  postBuffer?: number;
  postBufferUnit?: Unit;
  payment?: Payment;
}

export interface LcVariationBody extends LcDurations {
  id?: string;
  name?: string;
}

/** HighLevel's CreateServiceDTO / UpdateServiceDTO. */
export interface LcServiceBody extends LcDurations {
  locationId?: string;
  name?: string;
  description?: string;
  slug?: string;
  eventColor?: string;
  coverImage?: string;
  serviceCategoryId?: string;
  isPrivate?: boolean;
  formId?: string;
  staff?: Array<{ id: string }>;
  variations?: LcVariationBody[];
}

/** Minutes of an amount in HighLevel's unit (`mins` unless `hours`); the service checks it is whole. */
const minutes = (amount: number | undefined, unit: Unit | undefined) => (amount === undefined ? undefined : unit === 'hours' ? amount * 60 : amount);

function variationOf(body: LcVariationBody): VariationInput {
  return withoutNulls({
    id: body.id,
    name: body.name,
    durationMin: minutes(body.serviceDuration, body.serviceDurationUnit),
    preBufferMin: minutes(body.preBuffer, body.preBufferUnit),
    postBufferMin: minutes(body.postBuffer, body.postBufferUnit),
    payment: body.payment,
  }) as VariationInput;
}

/** A service body as the catalog's input; `current` (on update) keeps the extensions not sent. */
export function serviceInputOf(body: LcServiceBody, current?: CatalogService): ServicePatch {
  const input: ServicePatch = withoutNulls({
    name: body.name,
    slug: body.slug,
    description: body.description,
    color: body.eventColor,
    coverImage: body.coverImage,
    categoryId: body.serviceCategoryId || undefined,
    payment: body.payment,
    durationMin: minutes(body.serviceDuration, body.serviceDurationUnit),
    preBufferMin: minutes(body.preBuffer, body.preBufferUnit),
    postBufferMin: minutes(body.postBuffer, body.postBufferUnit),
    secret: body.isPrivate,
    staffIds: body.staff?.map((s) => s.id),
    variations: body.variations?.map(variationOf),
  });
  // An empty category id takes the service out of its category.
  if (body.serviceCategoryId === '') input.categoryId = null;
  if (body.formId !== undefined) {
    const kept = (current?.calendar.extensions.leadconnector as Record<string, unknown> | undefined) ?? {};
    input.extensions = { ...(current?.calendar.extensions ?? {}), leadconnector: { ...kept, formId: body.formId } };
  }
  return input;
}

/** A service as HighLevel's ServiceResponseDTO; durations and buffers read back in minutes. */
export function serviceToLc(service: CatalogService) {
  const { calendar } = service;
  const formId = (calendar.extensions.leadconnector as { formId?: string } | undefined)?.formId;
  return withoutNulls({
    id: calendar.id,
    locationId: calendar.locationId,
    name: calendar.name,
    description: calendar.description,
    slug: calendar.slug,
    eventColor: calendar.color,
    coverImage: service.coverImage,
    serviceCategoryId: calendar.groupId,
    payment: service.payment,
    serviceDuration: service.defaultDurationMin,
    serviceDurationUnit: 'mins',
    preBuffer: calendar.preBufferMin,
    preBufferUnit: 'mins',
    postBuffer: calendar.postBufferMin,
    postBufferUnit: 'mins',
    isPrivate: calendar.secret,
    formId,
    variations: service.variations.map((v) =>
      withoutNulls({
        id: v.id,
        name: v.name,
        serviceDuration: v.durationMin,
        serviceDurationUnit: 'mins',
        payment: v.payment,
        // A variation without its own buffer uses the service's; it is left out.
        preBuffer: v.preBufferMin,
        preBufferUnit: v.preBufferMin === null ? null : 'mins',
        postBuffer: v.postBufferMin,
        postBufferUnit: v.postBufferMin === null ? null : 'mins',
      }),
    ),
    staff: calendar.hosts.map((h) => ({ id: h.userId })),
  });
}
