/**
 * Reason codes of the triage rule sets (`danger:pulse>=180`, `risk:age<1`, TRIAGE.md) as words a
 * clinician reads, in Vietnamese or English: "Mạch ≥ 180 lần/phút (trẻ dưới 1 tuổi)". The code names
 * the rule; where a limit belongs to one age band, the band is said too. A text that is not a code
 * (the reason given for an override) gives null and is shown as written.
 */
import type { Lang } from './i18n';
import { translate } from './i18n';

const OPS: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };

/** The age band a limit belongs to, when the code alone says it (`reason.band.*` in the dictionary). */
const BAND_OF: Record<string, string> = {
  'danger:rr>=60': 'under2m',
  'danger:rr>=50': '2to11m',
  'danger:rr>=40': '1to4y',
  'danger:rr>=30': '5to11y',
  'danger:rr>=21': 'from12y',
  'danger:rr<=15': 'under1y',
  'danger:rr<=12': '1to4y',
  'danger:rr<=10': '5to11y',
  'danger:rr<=9': '12to15y',
  'danger:pulse>=180': 'under1y',
  'danger:pulse>=170': '1to4y',
  'danger:pulse>150': '5to11y',
  'danger:pulse<=80': 'under1y',
  'danger:pulse<=60': '1to4y',
  'danger:pulse<=50': '5to11y',
  'danger:sbp<60': 'under1m',
  'danger:sbp<70': '1to11m',
  'danger:temp>=38.0': 'under3m',
  'danger:temp<35.5': 'under2m',
  'peds:rr<=19': 'under1y',
  'peds:rr<=15': '1to4y',
  'peds:rr<=14': '5to11y',
  'peds:rr<=10': '12to15y',
  'peds:pulse>=170': 'under1y',
  'peds:pulse>=150': 'under5y',
  'peds:pulse>=130': '5to11y',
  'peds:pulse>=120': '1to4y',
  'peds:pulse>=110': '5to11y',
  'peds:pulse>=100': '12to15y',
  'peds:pulse<=90': 'under1y',
  'peds:pulse<=70': '1to4y',
  'peds:pulse<=60': '5to11y',
  'peds:temp>=39.0': '3to5m',
  'peds:temp<=35.0': 'under16',
  'peds:temp>=38.0': 'under16',
};

const LIMIT = /^(danger|peds|obstetric):(spo2|rr|pulse|sbp|dbp|temp)(>=|<=|>|<)(\d+(?:\.\d)?)$/;
/** NEWS2 parameters as `vn-moh-2021` (`news2:param=3:rr`) and `vn-moh-2021.2` (`news2:rr=3`) name them. */
const NEWS2_PARAM = /^news2:(?:param=3:)?(rr|spo2|oxygen|sbp|pulse|consciousness|temperature)(?:=3)?$/;
const NEWS2_KEY: Record<string, string> = {
  rr: 'reason.subject.rr',
  spo2: 'reason.subject.spo2',
  oxygen: 'vital.onOxygen',
  sbp: 'reason.subject.sbp',
  pulse: 'reason.subject.pulse',
  consciousness: 'vital.consciousness',
  temperature: 'reason.subject.temp',
};
const RISKS = [
  'age>=65',
  'age>=50',
  'age<1',
  'comorbidities>=2',
  'comorbidities>=1',
  'pregnant',
  'unvaccinated-age>=50',
  'unvaccinated-age>=18',
];

function limitBand(code: string, family: string, subject: string, op: string, value: string): string | null {
  if (family === 'obstetric') return 'pregnancy';
  const band = BAND_OF[code];
  if (band) return band;
  // PALS: < 70 + 2 × years from 1 to 9 years.
  const limit = Number(value);
  if (
    family === 'danger' &&
    subject === 'sbp' &&
    op === '<' &&
    limit >= 72 &&
    limit <= 88 &&
    limit % 2 === 0
  ) {
    return `years:${(limit - 70) / 2}`;
  }
  return null;
}

/** Clinician words for a reason code, or null when the text is not a code. */
export function describeReason(code: string, lang: Lang): string | null {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const limit = LIMIT.exec(code);
  if (limit) {
    const [, family, subject, op, value] = limit;
    const shown = lang === 'vi' ? value.replace('.', ',') : value;
    const text = t('reason.limit', {
      subject: t(`reason.subject.${subject}`),
      op: OPS[op],
      value: shown,
      unit: t(`reason.unit.${subject}`),
    });
    const band = limitBand(code, family, subject, op, value);
    if (!band) return text;
    const bandText = band.startsWith('years:')
      ? t('reason.band.years', { n: band.slice(6) })
      : t(`reason.band.${band}`);
    return `${text} (${bandText})`;
  }
  const colon = code.indexOf(':');
  const family = code.slice(0, colon);
  const rule = code.slice(colon + 1);
  const eq = /^(\w+)=(.+)$/.exec(rule);
  if (family === 'danger' && eq?.[1] === 'consciousness') {
    return t('reason.consciousness', { level: t(`cons.${eq[2]}`) });
  }
  if (family === 'danger' && eq?.[1] === 'symptom')
    return t('reason.symptom', { symptom: t(`sym.${eq[2]}`) });
  if (family === 'news2') {
    const atLeast = /^total>=(\d+)$/.exec(rule);
    if (atLeast) return t('reason.news2.atLeast', { n: atLeast[1] });
    const total = /^total=(\d+)$/.exec(rule);
    if (total) return t('reason.news2.total', { n: total[1] });
    const param = NEWS2_PARAM.exec(code);
    if (param) return t('reason.news2.param', { parameter: t(NEWS2_KEY[param[1]]) });
  }
  if ((family === 'risk' || family === 'symptomatic-high-risk') && RISKS.includes(rule)) {
    return t(family === 'risk' ? 'reason.risk' : 'reason.symptomaticHighRisk', {
      risk: t(`reason.risk.${rule}`),
    });
  }
  const missed = /^followup:missed=(\d+)$/.exec(code);
  if (missed) return t('reason.missed', { n: missed[1] });
  return null;
}
