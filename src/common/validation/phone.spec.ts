import { toVietnameseE164 } from './phone';

describe('toVietnameseE164', () => {
  it.each([
    ['0889556655', '+84889556655'],
    ['+84889556655', '+84889556655'],
    ['088 955 6655', '+84889556655'],
    ['0912345678', '+84912345678'],
    ['02438256789', '+842438256789'], // a Hanoi landline
  ])('%s → %s', (raw, e164) => {
    expect(toVietnameseE164(raw)).toBe(e164);
  });

  it.each(['12345', '+14155550100', '0889', 'phone', '', 889556655, null])('refuses %j', (raw) => {
    expect(toVietnameseE164(raw)).toBeNull();
  });
});
