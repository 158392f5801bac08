import { sql } from 'kysely';
import type { Page, PageRequest } from '../../store/repositories/scope.ts';
import type { ServiceContext } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { newPublicId } from '../ids.ts';
import type { Principal } from '../principal.ts';
import { findUser } from '../../store/repositories/users.ts';
import type { BookingsService } from './service.ts';

export interface BookingNote {
  id: string;
  bookingId: string;
  body: string;
  userId: string | null;
  createdAt: number;
  updatedAt: number;
}

const MAX_BODY = 10_000;

function checkBody(body: string): string {
  const text = body.trim();
  if (text === '') throw ValidationError.field('body', 'must not be blank');
  if (text.length > MAX_BODY) throw ValidationError.field('body', `must be at most ${MAX_BODY} characters`);
  return text;
}

/** Notes on a booking (HighLevel's appointment notes): newest first. */
export class BookingNotesService {
  readonly #ctx: ServiceContext;
  readonly #bookings: BookingsService;

  constructor(ctx: ServiceContext, bookings: BookingsService) {
    this.#ctx = ctx;
    this.#bookings = bookings;
  }

  #select(bookingPk: number) {
    return this.#ctx.store.db
      .selectFrom('booking_notes')
      .leftJoin('users', 'users.id', 'booking_notes.user_id')
      .where('booking_notes.booking_id', '=', bookingPk)
      .where('booking_notes.deleted_at', 'is', null);
  }

  async list(principal: Principal, bookingId: string, page: PageRequest): Promise<Page<BookingNote>> {
    const booking = await this.#bookings.get(principal, bookingId);
    const [rows, count] = await Promise.all([
      this.#select(booking.pk)
        .selectAll('booking_notes')
        .select('users.public_id as user_public_id')
        .orderBy('booking_notes.created_at', 'desc')
        .orderBy('booking_notes.id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      this.#select(booking.pk).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({ id: r.public_id, bookingId, body: r.body, userId: r.user_public_id, createdAt: r.created_at, updatedAt: r.updated_at })),
      total: Number(count.n),
      ...page,
    };
  }

  async create(principal: Principal, bookingId: string, input: { body: string; userId?: string }): Promise<BookingNote> {
    const body = checkBody(input.body);
    return this.#ctx.store.transaction(async (trx) => {
      const booking = await this.#bookings.get(principal, bookingId, trx);
      let userPk: number | null = null;
      if (input.userId !== undefined) {
        const user = await findUser(trx, { organizationPk: principal.organizationPk, locationPk: booking.locationPk }, input.userId);
        if (!user) throw ValidationError.reference('userId', 'User', input.userId, `no user ${input.userId} in this location`);
        userPk = user.pk;
      }
      const now = this.#ctx.clock.now();
      const id = newPublicId();
      await trx
        .insertInto('booking_notes')
        .values({ public_id: id, booking_id: booking.pk, location_id: booking.locationPk, body, user_id: userPk, created_at: now, updated_at: now })
        .execute();
      return { id, bookingId, body, userId: input.userId ?? null, createdAt: now, updatedAt: now };
    });
  }

  async update(principal: Principal, bookingId: string, noteId: string, input: { body: string }): Promise<BookingNote> {
    const body = checkBody(input.body);
    return this.#ctx.store.transaction(async (trx) => {
      const booking = await this.#bookings.get(principal, bookingId, trx);
      const now = this.#ctx.clock.now();
      const result = await trx
        .updateTable('booking_notes')
        .set({ body, updated_at: now })
        .where('booking_id', '=', booking.pk)
        .where('public_id', '=', noteId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new NotFoundError('Note', noteId);
      const row = await trx
        .selectFrom('booking_notes')
        .leftJoin('users', 'users.id', 'booking_notes.user_id')
        .selectAll('booking_notes')
        .select('users.public_id as user_public_id')
        .where('booking_notes.public_id', '=', noteId)
        .executeTakeFirstOrThrow();
      return { id: noteId, bookingId, body: row.body, userId: row.user_public_id, createdAt: row.created_at, updatedAt: row.updated_at };
    });
  }

  async delete(principal: Principal, bookingId: string, noteId: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const booking = await this.#bookings.get(principal, bookingId, trx);
      const now = this.#ctx.clock.now();
      const result = await trx
        .updateTable('booking_notes')
        .set({ deleted_at: now, updated_at: now })
        .where('booking_id', '=', booking.pk)
        .where('public_id', '=', noteId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new NotFoundError('Note', noteId);
    });
  }
}
