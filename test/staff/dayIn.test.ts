import { dayIn } from '../../src/staff/DashboardQueries';

describe('the office day of an instant', () => {
  it.each([
    ['America/Los_Angeles', '2026-11-03T07:59:59.999Z', '2026-11-02'],
    ['America/Los_Angeles', '2026-11-03T08:00:00.000Z', '2026-11-03'],
    ['America/Los_Angeles', '2026-03-08T10:30:00.000Z', '2026-03-08'],
    ['Asia/Kolkata', '2026-11-02T18:29:59.000Z', '2026-11-02'],
    ['Asia/Kolkata', '2026-11-02T18:30:00.000Z', '2026-11-03'],
    ['Asia/Kathmandu', '2026-11-02T18:14:00.000Z', '2026-11-02'],
    ['Asia/Kathmandu', '2026-11-02T18:15:00.000Z', '2026-11-03'],
  ])('in %s, %s is %s', (zone, iso, day) => {
    const of = dayIn(zone);
    // Asked twice, and after a neighbour in the same hour, so the remembered hour is used too.
    of(new Date(Date.parse(iso) - 60_000).toISOString());
    expect(of(iso)).toBe(day);
    expect(of(iso)).toBe(day);
  });

  it('agrees with formatting every instant over a year in a zone with half-hour offsets and DST', () => {
    const of = dayIn('Australia/Lord_Howe');
    const exact = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Lord_Howe', year: 'numeric', month: '2-digit', day: '2-digit' });
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let t = start; t < start + 366 * 86_400_000; t += 7 * 60_000) expect(of(new Date(t).toISOString())).toBe(exact.format(new Date(t)));
  });
});
