import type { Config } from '../config.ts';
import { describeClock } from '../services/clock.ts';
import type { DemoData } from '../services/seed.ts';
import type { Store } from '../store/database.ts';

/** The one screen printed at start: where the server is, where its data is, what to try. */
export function startupSummary(config: Config, store: Store, url: string, demo: DemoData | null): string {
  const lines = [
    '',
    '  Slotbase is running',
    `  URL            ${url}`,
    `  API reference  ${url}/docs`,
    `  Database       ${store.kind === 'sqlite' ? 'SQLite (embedded)' : 'PostgreSQL'} at ${store.location}`,
    `  Data directory ${config.dataDir}`,
    `  Log level      ${config.logLevel}`,
    `  Clock          ${describeClock(config.clock)}${config.clock.kind === 'system' ? '' : ' (SLOTBASE_CLOCK, for tests only)'}`,
  ];
  if (demo) {
    lines.push(
      '',
      '  First run: a demo location was created.',
      `  Location       ${demo.location.name} (${demo.location.id})`,
      `  Host           ${demo.host.firstName} ${demo.host.lastName} (${demo.host.id})`,
      `  Contact        ${demo.contact.firstName} ${demo.contact.lastName} (${demo.contact.id})`,
      `  Calendar       ${demo.calendar.name} (${demo.calendar.id})`,
      '',
      '  Admin API key (organization-wide, all scopes). It is shown only this once:',
      `    ${demo.adminKey.secret}`,
      '',
      '  Try:',
      `    curl -H "Authorization: Bearer ${demo.adminKey.secret}" ${url}/v1/locations`,
      `    curl -H "Authorization: Bearer ${demo.adminKey.secret}" "${url}/v1/users?locationId=${demo.location.id}"`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
