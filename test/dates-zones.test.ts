import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zonedParts } from '../src/dates.ts';
import { seededRandom } from './helpers.ts';

/** What Intl itself says the wall clock and offset are: the reference the remembered offsets must match. */
const formats = new Map<string, Intl.DateTimeFormat>();
function intlParts(date: Date, timeZone: string) {
  if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', timeZoneName: 'longOffset' }));
  const fields = Object.fromEntries(formats.get(timeZone)!.formatToParts(date).map((p) => [p.type, p.value]));
  const offset = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(fields.timeZoneName)!;
  const offsetMinutes = offset[1] ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return { year: Number(fields.year), month: Number(fields.month), day: Number(fields.day), hour: Number(fields.hour), minute: Number(fields.minute), second: Number(fields.second), offsetMinutes };
}

test('zoned dates agree with Intl around every offset change, in zones with odd offsets and half-hour summer time', () => {
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'Africa/Casablanca'];
  const random = seededRandom(7);
  const from = Date.UTC(2018, 0, 1);
  const span = Date.UTC(2024, 0, 1) - from;
  for (const zone of zones) {
    const instants: number[] = [];
    for (let i = 0; i < 1500; i++) instants.push(from + Math.floor(random() * span));
    // Every 20 minutes across a year, so that each change of offset is met on both sides, within minutes.
    for (let t = Date.UTC(2022, 0, 1); t < Date.UTC(2023, 0, 1); t += 20 * 60000) instants.push(t + 59_999);
    for (const time of instants) {
      const date = new Date(time);
      assert.deepEqual(zonedParts(date, zone), intlParts(date, zone), `${zone} at ${date.toISOString()}`);
    }
  }
});
