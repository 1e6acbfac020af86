// Wall-clock times in a named zone, independent of the machine's own zone.

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

// formatToParts costs ~15 µs and every post asks several times per build (URL, archives, sitemap,
// feeds); watch mode asks again on each rebuild. Results are kept per zone and instant, bounded.
const partsCache = new Map<string, Map<number, Readonly<ZonedParts>>>();
const PARTS_CACHE_LIMIT = 200_000;

/** The calendar fields and UTC offset of `date` in `timeZone`. */
export function zonedParts(date: Date, timeZone: string): Readonly<ZonedParts> {
  let zone = partsCache.get(timeZone);
  if (!zone) partsCache.set(timeZone, (zone = new Map()));
  const time = date.getTime();
  let parts = zone.get(time);
  if (!parts) {
    if (zone.size >= PARTS_CACHE_LIMIT) zone.clear();
    zone.set(time, (parts = Object.freeze(computeZonedParts(date, timeZone))));
  }
  return parts;
}

function computeZonedParts(date: Date, timeZone: string): ZonedParts {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    hour: fields.hour,
    minute: fields.minute,
    second: fields.second,
    offsetMinutes: Math.round((asUtc - wholeSeconds) / 60000),
  };
}

/** The instant at which the wall clock in `timeZone` shows the given fields. */
export function instantInZone(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
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
  if (zone.toUpperCase() === 'Z') return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const digits = zone.replace(':', '');
  const offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60000);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 with the zone's offset: `2022-01-18T09:52:23+08:00`. */
export function isoInZone(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(p.offsetMinutes);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

/** The Chinese calendar date: `2022年1月18日`. */
export function chineseDate(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${p.year}年${p.month}月${p.day}日`;
}
