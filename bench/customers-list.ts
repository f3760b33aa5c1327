/**
 * The customer list at scale: filters + sort, segment counts and the CSV export over the
 * search benchmark's customers (bench/run.ts loads them), through the HTTP API on PostgreSQL.
 *
 * The customers first get realistic CRM data, generated in SQL with a fixed seed: 20 tags of
 * skewed popularity (0–4 per customer), five custom fields (text, number, date, choice,
 * checkbox) answered by 10–80 % of customers, visit counts (skewed, 0–200), last visits over
 * the past year (none for a fifth), sign-up dates over four years, membership statuses,
 * sources and opt-outs.
 */
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import type { Enso } from '../src/app.ts';
import { summarize } from './stats.ts';

interface Options {
  enso: Enso;
  studioId: string;
  baseUrl: string;
  /** The staff session cookie and CSRF cookie/header of the bench admin. */
  cookie: string;
  csrf: string;
  quick: boolean;
  say: (line?: string) => void;
}

type Criteria = { match: 'all' | 'any'; rules: Record<string, unknown>[] };

/** Gives the studio's customers tags, custom field answers, visits, dates, statuses and opt-outs. */
export async function generateCrmData(enso: Enso, studioId: string): Promise<{ tagIds: string[]; fields: Record<string, string> }> {
  const db = enso.database.system;
  await db.execute(sql`select setseed(0.42)`);
  const tagIds = Array.from({ length: 20 }, (_, i) => `tag_bench${String(i).padStart(21, '0')}`);
  await db.execute(sql`
    insert into customer_tags (studio_id, id, name, name_key)
    select ${studioId}, 'tag_bench' || lpad(i::text, 21, '0'), 'Tag ' || i, 'tag ' || i from generate_series(0, 19) as i`);
  const fields = { injury: 'fld_bench_injury', shoe: 'fld_bench_shoe', birthday: 'fld_bench_birthday', level: 'fld_bench_level', waiver: 'fld_bench_waiver' };
  await db.execute(sql`
    insert into customer_fields (studio_id, id, label, kind, options, position) values
      (${studioId}, ${fields.injury}, 'Injury', 'text', '[]', 0),
      (${studioId}, ${fields.shoe}, 'Shoe size', 'number', '[]', 1),
      (${studioId}, ${fields.birthday}, 'Birthday', 'date', '[]', 2),
      (${studioId}, ${fields.level}, 'Level', 'choice', '["beginner","intermediate","advanced"]', 3),
      (${studioId}, ${fields.waiver}, 'Signed paper waiver', 'checkbox', '[]', 4)`);
  // Every read model column at once; random() after setseed is repeatable on one connection.
  await db.execute(sql`
    update customers set
      visit_count = floor(power(random(), 3) * 200)::int,
      last_visit_at = case when random() < 0.2 then null else now() - random() * interval '365 days' end,
      created_at = now() - random() * interval '1500 days',
      membership_status = (array['none','none','active','active','active','frozen','expired'])[1 + floor(random() * 7)::int],
      source = (array['dashboard','signup','signup','import','referral','checkout'])[1 + floor(random() * 6)::int],
      email_marketing_opt_out_at = case when random() < 0.12 then now() end,
      sms_stopped_at = case when random() < 0.05 then now() end
    where studio_id = ${studioId}`);
  // Tag i is on about 30 % / (i + 1) of the customers. Which pairs is drawn from a hash of the pair: a
  // `random()` here would be read once per tag (the planner evaluates it with the generate_series side).
  await db.execute(sql`
    insert into customer_tag_links (studio_id, customer_id, tag_id)
    select c.studio_id, c.id, 'tag_bench' || lpad(t.i::text, 21, '0')
    from customers c cross join generate_series(0, 19) as t(i)
    where c.studio_id = ${studioId} and abs(hashtext(c.id || ':' || t.i)) % 1000000 < 300000 / (t.i + 1)`);
  await db.execute(sql`
    insert into customer_field_values (studio_id, customer_id, field_id, text_value, number_value, date_value, bool_value, choice_values)
    select studio_id, id, f.field_id,
      case when f.field_id = ${fields.injury} then (array['Knee','Back pain','Shoulder','Wrist'])[1 + floor(random() * 4)::int] end,
      case when f.field_id = ${fields.shoe} then round((35 + random() * 12)::numeric * 2) / 2 end,
      case when f.field_id = ${fields.birthday} then date '1960-01-01' + floor(random() * 18000)::int end,
      case when f.field_id = ${fields.waiver} then random() < 0.7 end,
      case when f.field_id = ${fields.level} then array[(array['beginner','intermediate','advanced'])[1 + floor(random() * 3)::int]] end
    from customers
    cross join (values (${fields.injury}, 0.1), (${fields.shoe}, 0.6), (${fields.birthday}, 0.7), (${fields.level}, 0.5), (${fields.waiver}, 0.8)) as f(field_id, share)
    where studio_id = ${studioId} and abs(hashtext(id || f.field_id)) % 1000 < f.share * 1000`);
  await db.execute(sql`analyze customers`);
  await db.execute(sql`analyze customer_tag_links`);
  await db.execute(sql`analyze customer_field_values`);
  return { tagIds, fields };
}

/** Filters a front desk or an owner would use, each with the sort that goes with it. */
export function scenarios(tagIds: string[], fields: Record<string, string>): { kind: string; criteria: Criteria | null; sort: string; order: string }[] {
  const all = (...rules: Record<string, unknown>[]): Criteria => ({ match: 'all', rules });
  return [
    { kind: 'no filter, sort by last visit', criteria: null, sort: 'lastVisitAt', order: 'desc' },
    { kind: 'no filter, sort by visits', criteria: null, sort: 'visitCount', order: 'desc' },
    { kind: 'popular tag (~30 %), by name', criteria: all({ type: 'tags', op: 'any', tagIds: [tagIds[0]] }), sort: 'name', order: 'asc' },
    { kind: 'rare tag (~1.5 %), by last visit', criteria: all({ type: 'tags', op: 'any', tagIds: [tagIds[19]] }), sort: 'lastVisitAt', order: 'desc' },
    { kind: 'two tags (all of), by visits', criteria: all({ type: 'tags', op: 'all', tagIds: [tagIds[0], tagIds[2]] }), sort: 'visitCount', order: 'desc' },
    {
      kind: 'lapsed regulars (≥ 10 visits, none in 30 days)',
      criteria: all({ type: 'visitCount', op: 'gte', value: 10 }, { type: 'lastVisit', op: 'notWithinDays', days: 30 }),
      sort: 'lastVisitAt',
      order: 'desc',
    },
    {
      kind: 'active members subscribed to marketing, by visits',
      criteria: all({ type: 'membershipStatus', statuses: ['active'] }, { type: 'subscription', channel: 'emailMarketing', subscribed: true }),
      sort: 'visitCount',
      order: 'desc',
    },
    { kind: 'birthday today, by name', criteria: all({ type: 'field', fieldId: fields.birthday, op: 'anniversaryToday' }), sort: 'name', order: 'asc' },
    {
      kind: 'shoe size 38–40, newest first',
      criteria: all({ type: 'field', fieldId: fields.shoe, op: 'numberBetween', min: 38, max: 40 }),
      sort: 'createdAt',
      order: 'desc',
    },
    { kind: 'level is advanced, by last visit', criteria: all({ type: 'field', fieldId: fields.level, op: 'choiceIn', values: ['advanced'] }), sort: 'lastVisitAt', order: 'desc' },
    { kind: 'paper waiver not ticked, by name', criteria: all({ type: 'field', fieldId: fields.waiver, op: 'unchecked' }), sort: 'name', order: 'asc' },
    { kind: 'injury contains "knee", by name', criteria: all({ type: 'field', fieldId: fields.injury, op: 'textContains', value: 'knee' }), sort: 'name', order: 'asc' },
    {
      kind: 'any of: new in 30 days or referred, by name desc',
      criteria: { match: 'any', rules: [{ type: 'createdAt', op: 'withinDays', days: 30 }, { type: 'source', sources: ['referral'] }] },
      sort: 'name',
      order: 'desc',
    },
    { kind: 'never visited, newest first', criteria: all({ type: 'lastVisit', op: 'never' }), sort: 'createdAt', order: 'desc' },
  ];
}

async function timed(url: string, init: RequestInit): Promise<{ ms: number; body: unknown }> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const text = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  return { ms, body: text.startsWith('{') ? JSON.parse(text) : text };
}

/** Runs the list, count and export scenarios and prints their figures; returns all list latencies and the saved segments. */
export async function benchCustomerList(o: Options): Promise<{ list: ReturnType<typeof summarize>; counts: ReturnType<typeof summarize>; segments: { name: string; id: string }[] }> {
  const genStart = performance.now();
  const { tagIds, fields } = await generateCrmData(o.enso, o.studioId);
  const genSeconds = (performance.now() - genStart) / 1000;
  const headers = { cookie: o.cookie };
  const rounds = o.quick ? 15 : 50;
  const list = (s: ReturnType<typeof scenarios>[number], cursor?: string) =>
    `${o.baseUrl}/api/v1/customers?limit=25&sort=${s.sort}&order=${s.order}${s.criteria ? `&criteria=${encodeURIComponent(JSON.stringify(s.criteria))}` : ''}${cursor ? `&cursor=${cursor}` : ''}`;

  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  const pageTwo: number[] = [];
  const plan = scenarios(tagIds, fields);
  for (const s of plan) await timed(list(s), { headers }); // warm-up, not measured
  for (let round = 0; round < rounds; round++) {
    for (const s of plan) {
      const first = await timed(list(s), { headers });
      all.push(first.ms);
      byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), first.ms]);
      const next = (first.body as { nextCursor: string | null }).nextCursor;
      if (next && round % 5 === 0) pageTwo.push((await timed(list(s, next), { headers })).ms);
    }
  }

  o.say(`## Customer list: filters + sort over the same customers (PostgreSQL, HTTP API, 25 per page)`);
  o.say();
  o.say(`CRM data generated in ${genSeconds.toFixed(1)} s (20 tags, 5 custom fields, visits, dates, statuses, opt-outs). ${rounds} rounds of each filter.`);
  o.say();
  o.say(`| filter | n | p50 | p95 | max |`);
  o.say(`|---|---|---|---|---|`);
  for (const [kind, xs] of [...byKind, ['second page (keyset cursor)', pageTwo] as const, ['all first pages', all] as const]) {
    const s = summarize(xs);
    o.say(`| ${kind} | ${xs.length} | ${s.p50.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.max.toFixed(1)} ms |`);
  }
  o.say();

  // Saved segments and their counts (the tab badges and the bulk bar's "select all N").
  const segmentIds: { name: string; id: string }[] = [];
  for (const s of plan.filter((x) => x.criteria)) {
    const res = await fetch(`${o.baseUrl}/api/v1/customers/segments`, {
      method: 'POST',
      headers: { cookie: `${o.cookie}; enso_csrf=${o.csrf}`, 'x-csrf-token': o.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ name: s.kind.slice(0, 80), criteria: s.criteria }),
    });
    if (res.status !== 201) throw new Error(`segment creation failed: ${res.status} ${await res.text()}`);
    segmentIds.push({ name: s.kind, id: ((await res.json()) as { id: string }).id });
  }
  const counts: number[] = [];
  const countRows: string[] = [];
  for (const seg of segmentIds) {
    const xs: number[] = [];
    let matched = 0;
    for (let i = 0; i < (o.quick ? 5 : 15); i++) {
      const r = await timed(`${o.baseUrl}/api/v1/customers/segments/${seg.id}/count`, { headers });
      xs.push(r.ms);
      matched = (r.body as { count: number }).count;
    }
    counts.push(...xs);
    const s = summarize(xs);
    countRows.push(`| ${seg.name} | ${matched.toLocaleString('en')} | ${s.p50.toFixed(1)} ms | ${s.p95.toFixed(1)} ms |`);
  }
  o.say(`## Segment counts (\`GET /customers/segments/:id/count\`)`);
  o.say();
  o.say(`| segment | customers | p50 | p95 |`);
  o.say(`|---|---|---|---|`);
  for (const row of countRows) o.say(row);
  const c = summarize(counts);
  o.say(`| all counts | | ${c.p50.toFixed(1)} ms | ${c.p95.toFixed(1)} ms |`);
  o.say();

  // The whole list as CSV, streamed in keyset pages.
  const exportStart = performance.now();
  const res = await fetch(`${o.baseUrl}/api/v1/customers/export.csv`, { headers });
  let bytes = 0;
  let firstByteMs = 0;
  const reader = res.body!.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    if (bytes === 0) firstByteMs = performance.now() - exportStart;
    bytes += r.value.byteLength;
  }
  const exportSeconds = (performance.now() - exportStart) / 1000;
  o.say(`## CSV export of every customer`);
  o.say();
  o.say(`${(bytes / 2 ** 20).toFixed(1)} MiB in ${exportSeconds.toFixed(1)} s (first byte after ${firstByteMs.toFixed(0)} ms), streamed in pages of 1,000 rows.`);
  o.say();
  return { list: summarize(all), counts: c, segments: segmentIds };
}
