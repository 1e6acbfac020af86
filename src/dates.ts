// Wall-clock times in a named zone, independent of the machine's own zone.
import { remember } from './memo.js';

/** Calendar fields of an instant as seen in some zone. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Offset from UTC in minutes (480 for Asia/Shanghai). */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar fields and UTC offset of `date` in `timeZone`. */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const { day, ms, offsetMinutes } = wallClock(date.getTime(), timeZone);
  const wall = new Date(day * DAY + ms);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    offsetMinutes,
  };
}

/** The wall clock in `timeZone` at `time`: the day (counted from 1970-01-01), the milliseconds into it, the offset. */
function wallClock(time: number, timeZone: string): { day: number; ms: number; offsetMinutes: number } {
  const offsetMinutes = offsetAt(time, timeZone);
  const wall = time + offsetMinutes * MINUTE;
  const day = Math.floor(wall / DAY);
  return { day, ms: wall - day * DAY, offsetMinutes };
}

// Asking Intl is slow (an archive spans thousands of days, a page lists dozens of dates). Zones
// change their offset a few times a year at most, and only on quarter hours: a day that starts with
// the offset the next day starts with has it throughout, so one answer per day serves nearly every
// instant (each day's start answers for the day before too), and the rare day with a change is
// answered per quarter hour.
const MINUTE = 60_000;
const DAY = 86_400_000;
const QUARTER_HOUR = 15 * MINUTE;
const QUARTERS_PER_DAY = DAY / QUARTER_HOUR;
const VARIES = NaN;
const offsets = new Map<string, { byDay: (day: number) => number; byQuarter: (quarter: number) => number }>();

function offsetAt(time: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    const byQuarter = remember((quarter: number) => offsetFromIntl(quarter * QUARTER_HOUR, timeZone), 10_000);
    const byDay = remember((day: number) => {
      const first = byQuarter(day * QUARTERS_PER_DAY);
      return first === byQuarter((day + 1) * QUARTERS_PER_DAY) ? first : VARIES;
    }, 100_000);
    offsets.set(timeZone, (zone = { byDay, byQuarter }));
  }
  const daily = zone.byDay(Math.floor(time / DAY));
  return Number.isNaN(daily) ? zone.byQuarter(Math.floor(time / QUARTER_HOUR)) : daily;
}

function offsetFromIntl(time: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(time))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = utc(fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second);
  return Math.round((asUtc - time) / 60000);
}

/** The instant at which the wall clock in `timeZone` shows the given fields. */
export function instantInZone(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): Date {
  const wall = utc(year, month, day, hour, minute, second);
  // Two passes settle the offset even when the guess lands across a DST change.
  let instant = wall - zonedParts(new Date(wall), timeZone).offsetMinutes * 60000;
  instant = wall - zonedParts(new Date(instant), timeZone).offsetMinutes * 60000;
  return new Date(instant);
}

const DATE_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses the date forms Jekyll posts use: `2022-01-18 09:52:23 +0800`, ISO 8601, or a date alone.
 * Without an offset the time is read in `timeZone`. Returns undefined for anything else.
 */
export function parsePostDate(text: string, timeZone: string): Date | undefined {
  const m = DATE_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[7];
  if (!zone) return instantInZone(year, month, day, hour, minute, second, timeZone);
  if (zone.toUpperCase() === 'Z') return new Date(utc(year, month, day, hour, minute, second));
  const digits = zone.replace(':', '');
  const offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  return new Date(utc(year, month, day, hour, minute, second) - offset * 60000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month + 1, 0, 0, 0, 0)).getUTCDate();
}

/** Milliseconds of a UTC wall time; unlike `Date.UTC`, years 0–99 are not moved to 1900–1999. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A year as ISO 8601, RFC 3339 and Jekyll's `:year` write it: four digits at least (`0999`). */
export const yearDigits = (year: number): string => pad(year, 4);

// The texts below are made from the wall clock by arithmetic, not from zonedParts: a listing page
// shows twenty dates, and a rebuild that adds a post shows every post's date once on the home pages
// it shifts. Both texts of 20,000 new Dates took 60-70 ms made from their parts, 51-55 ms so (a
// harness, fresh processes); what is left is mostly asking Intl for each day's offset.
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => pad(n));

// A day's texts serve every post of that day: an archive has some ten a day. Joined, not template
// literals: each text is kept for as long as its posts, and a template literal leaves a tree of its
// pieces (V8's cons strings): 395 bytes a text against 57 joined, in a harness of 100,000 texts.
const dayTexts = remember((day: number) => {
  const date = new Date(day * DAY);
  const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  return { chinese: [year, '年', month, '月', dayOfMonth, '日'].join(''), iso: [yearDigits(year), '-', pad(month), '-', pad(dayOfMonth), 'T'].join('') };
}, 100_000);

const offsetText = remember((minutes: number) => {
  const off = Math.abs(minutes);
  return [minutes < 0 ? '-' : '+', pad(Math.floor(off / 60)), ':', pad(off % 60)].join('');
}, 1_000);

function isoText(date: Date, timeZone: string): string {
  const { day, ms, offsetMinutes } = wallClock(date.getTime(), timeZone);
  const seconds = Math.floor(ms / 1000);
  return [dayTexts(day).iso, TWO_DIGITS[Math.floor(seconds / 3600)], ':', TWO_DIGITS[Math.floor(seconds / 60) % 60], ':', TWO_DIGITS[seconds % 60], offsetText(offsetMinutes)].join('');
}

// A post's date is shown on a dozen pages (its own, its neighbours', related posts', listings,
// feeds, the sitemap): its ISO text is kept on the Date itself, with the instant and zone it was
// made for. Reading a property is several times cheaper than making the text again, and a map
// keyed by the time (a heap number) cost more to look up and fill than making it; one slot per
// Date, whatever the zones, keeps memory flat. The slot is not enumerable: the Date lists and
// compares as it did.
const ISO_TEXT = Symbol('ISO text of this Date');
interface KeptText {
  time: number;
  zone: string;
  text: string;
}

/** ISO 8601 with the zone's offset: `2022-01-18T09:52:23+08:00`. */
export function isoInZone(date: Date, timeZone: string): string {
  if (!(date instanceof Date)) return isoText(date, timeZone);
  const time = date.getTime();
  const kept = (date as Date & { [ISO_TEXT]?: KeptText })[ISO_TEXT];
  if (kept === undefined) {
    const text = isoText(date, timeZone);
    // A frozen Date takes no property: its text is made each time.
    if (Object.isExtensible(date)) Object.defineProperty(date, ISO_TEXT, { value: { time, zone: timeZone, text } });
    return text;
  }
  if (kept.time !== time || kept.zone !== timeZone) Object.assign(kept, { time, zone: timeZone, text: isoText(date, timeZone) });
  return kept.text;
}

/** The Chinese calendar date: `2022年1月18日`. */
export function chineseDate(date: Date, timeZone: string): string {
  return dayTexts(wallClock(date.getTime(), timeZone).day).chinese;
}
