import type { Queryable } from '../database.ts';

/** A price as HighLevel's services carry it; kept as given. */
export interface Payment {
  amount?: number;
  deposit?: number;
  depositType?: 'percentage' | 'amount';
}

/** A named variant of a service with its own duration, optionally its own buffers and price. */
export interface ServiceVariation {
  pk: number;
  id: string;
  name: string;
  durationMin: number;
  /** null: the service's own buffer applies. */
  preBufferMin: number | null;
  postBufferMin: number | null;
  payment: Payment | null;
}

/** What a service has beyond its calendar row: the default duration, variations, price, cover image. */
export interface ServiceDetails {
  defaultVariantPk: number;
  defaultDurationMin: number;
  variations: ServiceVariation[];
  payment: Payment | null;
  coverImage: string | null;
}

const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as Payment));

/** Details of several services in two queries. The default variant is the plain duration; the others are variations. */
export async function loadServiceDetails(db: Queryable, calendarPks: number[]): Promise<Map<number, ServiceDetails>> {
  if (calendarPks.length === 0) return new Map();
  const [calendars, variants] = await Promise.all([
    db.selectFrom('calendars').select(['id', 'payment', 'cover_image_url']).where('id', 'in', calendarPks).execute(),
    db.selectFrom('calendar_variants').selectAll().where('calendar_id', 'in', calendarPks).orderBy('position').orderBy('id').execute(),
  ]);
  const details = new Map<number, ServiceDetails>();
  for (const calendar of calendars) {
    const own = variants.filter((v) => v.calendar_id === calendar.id);
    const base = own.find((v) => v.is_default === 1) ?? own[0];
    details.set(calendar.id, {
      defaultVariantPk: base?.id ?? 0,
      defaultDurationMin: base?.duration_min ?? 0,
      variations: own
        .filter((v) => v !== base)
        .map((v) => ({
          pk: v.id,
          id: v.public_id,
          name: v.name ?? '',
          durationMin: v.duration_min,
          preBufferMin: v.pre_buffer_min,
          postBufferMin: v.post_buffer_min,
          payment: json(v.payment),
        })),
      payment: json(calendar.payment),
      coverImage: calendar.cover_image_url,
    });
  }
  return details;
}

export async function updateServiceColumns(db: Queryable, calendarPk: number, values: { payment?: Payment | null; coverImage?: string | null }): Promise<void> {
  const set: { payment?: string | null; cover_image_url?: string | null } = {};
  if (values.payment !== undefined) set.payment = values.payment === null ? null : JSON.stringify(values.payment);
  if (values.coverImage !== undefined) set.cover_image_url = values.coverImage;
  if (Object.keys(set).length > 0) await db.updateTable('calendars').set(set).where('id', '=', calendarPk).execute();
}

export interface VariationRow {
  /** Set: an existing variation of this service, updated in place (its id stays). */
  pk?: number;
  publicId: string;
  name: string;
  durationMin: number;
  preBufferMin: number | null;
  postBufferMin: number | null;
  payment: Payment | null;
}

/**
 * Writes a service's default duration and, when given, its whole list of variations: listed
 * ones are updated in place or added, unlisted ones removed (bookings keep their item, without
 * the variation).
 */
export async function saveVariations(db: Queryable, calendarPk: number, defaultDurationMin: number | undefined, variations: VariationRow[] | undefined): Promise<void> {
  const current = await db.selectFrom('calendar_variants').select(['id', 'is_default']).where('calendar_id', '=', calendarPk).execute();
  const base = current.find((v) => v.is_default === 1);
  // Every calendar is created with its default variant.
  if (defaultDurationMin !== undefined && base) {
    await db.updateTable('calendar_variants').set({ duration_min: defaultDurationMin }).where('id', '=', base.id).execute();
  }
  if (variations === undefined) return;
  const kept = new Set(variations.flatMap((v) => (v.pk === undefined ? [] : [v.pk])));
  const removed = current.filter((v) => v.is_default !== 1 && !kept.has(v.id)).map((v) => v.id);
  if (removed.length > 0) await db.deleteFrom('calendar_variants').where('id', 'in', removed).execute();
  for (const [i, v] of variations.entries()) {
    const values = {
      name: v.name,
      duration_min: v.durationMin,
      pre_buffer_min: v.preBufferMin,
      post_buffer_min: v.postBufferMin,
      payment: v.payment === null ? null : JSON.stringify(v.payment),
      position: i + 1,
    };
    if (v.pk !== undefined) await db.updateTable('calendar_variants').set(values).where('id', '=', v.pk).execute();
    else await db.insertInto('calendar_variants').values({ ...values, public_id: v.publicId, calendar_id: calendarPk, is_default: 0 }).execute();
  }
}

/** The public id of the service (not deleted, in the location) a variation belongs to. */
export async function serviceOfVariation(db: Queryable, locationPk: number, variationId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('calendar_variants as v')
    .innerJoin('calendars as c', 'c.id', 'v.calendar_id')
    .select('c.public_id')
    .where('v.public_id', '=', variationId)
    .where('c.location_id', '=', locationPk)
    .where('c.kind', '=', 'service')
    .where('c.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.public_id;
}
