import type { Queryable } from '../database.ts';

export interface Organization {
  pk: number;
  id: string;
  name: string;
  createdAt: number;
}

export async function insertOrganization(db: Queryable, row: { publicId: string; name: string; now: number }): Promise<Organization> {
  const inserted = await db
    .insertInto('organizations')
    .values({ public_id: row.publicId, name: row.name, created_at: row.now, updated_at: row.now })
    .returning(['id', 'public_id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
  return { pk: inserted.id, id: inserted.public_id, name: inserted.name, createdAt: inserted.created_at };
}

export async function findOrganizationByPk(db: Queryable, pk: number): Promise<Organization | undefined> {
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', pk).executeTakeFirst();
  return row && { pk: row.id, id: row.public_id, name: row.name, createdAt: row.created_at };
}

export async function countOrganizations(db: Queryable): Promise<number> {
  const row = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
