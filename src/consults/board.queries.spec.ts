import { boardStatus, type DoctorFacts } from './board.queries';

describe('boardStatus: what the supervisor board says a doctor on shift is doing', () => {
  const facts = (f: Partial<DoctorFacts>): DoctorFacts => ({
    presence: 'available',
    connected: true,
    offered: false,
    onCall: false,
    ...f,
  });
  it.each<[Partial<DoctorFacts>, string]>([
    [{}, 'available'],
    [{ presence: 'away' }, 'away'],
    [{ presence: null }, 'away'],
    [{ presence: 'wrap_up' }, 'wrap_up'],
    [{ presence: 'something-new' }, 'away'],
    [{ connected: false }, 'offline'],
    [{ connected: false, presence: 'wrap_up' }, 'offline'],
    [{ offered: true }, 'offered'],
    [{ offered: true, connected: false }, 'offered'],
    [{ onCall: true, presence: 'away', connected: false }, 'on_call'],
    [{ onCall: true, offered: true }, 'on_call'],
  ])('%j → %s', (f, status) => {
    expect(boardStatus(facts(f))).toBe(status);
  });
});
