import type { Rng } from './prng.ts';
import type { Place } from './places.ts';

export type CustomValue = string | number | boolean | (string | number)[];

/** A kind of business the demo team sells to; drives names, people, values and call talk. */
export interface Industry {
  segment: string;
  weight: number;
  name(rng: Rng, place: Place, surname: string): string;
  decisionMakerTitles: readonly string[];
  otherTitles: readonly string[];
  /** Estimated yearly deal value range in USD. */
  value: readonly [number, number];
  customFields(rng: Rng): Record<string, CustomValue>;
  /** What the prospect is doing today, used in facts and transcripts. */
  currentSetup: readonly string[];
  pains: readonly string[];
}

const NATURE = ['Harbor', 'Summit', 'Oak', 'Cedar', 'Pine', 'Maple', 'Riverside', 'Lakeside', 'Ridge', 'Canyon', 'Prairie', 'Bluebird', 'Northstar', 'Ironwood', 'Willow', 'Granite', 'Copper', 'Sterling'];
const TECH = ['Ledger', 'Relay', 'Beacon', 'Pivot', 'Quill', 'Tandem', 'Orbit', 'Cobalt', 'Lumen', 'Vector', 'Atlas', 'Crisp', 'Nimbus', 'Parcel', 'Cadence', 'Kite'];
const TECH_SUFFIX = ['ly', 'io', 'HQ', 'Labs', 'Works', 'Stack', 'Cloud', 'Hub'];

export const INDUSTRIES: readonly Industry[] = [
  {
    segment: 'Insurance agency',
    weight: 26,
    name: (r, p, s) => r.pick([`${s} Insurance Agency`, `${s} & Associates Insurance`, `${r.pick(NATURE)} Insurance Group`, `${p.city} Family Insurance`, `${s} Insurance Services`]),
    decisionMakerTitles: ['Agency Owner', 'Principal Agent', 'President'],
    otherTitles: ['Office Manager', 'Account Manager', 'Licensed CSR', 'Producer'],
    value: [2400, 18000],
    customFields: (r) => ({
      lines_of_business: r.sample(['Auto', 'Home', 'Life', 'Commercial', 'Health', 'Medicare'], r.int(1, 3)),
      carriers_appointed: r.int(4, 22),
      renewal_month: r.pick(['January', 'March', 'April', 'June', 'September', 'October']),
      producers: r.int(1, 12),
    }),
    currentSetup: ['a spreadsheet and the carrier portals', 'an old AMS they hate', 'EZLynx', 'HawkSoft', 'paper files and sticky notes'],
    pains: ['renewals slipping through the cracks', 'producers not following up on quotes', 'too much time re-keying data', 'leads from the website going cold'],
  },
  {
    segment: 'Home services',
    weight: 26,
    name: (r, p, s) => r.pick([`${s} Plumbing & Heating`, `${r.pick(NATURE)} Roofing`, `${p.city} Air Conditioning`, `${s} Electric`, `${r.pick(NATURE)} Landscaping`, `${s} Pest Control`, `${r.pick(NATURE)} Garage Doors`, `${s} Brothers Painting`]),
    decisionMakerTitles: ['Owner', 'General Manager', 'Operations Manager'],
    otherTitles: ['Dispatcher', 'Office Manager', 'Service Manager', 'Bookkeeper'],
    value: [1800, 14000],
    customFields: (r) => ({
      trucks: r.int(2, 40),
      service_area_miles: r.pick([15, 25, 40, 60]),
      field_software: r.pick(['Jobber', 'ServiceTitan', 'Housecall Pro', 'none']),
      emergency_service: r.chance(0.5),
    }),
    currentSetup: ['Jobber', 'ServiceTitan', 'Housecall Pro', 'a whiteboard in the shop', 'QuickBooks and phone calls'],
    pains: ['missed calls after hours', 'estimates that never get a follow-up', 'techs running behind schedule', 'seasonal slow months'],
  },
  {
    segment: 'SaaS',
    weight: 18,
    name: (r) => `${r.pick(TECH)}${r.pick(TECH_SUFFIX)}`,
    decisionMakerTitles: ['CEO', 'VP of Sales', 'Head of Revenue', 'COO'],
    otherTitles: ['Sales Ops Manager', 'SDR Manager', 'RevOps Analyst', 'Account Executive'],
    value: [6000, 48000],
    customFields: (r) => ({
      employees: r.pick([12, 25, 40, 65, 120, 240]),
      current_crm: r.pick(['HubSpot', 'Salesforce', 'Pipedrive', 'Close', 'spreadsheets']),
      sdr_count: r.int(0, 15),
      funding: r.pick(['Bootstrapped', 'Seed', 'Series A', 'Series B']),
    }),
    currentSetup: ['HubSpot', 'Salesforce with too many fields', 'Pipedrive', 'Close and a dialer bolted on', 'spreadsheets and Gong'],
    pains: ['reps skipping call notes', 'no idea which talk track works', 'connect rates falling', 'pipeline reviews built on guesses'],
  },
  {
    segment: 'Real estate',
    weight: 12,
    name: (r, p, s) => r.pick([`${s} Realty`, `${r.pick(NATURE)} Property Management`, `${p.city} Home Team`, `${s} Real Estate Group`]),
    decisionMakerTitles: ['Broker/Owner', 'Team Lead', 'Managing Broker'],
    otherTitles: ['Transaction Coordinator', 'Leasing Manager', 'Agent', 'Marketing Coordinator'],
    value: [2000, 12000],
    customFields: (r) => ({ agents: r.int(2, 45), doors_managed: r.pick([0, 80, 150, 400, 900]), brokerage: r.pick(['Independent', 'Keller Williams', 'RE/MAX', 'eXp']) }),
    currentSetup: ['Follow Up Boss', 'kvCORE', 'a shared Gmail inbox', 'their brokerage CRM'],
    pains: ['Zillow leads not called back fast enough', 'agents hoarding leads', 'no follow-up after open houses'],
  },
  {
    segment: 'Dental & medical',
    weight: 10,
    name: (r, p, s) => r.pick([`${s} Family Dentistry`, `${r.pick(NATURE)} Dental Care`, `${p.city} Physical Therapy`, `${s} Chiropractic`, `${r.pick(NATURE)} Orthodontics`]),
    decisionMakerTitles: ['Practice Owner', 'Practice Manager', 'DDS, Owner'],
    otherTitles: ['Front Desk Lead', 'Office Manager', 'Billing Coordinator'],
    value: [3000, 16000],
    customFields: (r) => ({ chairs: r.int(2, 14), locations: r.int(1, 4), pms: r.pick(['Dentrix', 'Eaglesoft', 'Open Dental', 'WebPT']) }),
    currentSetup: ['Dentrix reminders', 'front-desk phone tag', 'Weave', 'Open Dental'],
    pains: ['no-shows', 'unscheduled treatment never followed up', 'phones ringing off the hook at lunch'],
  },
  {
    segment: 'Auto',
    weight: 8,
    name: (r, p, s) => r.pick([`${s} Auto Repair`, `${r.pick(NATURE)} Collision Center`, `${p.city} Tire & Auto`, `${s} Motors`]),
    decisionMakerTitles: ['Owner', 'General Manager', 'Service Director'],
    otherTitles: ['Service Advisor', 'Shop Foreman', 'Office Manager'],
    value: [1500, 9000],
    customFields: (r) => ({ bays: r.int(3, 20), shop_software: r.pick(['Tekmetric', 'Shopmonkey', 'Mitchell 1', 'none']) }),
    currentSetup: ['Tekmetric', 'Shopmonkey', 'paper repair orders'],
    pains: ['declined work never followed up', 'slow Mondays', 'reviews and reminders done by hand'],
  },
];

export const SOURCES: readonly (readonly [string, number])[] = [
  ['Cold list', 30],
  ['Website form', 18],
  ['Referral', 14],
  ['LinkedIn', 12],
  ['Google Ads', 10],
  ['Trade show', 8],
  ['Partner', 8],
];

export const TAGS: readonly string[] = ['multi-location', 'referral', 'hot', 'spanish-speaking', 'q3-promo', 'owner-operated', 'competitor-user', 'webinar', 'budget-approved', 'high-volume'];

export const OBJECTIONS: readonly string[] = ['price', 'timing', 'has_provider', 'no_budget', 'send_info', 'not_decision_maker', 'contract_locked', 'too_busy'];
