import { redactContact } from '../../src/llm/redactContact';

describe('redactContact', () => {
  it.each([
    ['call me at (213) 555-0147 please', 'call me at [number] please'],
    ['mi correo es maria.lopez@example.com', 'mi correo es [email]'],
    ['我的电话是 +86 138 0013 8000', '我的电话是 [number]'],
    ['my A-number is 123-456-789', 'my A-number is [number]'],
    ['I crossed in June 2023, on the 5th', 'I crossed in June 2023, on the 5th'],
    ['and for Cubans?', 'and for Cubans?'],
  ])('%s', (input, output) => {
    expect(redactContact(input)).toBe(output);
  });
});
