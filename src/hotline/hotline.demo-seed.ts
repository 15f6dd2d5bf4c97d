import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { AreasService } from '../areas';
import { SeededRandom } from '../common/random';
import { addDays, localDateOf } from '../common/time/windows';
import { AppConfig } from '../config/app-config';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES } from '../database/seed/vietnamese-names';
import { QUESTION_CATEGORIES, VIOLATION_CATEGORIES } from './contact.rules';
import { timesOverDay } from './day-curve';
import { demoDistricts } from './demo-districts';

/** Where `district` is in `order`; last when absent. */
const rank = (order: string[], district: string) =>
  order.includes(district) ? order.indexOf(district) : order.length;

/** Contacts a demo day holds: the seed's 2,088 over five days is about 418 a day. */
export const DEMO_CONTACTS_PER_DAY = 418;
const SEED = 1022_13;
const MINUTE = 60_000;

const QUESTIONS: Record<(typeof QUESTION_CATEGORIES)[number], string> = {
  essential_goods_permit: 'Hỏi thủ tục đăng ký lưu thông hàng hóa thiết yếu',
  travel_procedures: 'Hỏi giấy tờ cần thiết khi ra, vào thành phố',
  health_declaration: 'Hỏi cách khai báo y tế điện tử',
  vaccination_registration: 'Hỏi đăng ký tiêm vắc xin cho người cao tuổi',
  support_policy: 'Hỏi chính sách hỗ trợ lao động tự do mất việc',
  other_question: 'Hỏi giờ mở cửa chợ dân sinh',
};
const VIOLATIONS: Record<(typeof VIOLATION_CATEGORIES)[number], string> = {
  gathering: 'Tụ tập đông người trước cửa hàng tạp hóa',
  no_mask: 'Nhiều người không đeo khẩu trang ở chợ',
  outdoor_exercise: 'Nhóm người tập thể dục ở công viên',
  other_violation: 'Quán ăn vẫn mở cửa phục vụ tại chỗ',
};
const ANSWERS = [
  'Đã hướng dẫn người dân',
  'Đã giải đáp theo hướng dẫn của thành phố',
  'Đã cung cấp số điện thoại phường',
];
const RESULTS = [
  'Tổ COVID cộng đồng đã đến nhắc nhở, giải tán',
  'Đã xử phạt hành chính',
  'Đã kiểm tra, nhắc nhở chủ cửa hàng',
];

interface Row {
  channel: string;
  branch: number;
  category: string;
  callerPhone: string | null;
  callerName: string | null;
  summary: string;
  district: string;
  ward: string | null;
  receivedAt: Date;
  status: string;
  operatorId: string;
  consultId: string | null;
  answer: string | null;
  resolvedAt: Date | null;
  forwardedAt: Date | null;
  acknowledgedAt: Date | null;
  officerId: string | null;
  handledAt: Date | null;
  result: string | null;
}

/**
 * Demo hotline work (only on a freshly seeded database): yesterday and today so far, about 418
 * contacts a day over the day's curve (busiest 08–20) on all four branches and channels. Questions
 * are resolved by the operators; violation reports are forwarded to the demo officers' districts and
 * most are acknowledged and handled in time, some late (overdue, handled since), a few of yesterday's
 * still unacknowledged (overdue now), today's latest still waiting; branch-3 contacts are the demo
 * consults of those days (received when the consult was). A contact's steps are only those whose time
 * has come, so the rows depend on the day and on now, nothing else.
 */
export async function seedHotlineDemo(app: INestApplicationContext, now: Date): Promise<void> {
  const config = app.get(AppConfig);
  const db = app.get<DataSource>(getDataSourceToken());
  const areas = app.get(AreasService);
  const zone = config.operationsTz;
  const today = localDateOf(now, zone);
  const yesterday = addDays(today, -1);
  const operators = (
    await db.query<{ id: string }[]>(`SELECT id FROM users WHERE role = 'operator' ORDER BY email`)
  ).map((r) => r.id);
  // The officers in the order of the demo districts: the first (printed at the first start) gets a
  // third of the reports, so its queue has something in every state.
  const order = demoDistricts(config);
  const officers = (
    await db.query<{ id: string; district: string }[]>(
      `SELECT id, district FROM users WHERE role = 'district_officer' ORDER BY email`,
    )
  ).sort((a, b) => rank(order, a.district) - rank(order, b.district));
  if (operators.length === 0 || officers.length === 0) return;
  const consults = await db.query<
    { id: string; created_at: Date; caller_phone: string; caller_name: string | null; reason: string }[]
  >(
    `SELECT id, created_at, caller_phone, caller_name, reason FROM consults
     WHERE created_at >= $1 AND created_at <= $2 ORDER BY created_at, id`,
    [DateTime.fromISO(yesterday, { zone }).toJSDate(), now],
  );
  const rnd = new SeededRandom(SEED);
  const rows: Row[] = [];
  const person = () => {
    const sex = rnd.chance(0.5) ? 'female' : 'male';
    return `${rnd.pick(FAMILY_NAMES)} ${rnd.pick(MIDDLE_NAMES[sex])} ${rnd.pick(GIVEN_NAMES[sex])}`;
  };
  const at = (t: number) => (t <= now.getTime() ? new Date(t) : null);

  for (const date of [yesterday, today]) {
    const times = timesOverDay(date, DEMO_CONTACTS_PER_DAY, zone, () => rnd.next());
    for (const received of times) {
      // Draw everything first, so a contact's fields do not depend on whether its time has come.
      const kind = rnd.next();
      const officer = rnd.chance(1 / 3) ? officers[0] : officers[rnd.int(0, officers.length - 1)];
      const district = areas.districts.find((d) => d.name === officer.district);
      const ward = district && district.wards.length ? rnd.pick(district.wards).name : null;
      const channel = rnd.chance(0.7) ? 'phone' : rnd.pick(['zalo', 'zalo', 'zalo', 'web', 'web', 'sms']);
      const phone = `+8498${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`;
      const caller = rnd.chance(0.6) ? person() : null;
      const operatorId = operators[rnd.int(0, operators.length - 1)];
      const steps = [rnd.int(1, 4), rnd.int(10, 100), rnd.int(60, 8 * 60)].map((m) => m * MINUTE);
      const late = rnd.chance(0.08); // acknowledged past FORWARD_ACK_HOURS
      const forgotten = rnd.chance(0.03); // never acknowledged
      const answer = rnd.pick(ANSWERS);
      const result = rnd.pick(RESULTS);
      if (received.getTime() > now.getTime()) continue;
      const base: Omit<Row, 'channel' | 'branch' | 'category' | 'summary' | 'status'> = {
        callerPhone: phone,
        callerName: caller,
        district: officer.district,
        ward,
        receivedAt: received,
        operatorId,
        consultId: null,
        answer: null,
        resolvedAt: null,
        forwardedAt: null,
        acknowledgedAt: null,
        officerId: null,
        handledAt: null,
        result: null,
      };
      const r = received.getTime();
      if (kind < 0.243) {
        // a violation report (the seed: 507 of 2,088 forwarded)
        const category = rnd.pick(VIOLATION_CATEGORIES);
        const forwardedAt = at(r + steps[0]);
        const ackAfter = late ? config.forwardAckHours * 60 * MINUTE + steps[1] : steps[1];
        const acknowledgedAt = forwardedAt && !forgotten ? at(forwardedAt.getTime() + ackAfter) : null;
        const handledAt = acknowledgedAt ? at(acknowledgedAt.getTime() + steps[2]) : null;
        rows.push({
          ...base,
          channel,
          branch: 4,
          category,
          summary: VIOLATIONS[category],
          status: handledAt
            ? 'handled'
            : acknowledgedAt
              ? 'in_progress'
              : forwardedAt
                ? 'forwarded'
                : 'received',
          forwardedAt,
          acknowledgedAt,
          officerId: acknowledgedAt ? officer.id : null,
          handledAt,
          result: handledAt ? result : null,
        });
      } else if (kind < 0.35) {
        const branch = kind < 0.28 ? 2 : 1;
        rows.push({
          ...base,
          channel: 'phone',
          branch,
          category: branch === 1 ? 'emergency' : 'epidemiology',
          summary: branch === 1 ? 'Người nhà khó thở, cần xe cấp cứu' : 'Hỏi lịch xét nghiệm và khai báo F1',
          status: 'transferred',
        });
      } else {
        const category = rnd.pick(QUESTION_CATEGORIES);
        const resolvedAt = at(r + steps[0]);
        rows.push({
          ...base,
          channel,
          branch: 4,
          category,
          summary: QUESTIONS[category],
          status: resolvedAt ? 'resolved' : 'received',
          answer: resolvedAt ? answer : null,
          resolvedAt,
        });
      }
    }
  }
  // Branch 3: the demo consults of the same days, each a call the operators put through to the doctors.
  for (const c of consults) {
    const officer = officers[rnd.int(0, officers.length - 1)];
    rows.push({
      channel: 'phone',
      branch: 3,
      category: 'medical',
      callerPhone: c.caller_phone,
      callerName: c.caller_name,
      summary: c.reason,
      district: officer.district,
      ward: null,
      receivedAt: c.created_at,
      status: 'received',
      operatorId: operators[rnd.int(0, operators.length - 1)],
      consultId: c.id,
      answer: null,
      resolvedAt: null,
      forwardedAt: null,
      acknowledgedAt: null,
      officerId: null,
      handledAt: null,
      result: null,
    });
  }
  rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());

  await db.transaction(async (m) => {
    const col = <K extends keyof Row>(k: K) => rows.map((r) => r[k]);
    const ids = await m.query<{ id: string }[]>(
      `INSERT INTO contacts (channel, branch, category, caller_phone, caller_name, summary, district, ward,
         received_at, status, operator_id, consult_id, transferred_at, answer, resolved_at, resolved_by,
         forward_district, forward_ward, forwarded_at, forwarded_by, acknowledged_at, officer_id, handled_at, handled_by, result)
       SELECT t.channel, t.branch, t.category, t.phone, t.caller, t.summary, t.district, t.ward,
         t.received, t.status, t.operator, t.consult,
         CASE WHEN t.status = 'transferred' THEN t.received END,
         t.answer, t.resolved, CASE WHEN t.resolved IS NOT NULL THEN t.operator END,
         CASE WHEN t.forwarded IS NOT NULL THEN t.district END, CASE WHEN t.forwarded IS NOT NULL THEN t.ward END,
         t.forwarded, CASE WHEN t.forwarded IS NOT NULL THEN t.operator END,
         t.acknowledged, t.officer, t.handled, CASE WHEN t.handled IS NOT NULL THEN t.officer END, t.result
       FROM unnest($1::text[], $2::smallint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::timestamptz[], $10::text[], $11::uuid[], $12::uuid[], $13::text[], $14::timestamptz[], $15::timestamptz[],
         $16::timestamptz[], $17::uuid[], $18::timestamptz[], $19::text[])
         WITH ORDINALITY AS t(channel, branch, category, phone, caller, summary, district, ward, received, status,
           operator, consult, answer, resolved, forwarded, acknowledged, officer, handled, result, n)
       ORDER BY t.n
       RETURNING id`,
      [
        col('channel'),
        col('branch'),
        col('category'),
        col('callerPhone'),
        col('callerName'),
        col('summary'),
        col('district'),
        col('ward'),
        col('receivedAt'),
        col('status'),
        col('operatorId'),
        col('consultId'),
        col('answer'),
        col('resolvedAt'),
        col('forwardedAt'),
        col('acknowledgedAt'),
        col('officerId'),
        col('handledAt'),
        col('result'),
      ],
    );
    // Each contact's history, as the service writes it step by step.
    await m.query(
      `INSERT INTO contact_steps (contact_id, step, at, user_id)
       SELECT c.id, s.step, s.at, s.user_id
       FROM contacts c
       CROSS JOIN LATERAL (VALUES
         ('received', c.received_at, c.operator_id),
         ('transferred', c.transferred_at, c.operator_id),
         ('resolved', c.resolved_at, c.resolved_by),
         ('forwarded', c.forwarded_at, c.forwarded_by),
         ('acknowledged', c.acknowledged_at, c.officer_id),
         ('handled', c.handled_at, c.handled_by)
       ) AS s(step, at, user_id)
       WHERE c.id = ANY($1::uuid[]) AND s.at IS NOT NULL
       ORDER BY c.received_at, s.at`,
      [ids.map((r) => r.id)],
    );
  });
  new Logger('HotlineDemoSeed').log(
    `seeded ${rows.length} hotline contacts for ${yesterday} and ${today} (${rows.filter((r) => r.forwardedAt).length} forwarded to ${officers.length} districts)`,
  );
}
