/** ISO 8601 times with an offset, and region ids: the two formats every layer checks. */

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** A region id such as cn-shanghai or ap-southeast-1. */
export const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/** Epoch milliseconds of an ISO 8601 time with an offset, or undefined when it is not a real time. */
export function isoInstant(s: string): number | undefined {
  const m = ISO_TIME.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, oh, om] = [1, 2, 3, 4, 5, 6, 9, 10].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || oh > 23 || om > 59) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined; // day 0 of next month = last day
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const fraction = m[7] ? Number(m[7]) * 1000 : 0;
  const offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  // Date.UTC maps years 0..99 to 1900..1999; such years are refused rather than silently moved.
  return year < 100 ? undefined : base + fraction - offset;
}

/** A duration for people: its two largest units, e.g. "2 d 3 h", "4 min 10 s". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor(s / 3600) % 24, 'h'],
    [Math.floor(s / 60) % 60, 'min'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}
