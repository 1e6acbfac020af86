import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chineseDate, isoInZone, parsePostDate, zonedParts } from '../src/dates.ts';
import { monthKey, yearArchive } from '../src/model/archives.ts';
import { expandPermalink } from '../src/model/permalink.ts';
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

const pad = (n: number) => String(n).padStart(2, '0');

test('zoned dates and their texts agree with Intl around every offset change, in zones with odd offsets and half-hour summer time', () => {
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
      const p = intlParts(date, zone);
      assert.deepEqual(zonedParts(date, zone), p, `${zone} at ${date.toISOString()}`);
      const off = Math.abs(p.offsetMinutes);
      const offset = `${p.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
      assert.equal(isoInZone(date, zone), `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offset}`, `${zone} at ${date.toISOString()}`);
      assert.equal(chineseDate(date, zone), `${p.year}年${p.month}月${p.day}日`, `${zone} at ${date.toISOString()}`);
    }
  }
});

test('the texts a Date keeps follow its instant and the zone asked for, and a frozen Date is formatted as any other', () => {
  const date = new Date('2022-01-18T16:30:00Z');
  assert.equal(isoInZone(date, 'Asia/Shanghai'), '2022-01-19T00:30:00+08:00');
  assert.equal(chineseDate(date, 'Asia/Shanghai'), '2022年1月19日');
  assert.equal(isoInZone(date, 'Europe/London'), '2022-01-18T16:30:00+00:00');
  assert.equal(chineseDate(date, 'Europe/London'), '2022年1月18日');
  assert.equal(chineseDate(date, 'Asia/Shanghai'), '2022年1月19日');
  date.setTime(Date.parse('2023-07-01T02:00:00Z'));
  assert.equal(isoInZone(date, 'Asia/Shanghai'), '2023-07-01T10:00:00+08:00');
  assert.equal(chineseDate(date, 'Asia/Shanghai'), '2023年7月1日');
  // What it keeps does not show: the Date lists and compares as a fresh one.
  assert.deepStrictEqual(date, new Date(date.getTime()));
  assert.deepEqual(Object.getOwnPropertySymbols(date).filter((s) => Object.getOwnPropertyDescriptor(date, s)!.enumerable), []);
  const frozen = Object.freeze(new Date('2022-01-18T16:30:00Z'));
  assert.equal(isoInZone(frozen, 'Asia/Shanghai'), '2022-01-19T00:30:00+08:00');
  assert.equal(chineseDate(frozen, 'Asia/Shanghai'), '2022年1月19日');
});

test('years before 1000 are written with four digits, as ISO 8601 and RFC 3339 ask, in texts and URLs', () => {
  const date = parsePostDate('0999-01-11 08:30:00 +0800', 'Asia/Shanghai')!;
  assert.equal(isoInZone(date, 'UTC'), '0999-01-11T00:30:00+00:00');
  assert.equal(chineseDate(date, 'UTC'), '999年1月11日');
  assert.deepEqual([yearArchive(999).url, monthKey(999, 1)], ['/0999/', '0999/01']);
  assert.equal(expandPermalink('/:year/:month/:title/', { slug: 'old', date, categories: [] }, 'UTC', (name) => name), '/0999/01/old/');
});
