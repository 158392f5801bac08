import type { Kysely } from 'kysely';
import { addIdColumn, kindOf, publicId } from './column-types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = kindOf(db);

  await addIdColumn(db.schema.createTable('organizations'), kind)
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await addIdColumn(db.schema.createTable('locations'), kind)
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('organization_id', 'bigint', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)')
    .addColumn('phone', 'varchar(40)')
    .addColumn('address', 'varchar(500)')
    .addColumn('website', 'varchar(500)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('locations_organization_idx').on('locations').column('organization_id').execute();

  await addIdColumn(db.schema.createTable('users'), kind)
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('location_id', 'bigint', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('first_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('last_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('phone', 'varchar(40)')
    .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_location_email_uq').on('users').columns(['location_id', 'email']).unique().execute();

  await addIdColumn(db.schema.createTable('contacts'), kind)
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('location_id', 'bigint', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('first_name', 'varchar(100)')
    .addColumn('last_name', 'varchar(100)')
    .addColumn('email', 'varchar(320)')
    .addColumn('phone', 'varchar(40)')
    .addColumn('time_zone', 'varchar(64)')
    .addColumn('locale', 'varchar(35)')
    .addColumn('company_name', 'varchar(200)')
    .addColumn('address1', 'varchar(300)')
    .addColumn('city', 'varchar(100)')
    .addColumn('state', 'varchar(100)')
    .addColumn('postal_code', 'varchar(20)')
    .addColumn('country', 'varchar(100)')
    .addColumn('website', 'varchar(500)')
    .addColumn('source', 'varchar(200)')
    .addColumn('date_of_birth', 'varchar(10)')
    .addColumn('dnd', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contacts_location_email_uq')
    .on('contacts')
    .columns(['location_id', 'email'])
    .unique()
    .where('email', 'is not', null)
    .execute();
  await db.schema.createIndex('contacts_location_created_idx').on('contacts').columns(['location_id', 'created_at']).execute();

  await addIdColumn(db.schema.createTable('api_keys'), kind)
    .addColumn('public_id', 'varchar(20)', publicId)
    .addColumn('organization_id', 'bigint', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('location_id', 'bigint', (c) => c.references('locations.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('prefix', 'varchar(20)', (c) => c.notNull())
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['api_keys', 'contacts', 'users', 'locations', 'organizations']) {
    await db.schema.dropTable(table).execute();
  }
}
