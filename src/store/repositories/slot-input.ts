import { reusableQuery } from '../reusable-query.ts';
import type { Queryable } from '../database.ts';
import { hostBusyAndBlocksQuery, splitBusy, type BusyRow, type HostBusyParams } from './busy.ts';
import { jsonArrayFor, jsonRows } from './json-array.ts';
import { scheduleCandidatesQuery, toScheduleCandidates, type ScheduleCandidateRow, type ScheduleCandidates, type ScheduleCandidatesParams } from './schedules.ts';

const schedulesAndBusy = reusableQuery((db, p: { schedules: ScheduleCandidatesParams; busy: HostBusyParams }) => {
  const jsonArray = jsonArrayFor(db);
  return db.selectNoFrom([jsonArray(scheduleCandidatesQuery(db, p.schedules)).as('schedules'), jsonArray(hostBusyAndBlocksQuery(db, p.busy)).as('busy')]);
});

/**
 * What every free-slot answer and every booking's re-check reads about the hosts, in one
 * statement: the schedules that may apply to them on the calendar (see `loadScheduleCandidates`)
 * and their busy time with what occupies the whole calendar over [from, to) (see `hostBusyAndBlocksQuery`).
 */
export async function loadSchedulesAndBusy(
  db: Queryable,
  schedules: { calendarPk: number; userPks: number[]; dates?: { from: string; to: string } },
  busy: { from: number; to: number; seatedCalendarPk: number | null },
): Promise<{ candidates: ScheduleCandidates; busy: BusyRow[]; calendarBusy: Array<{ start: number; end: number }> }> {
  const { calendarPk, userPks } = schedules;
  const [row] = await schedulesAndBusy(db, {
    schedules: { calendarPk, userPks, datesFrom: schedules.dates?.from, datesTo: schedules.dates?.to },
    busy: { userPks: userPks.length > 0 ? userPks : [-1], calendarPk, from: busy.from, to: busy.to, seatedCalendarPk: busy.seatedCalendarPk, hostless: userPks.length === 0 },
  });
  return {
    candidates: toScheduleCandidates(jsonRows<ScheduleCandidateRow>(row?.schedules), userPks),
    ...splitBusy(jsonRows(row?.busy)),
  };
}
