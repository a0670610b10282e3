/**
 * Shows an E.164 number the way people write it: North American numbers as (626) 795-6777, others
 * with their country code and groups of three or four digits.
 */
export function formatPhone(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (nanp) return `(${nanp[1]}) ${nanp[2]}-${nanp[3]}`;
  const ph = /^\+63(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (ph) return `+63 ${ph[1]} ${ph[2]} ${ph[3]}`;
  const digits = e164.slice(1);
  return `+${digits.replace(/(\d{3})(?=\d{4,})/g, '$1 ')}`;
}

/** How someone outside North America dials the number: the full international form. */
export function formatPhoneInternational(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `+1 ${nanp[1]} ${nanp[2]} ${nanp[3]}` : formatPhone(e164);
}
