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

/** The calendar fields and UTC offset of `date` in `timeZone`. */
export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const offsetMs = steadyDayOffset(date.getTime(), timeZone);
  if (offsetMs === undefined) return exactZonedParts(date, timeZone);
  const wall = new Date(date.getTime() + offsetMs);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    offsetMinutes: offsetMs / 60000,
  };
}

const DAY_MS = 86_400_000;
/** Per zone, per UTC day: the zone's offset when it is the same all day long, else null. */
const dayOffsets = new Map<string, Map<number, number | null>>();

// Intl's formatToParts costs ~15 µs a call and every page asks for several dates. Offsets change
// at most a few times a year, so the offset of a whole UTC day is worked out once (from both of its
// ends) and reused; days with a change, and odd historical offsets, take the exact path.
function steadyDayOffset(time: number, timeZone: string): number | undefined {
  if (!Number.isFinite(time)) return undefined;
  let days = dayOffsets.get(timeZone);
  if (!days) dayOffsets.set(timeZone, (days = new Map()));
  const day = Math.floor(time / DAY_MS);
  let offset = days.get(day);
  if (offset === undefined) {
    const start = exactOffsetMs(day * DAY_MS, timeZone);
    const end = exactOffsetMs((day + 1) * DAY_MS - 1000, timeZone);
    offset = start === end && start % 60000 === 0 ? start : null;
    days.set(day, offset);
  }
  return offset ?? undefined;
}

function exactOffsetMs(time: number, timeZone: string): number {
  const p = exactZonedParts(new Date(time), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(time / 1000) * 1000;
}

function exactZonedParts(date: Date, timeZone: string): ZonedParts {
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
