import crypto from 'node:crypto';
import type { Disposition } from '../calls/index.ts';
import type { ContactRecord, DemoPlan, DemoUser, LeadRecord } from './model.ts';
import { Rng } from './prng.ts';
import { PLACES } from './places.ts';
import { INDUSTRIES, SOURCES, TAGS, type Industry } from './industries.ts';
import { FIRST_NAMES, LAST_NAMES, type TeamKey } from './people.ts';
import { usPhone } from './phones.ts';
import { outcomesFor, STAGE_COUNTS } from './outcomes.ts';
import { playHistory } from './history.ts';
import { DAY } from './time.ts';

export interface PlanInput {
  seed: number;
  now: Date;
  workspaceTimezone: string;
  team: Record<TeamKey, DemoUser>;
  dispositions: Disposition[];
  stageLabels: Map<string, string>;
}

const slug = (s: string) => s.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');

function makeContacts(rng: Rng, lead: { id: string; createdAt: Date }, industry: Industry, domain: string, mainLine: string, areaCode: string, phones: Set<string>): ContactRecord[] {
  const n = rng.weighted([[1, 50], [2, 35], [3, 15]] as const);
  const primaryIsDm = n === 1 || rng.chance(0.6);
  const people = rng.sample(FIRST_NAMES, n).map((first) => ({ first, last: rng.pick(LAST_NAMES) }));
  return people.map(({ first, last }, i) => {
    const isDm = i === 0 ? primaryIsDm : !primaryIsDm && i === 1;
    const local = rng.pick([`${first}`, `${first}.${last}`, `${first[0]}${last}`]).toLowerCase();
    // the primary answers the main line; others have their own (mobile) numbers, some two
    const own = i === 0 ? mainLine : usPhone(rng, areaCode, phones);
    const extra = rng.chance(0.2) ? [usPhone(rng, areaCode, phones)] : [];
    return {
      id: crypto.randomUUID(),
      leadId: lead.id,
      firstName: first,
      lastName: last,
      title: isDm ? rng.pick(industry.decisionMakerTitles) : rng.pick(industry.otherTitles),
      // .example is reserved (RFC 2606): demo addresses can never reach a real inbox
      emails: [`${local}@${domain}`],
      phones: [own, ...extra],
      isPrimary: i === 0,
      isDecisionMaker: isDm,
      createdAt: lead.createdAt,
    };
  });
}

/** Builds the whole demo workspace in memory: deterministic for a given seed and clock. */
export function planDemo(input: PlanInput): DemoPlan {
  const rng = new Rng(input.seed);
  const { now, team } = input;
  const dispositions = new Map(input.dispositions.map((d) => [d.key, d]));
  const plan: DemoPlan = { leads: [], contacts: [], tasks: [], calls: [], attempts: [], activities: [] };
  const phones = new Set<string>(Object.values(team).map((u) => u.phone));
  const names = new Set<string>();
  const industryWeights = INDUSTRIES.map((i) => [i, i.weight] as const);
  let n = 0;

  for (const [stage, count] of STAGE_COUNTS) {
    for (let k = 0; k < count; k++, n++) {
      const industry = rng.weighted(industryWeights);
      const place = rng.pick(PLACES);
      let name = industry.name(rng, place, rng.pick(LAST_NAMES));
      for (let tries = 0; names.has(name) && tries < 5; tries++) name = industry.name(rng, place, rng.pick(LAST_NAMES));
      if (names.has(name)) name = `${name} (${place.city})`;
      names.add(name);
      const areaCode = rng.pick(place.areaCodes);
      const domain = `${slug(name)}.example`;
      const caller = rng.weighted([[team.rep1, 44], [team.rep2, 44], [team.manager, 6], [team.owner, 6]] as const);
      const [lo, hi] = industry.value;
      const lead: LeadRecord = {
        id: crypto.randomUUID(),
        name,
        stage,
        ownerId: caller.id,
        source: rng.weighted(SOURCES),
        segment: industry.segment,
        tags: rng.sample(TAGS, rng.weighted([[0, 35], [1, 35], [2, 20], [3, 10]] as const)),
        value: Math.round((lo + rng.next() * (hi - lo)) / 100) * 100,
        customFields: industry.customFields(rng),
        facts: '',
        questions: '',
        objective: '',
        website: `https://${domain}`,
        address: `${rng.int(10, 9800)} ${rng.pick(place.streets)}`,
        city: place.city,
        region: place.state,
        postalCode: place.zip,
        timezone: place.timezone,
        primaryEmail: '',
        primaryPhone: '',
        lastTouchedAt: now,
        nextTaskAt: null,
        nextTaskTitle: null,
        openTaskCount: 0,
        createdAt: now,
        updatedAt: now,
      };
      const mainLine = usPhone(rng, areaCode, phones);
      const planned = outcomesFor(stage, rng);
      const contacts = makeContacts(rng, lead, industry, domain, mainLine, areaCode, phones);
      const played = playHistory({
        rng,
        now,
        workspaceTimezone: input.workspaceTimezone,
        lead,
        contacts,
        caller,
        industry,
        dispositions,
        stageLabel: (key) => input.stageLabels.get(key) ?? key,
        planned,
        withCanceledCall: rng.chance(stage === 'new' ? 0.08 : 0.04),
      });
      if (played.finalStage !== stage) throw new Error(`demo lead ${n} planned for ${stage} ended in ${played.finalStage}`);
      // created before the first call; leads never called arrived in the last month
      const createdFrom = played.firstTouchAt ? played.firstTouchAt.getTime() - rng.int(0, 10) * DAY : now.getTime() - rng.int(0, 30) * DAY;
      lead.createdAt = new Date(createdFrom - rng.int(1, 8 * 3600) * 1000);
      for (const c of contacts) c.createdAt = lead.createdAt;

      const primary = contacts[0];
      lead.primaryEmail = primary.emails[0];
      lead.primaryPhone = primary.phones[0];
      lead.lastTouchedAt = played.lastTouchAt ?? lead.createdAt;
      lead.updatedAt = lead.lastTouchedAt;
      const open = played.tasks.filter((t) => t.status === 'open').sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      lead.openTaskCount = open.length;
      lead.nextTaskAt = open[0]?.dueAt ?? null;
      lead.nextTaskTitle = open[0]?.title ?? null;
      if (played.connected > 0 && rng.chance(0.6)) {
        lead.facts = `Runs on ${rng.pick(industry.currentSetup)}. ${rng.int(2, 12)} people on the team. Main pain: ${rng.pick(industry.pains)}.`;
        lead.questions = rng.pick(['Who signs off on new tools?', 'When does their current contract renew?', 'How do they track follow-ups today?']);
        lead.objective = rng.pick(['Book a 20-minute demo with the owner.', 'Get the office manager on the next call.', 'Send pricing and close before month end.']);
      }

      const actor = { actorUserId: caller.id, actorLabel: caller.name };
      plan.activities.push({ leadId: lead.id, contactId: null, ...actor, kind: 'lead.created', summary: `Created lead ${lead.name} in ${input.stageLabels.get('new') ?? 'New'} (source: ${lead.source})`, before: null, after: { stage: 'new', source: lead.source }, refType: null, refId: null, occurredAt: lead.createdAt });
      for (const c of contacts) {
        plan.activities.push({ leadId: lead.id, contactId: c.id, ...actor, kind: 'contact.added', summary: `Added contact ${c.firstName} ${c.lastName} (${c.title})${c.isPrimary ? ' as primary' : ''}`, before: null, after: null, refType: 'contact', refId: c.id, occurredAt: lead.createdAt });
      }
      plan.leads.push(lead);
      plan.contacts.push(...contacts);
      plan.calls.push(...played.calls);
      plan.attempts.push(...played.attempts);
      plan.tasks.push(...played.tasks);
      plan.activities.push(...played.activities);
    }
  }
  return plan;
}
