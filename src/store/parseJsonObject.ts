export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON that the store wrote from an object; anything else means the row was changed by hand. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (!isJsonObject(value)) throw new Error(`stored ${what} is not a JSON object`);
  return value;
}
