import { CircuitBreaker } from '../../src/llm/CircuitBreaker';

describe('CircuitBreaker', () => {
  it('opens after three failures in a row, lets one probe through after the pause, and closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 30_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(breaker.allow()).toBe(true);
      breaker.failed();
    }
    expect(breaker.allow()).toBe(false);
    now = 29_999;
    expect(breaker.allow()).toBe(false);
    now = 30_000;
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false);
    breaker.succeeded();
    expect(breaker.allow()).toBe(true);
    expect(breaker.isOpen).toBe(false);
  });

  it('a failed probe opens it for another pause', () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1000, () => now);
    breaker.failed();
    breaker.failed();
    now = 1000;
    expect(breaker.allow()).toBe(true);
    breaker.failed();
    expect(breaker.allow()).toBe(false);
    now = 2000;
    expect(breaker.allow()).toBe(true);
  });

  it('a success between failures resets the count', () => {
    const breaker = new CircuitBreaker(2, 1000, () => 0);
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    expect(breaker.allow()).toBe(true);
  });
});
