import { possibleReasons, RULE_SETS } from '../triage';
import type { RuleSetId } from '../triage';
import { describeReason } from '../../web/src/lib/reasons';
import { LANGS } from '../../web/src/lib/i18n';

/** The console shows every reason the rules can give in clinician words (web/src/lib/reasons.ts). */
describe('reason codes in clinician words', () => {
  const cases = (Object.keys(RULE_SETS) as RuleSetId[]).flatMap((ruleSet) =>
    possibleReasons(ruleSet).flatMap((code) => LANGS.map((lang) => [ruleSet, code, lang] as const)),
  );

  it('covers both rule sets', () => {
    expect(new Set(cases.map(([ruleSet]) => ruleSet))).toEqual(new Set(['vn-moh-2021', 'vn-moh-2021.2']));
    expect(cases.length).toBeGreaterThan(150);
  });

  it.each(cases)('%s %s (%s) has words, not the code', (_ruleSet, code, lang) => {
    const words = describeReason(code, lang);
    expect(words).toEqual(expect.any(String));
    expect(words).not.toContain(code);
    expect(words).not.toMatch(/[{}]|reason\.|sym\.|cons\.|vital\.|>=|<=/);
  });

  it('the two languages differ where the words do', () => {
    expect(describeReason('danger:pulse>=180', 'vi')).not.toBe(describeReason('danger:pulse>=180', 'en'));
  });

  it.each([
    ['peds:pulse>=150', 'vi', 'Mạch ≥ 150 lần/phút (trẻ dưới 5 tuổi)'],
    ['peds:pulse>=150', 'en', 'Pulse ≥ 150 /min (under 5 years)'],
    ['danger:pulse>=180', 'vi', 'Mạch ≥ 180 lần/phút (trẻ dưới 1 tuổi)'],
    ['danger:sbp<76', 'vi', 'Huyết áp tâm thu < 76 mmHg (trẻ 3 tuổi)'],
    ['danger:sbp<90', 'en', 'Systolic BP < 90 mmHg'],
    ['danger:temp>=38.0', 'vi', 'Nhiệt độ ≥ 38,0 °C (trẻ dưới 3 tháng)'],
    ['danger:temp>=38.0', 'en', 'Temperature ≥ 38.0 °C (under 3 months)'],
    ['obstetric:sbp>=160', 'en', 'Systolic BP ≥ 160 mmHg (pregnancy)'],
    ['danger:spo2<=95', 'vi', 'SpO2 ≤ 95 %'],
    ['danger:consciousness=voice', 'vi', 'Ý thức: Đáp ứng lời nói'],
    ['danger:symptom=cyanosis', 'en', 'Danger sign: Cyanosis'],
    ['news2:total>=7', 'en', 'NEWS2 score ≥ 7'],
    ['news2:total=5', 'vi', 'Điểm NEWS2 = 5'],
    ['news2:sbp=3', 'en', 'NEWS2: Systolic BP scores 3'],
    ['news2:param=3:temperature', 'en', 'NEWS2: Temperature scores 3'],
    ['risk:age<1', 'vi', 'Yếu tố nguy cơ: dưới 1 tuổi'],
    ['symptomatic-high-risk:pregnant', 'en', 'Symptoms and high risk: pregnant'],
    ['followup:missed=3', 'en', 'Not reached 3 times in a row'],
  ] as const)('%s in %s: %s', (code, lang, words) => {
    expect(describeReason(code, lang)).toBe(words);
  });

  it.each([['Khó thở khi gắng sức'], ['danger:unknown>=3'], ['risk:tall'], ['news2:total=x']])(
    '%p is not a code: shown as written',
    (text) => {
      expect(describeReason(text, 'vi')).toBeNull();
    },
  );
});
