/**
 * Normalises a date to the one text form the store sorts and compares on (`2023-05-11T23:59:00.000Z`),
 * so that `+00:00` offsets, missing milliseconds and other time zones still order correctly.
 */
export function toIsoTimestamp(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid timestamp: ${JSON.stringify(String(value))}`);
  return date.toISOString();
}
