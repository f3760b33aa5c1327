/**
 * The staff inbox at scale: the thread list over the search benchmark's 100,000 customers
 * (bench/run.ts loads them, bench/customers-list.ts gives them tags, fields and saved segments),
 * through the HTTP API on PostgreSQL, with each filter the inbox offers and the segment tabs.
 *
 * Conversations are generated in SQL with a fixed seed: 70 % of the customers have a thread, its
 * last message over the past year; 40 % of those wrote to the studio, 60 % of them were answered
 * by hand, 4 % are unread (one to three messages); a third of the threads belong to one of two
 * locations; last categories and channels are mixed as a studio's would be.
 */
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import type { Enso } from '../src/app.ts';
import { rowsOf } from '../src/platform/db/tx.ts';
import { summarize } from './stats.ts';

interface Options {
  enso: Enso;
  studioId: string;
  baseUrl: string;
  cookie: string;
  /** Saved segments of the studio, by name (from the customer-list benchmark). */
  segments: { name: string; id: string }[];
  quick: boolean;
  say: (line?: string) => void;
}

const locationIds = ['loc_benchinbox0000000000001', 'loc_benchinbox0000000000002'];

/** Threads and their unread inbound messages for the studio's customers; resolves to the thread count. */
export async function generateInbox(enso: Enso, studioId: string): Promise<{ threads: number; unreadMessages: number }> {
  const db = enso.database.system;
  await db.execute(sql`
    insert into studio_locations (studio_id, id, name, time_zone) values
      (${studioId}, ${locationIds[0]}, 'Bench location 1', 'Europe/Paris'),
      (${studioId}, ${locationIds[1]}, 'Bench location 2', 'Europe/Paris')`);
  // Which customers and what kind of thread is drawn from hashes of the id (repeatable, and read
  // per row — a bare random() would be folded once for the whole insert by some plans).
  await db.execute(sql`select setseed(0.17)`);
  await db.execute(sql`
    insert into messaging_threads (studio_id, customer_id, last_message_at, last_inbound_at, last_reply_at, last_channel, last_category, last_preview, unread_count, location_id)
    select c.studio_id, c.id, t.last_at,
      case when h.inbound then t.last_at - random() * interval '3 days' end,
      case when h.inbound and h.replied then t.last_at end,
      (array['email','email','email','sms','in_app'])[1 + h.v % 5],
      case when h.unread then 'inbound' else (array['transactional','transactional','sequence','manual'])[1 + (h.v / 5) % 4] end,
      'Bench message ' || (h.v % 997),
      case when h.unread then 1 + h.v % 3 else 0 end,
      case (h.v / 20) % 6 when 0 then ${locationIds[0]} when 1 then ${locationIds[1]} end
    from customers c
    cross join lateral (select abs(hashtext('inbox:' || c.id)) as v) r
    cross join lateral (select r.v as v, r.v % 100 < 40 as inbound, r.v % 1000 < 24 as unread, (r.v / 100) % 10 < 6 as replied) h
    cross join lateral (select now() - random() * interval '365 days' as last_at) t
    where c.studio_id = ${studioId} and r.v % 10 < 7`);
  await db.execute(sql`
    insert into messaging_inbound_messages (studio_id, id, channel, customer_id, from_address, body_text, received_at)
    select t.studio_id, 'inm_bench' || lpad(row_number() over ()::text, 17, '0'), t.last_channel, t.customer_id, 'bench', 'Bench question ' || n, t.last_message_at - n * interval '1 minute'
    from messaging_threads t cross join lateral generate_series(1, t.unread_count) as n
    where t.studio_id = ${studioId} and t.unread_count > 0`);
  await db.execute(sql`analyze messaging_threads`);
  await db.execute(sql`analyze messaging_inbound_messages`);
  const [counts] = rowsOf<{ threads: number; unread: number }>(await db.execute(sql`
    select (select count(*) from messaging_threads where studio_id = ${studioId})::int as threads,
           (select count(*) from messaging_inbound_messages where studio_id = ${studioId})::int as unread`));
  return { threads: counts!.threads, unreadMessages: counts!.unread };
}

async function timed(url: string, headers: Record<string, string>): Promise<{ ms: number; body: { items: unknown[]; nextCursor: string | null } }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) };
}

/** Runs the inbox's filters and tabs, first pages and second pages; returns every first page's latency. */
export async function benchInbox(o: Options): Promise<ReturnType<typeof summarize>> {
  const genStart = performance.now();
  const made = await generateInbox(o.enso, o.studioId);
  const genSeconds = (performance.now() - genStart) / 1000;
  const headers = { cookie: o.cookie };
  const segment = (name: string) => {
    const found = o.segments.find((s) => s.name.startsWith(name));
    if (!found) throw new Error(`no saved segment "${name}"`);
    return found.id;
  };
  // What the inbox screen asks for: the default list, each filter chip, a location, segment tabs (large and small).
  const plan: { kind: string; query: string }[] = [
    { kind: 'all threads, newest first', query: '' },
    { kind: 'all threads, oldest first', query: 'sort=oldest' },
    { kind: 'unread', query: 'unread=true' },
    { kind: 'unreplied', query: 'unreplied=true' },
    { kind: 'manual messages', query: 'category=manual' },
    { kind: 'one location (and threads of none)', query: `location=${locationIds[0]}` },
    { kind: 'tab: popular tag (~30 % of customers)', query: `segment=${segment('popular tag')}` },
    { kind: 'tab: rare tag (~1.5 %)', query: `segment=${segment('rare tag')}` },
    { kind: 'tab: paper waiver not ticked (~44 %)', query: `segment=${segment('paper waiver')}` },
    { kind: 'tab: lapsed regulars, unread only', query: `segment=${segment('lapsed regulars')}&unread=true` },
  ];
  const url = (query: string, cursor?: string) => `${o.baseUrl}/api/v1/inbox/threads?limit=30${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`;
  const rounds = o.quick ? 10 : 40;
  for (const p of plan) await timed(url(p.query), headers); // warm-up, not measured
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  const pageTwo: number[] = [];
  const found = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const p of plan) {
      const first = await timed(url(p.query), headers);
      all.push(first.ms);
      byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), first.ms]);
      found.set(p.kind, first.body.items.length);
      if (first.body.nextCursor && round % 4 === 0) pageTwo.push((await timed(url(p.query, first.body.nextCursor), headers)).ms);
    }
  }
  // A thread opened: the customer's summary and messages both ways.
  const ids = (await timed(url('unread=true'), headers)).body.items.map((t) => (t as { customerId: string }).customerId);
  const open: number[] = [];
  for (let i = 0; i < (o.quick ? 10 : 40); i++) open.push((await timed(`${o.baseUrl}/api/v1/inbox/threads/${ids[i % ids.length]}`, headers)).ms);

  o.say(`## Inbox: the thread list over the same customers (PostgreSQL, HTTP API, 30 per page)`);
  o.say();
  o.say(`${made.threads.toLocaleString('en')} threads and ${made.unreadMessages.toLocaleString('en')} unread messages generated in ${genSeconds.toFixed(1)} s. ${rounds} rounds of each filter; segment tabs are the customer-list benchmark's saved segments.`);
  o.say();
  o.say(`| filter | n | rows | p50 | p95 | max |`);
  o.say(`|---|---|---|---|---|---|`);
  for (const [kind, xs] of byKind) {
    const s = summarize(xs);
    o.say(`| ${kind} | ${xs.length} | ${found.get(kind)} | ${s.p50.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.max.toFixed(1)} ms |`);
  }
  for (const [kind, xs] of [['second page (keyset cursor)', pageTwo], ['a thread opened (summary + messages)', open], ['all first pages', all]] as const) {
    const s = summarize(xs);
    o.say(`| ${kind} | ${xs.length} | | ${s.p50.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.max.toFixed(1)} ms |`);
  }
  o.say();
  return summarize(all);
}
