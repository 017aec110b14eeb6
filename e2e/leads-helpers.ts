import { expect, type Page } from '@playwright/test';
import { signUp } from './helpers.ts';

let n = 0;
/** A fresh account with its own workspace: the tests of this file never share data. */
export async function freshWorkspace(page: Page, label: string) {
  const id = `${Date.now().toString(36)}${(n++).toString(36)}`;
  const u = { name: `${label} Tester`, email: `${label.toLowerCase().replace(/\W+/g, '-')}-${id}@leads.test`, password: 'leads-password-1', workspace: `${label} ${id}` };
  await signUp(page, u);
  return u;
}

export interface SeedLead {
  name: string;
  stage: string;
  source: string;
  segment: string;
  tags: string[];
  value: number | null;
  city: string;
  owned: boolean;
  contact: { firstName: string; lastName: string; title: string; email: string; phone: string };
}

const COMPANIES = [
  ['Harbor Dental Group', 'San Diego'], ['Summit Roofing Co', 'Denver'], ['Blue Oak Insurance', 'Austin'], ['Pinecrest Family Clinic', 'Portland'],
  ['Northwind Logistics', 'Chicago'], ['Riverside Auto Body', 'Sacramento'], ['Maple Street Bakery', 'Boston'], ['Granite Peak Fitness', 'Salt Lake City'],
  ['Coastal Realty Partners', 'Miami'], ['Evergreen Landscaping', 'Seattle'], ['Silverline Plumbing', 'Phoenix'], ['Brightside Pediatrics', 'Atlanta'],
  ['Ironclad Security', 'Dallas'], ['Golden Gate Chiropractic', 'San Francisco'], ['Lakeside Veterinary', 'Madison'], ['Metro Print & Sign', 'Newark'],
  ['Redwood Accounting', 'Eureka'], ['Sunset Solar', 'Las Vegas'], ['Cedar Valley Farms', 'Cedar Rapids'], ['Urban Nest Interiors', 'Brooklyn'],
  ['Atlas Moving & Storage', 'Houston'], ['Beacon Law Office', 'Providence'], ['Crescent Cafe', 'New Orleans'], ['Driftwood Marina', 'Annapolis'],
  ['Bayview Dental Care', 'Tampa'], ['Falcon HVAC', 'Tulsa'], ['Greenleaf Organics', 'Boulder'], ['Highland Physical Therapy', 'Nashville'],
  ['Juniper Spa & Salon', 'Scottsdale'], ['Keystone Construction', 'Pittsburgh'], ['Lighthouse Learning Center', 'Charleston'], ['Mission Bay Optometry', 'San Diego'],
  ['Oakridge Senior Living', 'Raleigh'], ['Prairie Wind Energy', 'Omaha'], ['Quarry Stoneworks', 'Minneapolis'], ['Rosewood Florists', 'Savannah'],
] as const;
const FIRST = ['Maria', 'James', 'Aisha', 'Tom', 'Priya', 'Diego', 'Hannah', 'Kenji', 'Olga', 'Marcus', 'Leah', 'Samuel'];
const LAST = ['Lopez', 'Carter', 'Khan', 'Nguyen', 'Patel', 'Rossi', 'Becker', 'Sato', 'Ivanova', 'Reed', 'Brooks', 'Okafor'];
const TITLES = ['Owner', 'Office manager', 'Operations director', 'CFO', 'Practice manager', 'General manager'];
const STAGES = ['new', 'new', 'contacted', 'interested', 'follow_up', 'contacted', 'meeting_set', 'nurture', 'interested', 'won', 'lost', 'new'];
const SOURCES = ['Referral', 'Website', 'Cold list', 'Facebook ads', 'Trade show'];
const SEGMENTS = ['SMB', 'Healthcare', 'Home services', 'Mid-market'];
const TAGS = [['hot'], ['renewal-q3'], [], ['hot', 'callback'], ['vip'], [], ['callback'], ['hot', 'vip']];
const AREA = ['415', '212', '617', '312', '512', '303', '206', '404'];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** 36 varied, realistic leads. Dental practices are "interested" + "hot" so a filter has a known answer. */
export function seedData(count = COMPANIES.length): SeedLead[] {
  return COMPANIES.slice(0, count).map(([name, city], i) => {
    const dental = /dental/i.test(name);
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 5) % LAST.length];
    return {
      name,
      city,
      stage: dental ? 'interested' : STAGES[i % STAGES.length],
      source: SOURCES[i % SOURCES.length],
      segment: dental ? 'Healthcare' : SEGMENTS[i % SEGMENTS.length],
      tags: dental ? ['hot', 'dental'] : TAGS[i % TAGS.length],
      value: i % 7 === 3 ? null : 1500 + ((i * 7919) % 48) * 750,
      owned: i % 3 !== 2,
      contact: {
        firstName: first,
        lastName: last,
        title: TITLES[i % TITLES.length],
        email: `${first.toLowerCase()}@${slug(name)}.com`,
        phone: `${AREA[i % AREA.length]}555${String(100 + i).padStart(4, '0')}`,
      },
    };
  });
}

export async function me(page: Page): Promise<{ user: { id: string } }> {
  const r = await page.request.get('/api/v1/auth/me');
  expect(r.ok()).toBeTruthy();
  return r.json();
}

export async function createLead(page: Page, body: Record<string, unknown>): Promise<{ id: string; name: string; stage: string }> {
  const r = await page.request.post('/api/v1/leads', { data: body });
  expect(r.ok(), await r.text()).toBeTruthy();
  return r.json();
}

/** Creates the seed leads through the API (a few at a time) and returns them with their ids. */
export async function seedLeads(page: Page, data = seedData()) {
  const { user } = await me(page);
  const out: (SeedLead & { id: string })[] = [];
  // oldest first, so the default sort (newest first) shows the end of the list on top
  for (let i = 0; i < data.length; i += 6) {
    const batch = data.slice(i, i + 6);
    const created = await Promise.all(
      batch.map((l) =>
        createLead(page, {
          name: l.name, stage: l.stage, source: l.source, segment: l.segment, tags: l.tags, value: l.value, city: l.city,
          ownerId: l.owned ? user.id : null, contact: l.contact,
        }),
      ),
    );
    created.forEach((c, j) => out.push({ ...batch[j], id: c.id }));
  }
  return out;
}

/** Names in the lead table, top to bottom. */
export async function tableNames(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Leads' }).locator('tbody tr td:nth-child(2)').allInnerTexts();
}

export async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((t) => localStorage.setItem('fw-theme', t), theme);
  await page.reload();
}
