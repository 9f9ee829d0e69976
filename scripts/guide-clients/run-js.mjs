// Runs the guide's JavaScript/TypeScript client, Integration Patterns 1-4, its webhook
// verification function and Best Practices 1 and 4 (as extract.py wrote them out of the
// guide) against a running server, and checks every answer. One line per call:
// "PASS js ..." or "FAIL js ...".
//   node run-js.mjs WORKDIR BASE_URL TOKEN WEBHOOK_PORT
//
// The guide's snippets use names a reader defines in their own app: `token`, `orgId`,
// `webhookSecret`, `app` (an Express app), `searchContact`, `findContactByEmail`,
// `createContact`, `sleep` and the `...ToMySystem` functions. They are defined here, on
// globalThis, before each snippet is imported. Global fetch is wrapped to record every
// request the guide's code makes (method, URL, status), so that the exact status codes can
// be checked; the requests themselves are untouched.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [dir, base, token, hookPort] = process.argv.slice(2);
const api = `${base}/api/coordinator`;
const bodies = JSON.parse(fs.readFileSync(path.join(dir, 'bodies.json'), 'utf8'));
const load = (name) => import(pathToFileURL(path.join(dir, 'js', name)).href);
let failures = 0;

// ---- recording fetch ----------------------------------------------------------------------
const realFetch = globalThis.fetch;
const exchanges = [];
globalThis.fetch = async (url, options = {}) => {
  const response = await realFetch(url, options);
  const text = await response.clone().text();
  exchanges.push({ method: (options.method || 'GET').toUpperCase(), url: String(url), status: response.status, text });
  return response;
};
const route = (e) => `${e.method} ${e.url.replace(base, '')}`;

// ---- checks -------------------------------------------------------------------------------
class Mismatch extends Error {}
const show = (v) => JSON.stringify(v);
// key order does not matter in JSON objects
const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x));
function eq(actual, expected, what) {
  if (canonical(actual) !== canonical(expected)) throw new Mismatch(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}
function ok(cond, what) { if (!cond) throw new Mismatch(what); }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const isUuid = (v, what) => ok(typeof v === 'string' && UUID.test(v), `${what}: expected a lowercase UUID, got ${show(v)}`);
const isTime = (v, what) => ok(typeof v === 'string' && TIMESTAMP.test(v), `${what}: expected an RFC 3339 UTC timestamp, got ${show(v)}`);
function sameFields(actual, expected, what) {
  for (const [k, v] of Object.entries(expected)) eq(actual?.[k], v, `${what}.${k}`);
}
// The requests the guide's code made during one step: [method, path regex, status] in order.
function calls(made, expected) {
  eq(made.map(route).length, expected.length, `number of requests (${made.map(route).join(', ')})`);
  expected.forEach(([method, re, status], i) => {
    const e = made[i];
    ok(e.method === method && re.test(e.url.replace(base, '').split('?')[0]), `request ${i + 1}: expected ${method} ${re}, made ${route(e)}`);
    eq(e.status, status, `${route(e)} status (body ${e.text.slice(0, 300)})`);
  });
}

async function step(label, fn) {
  const from = exchanges.length;
  try {
    const detail = await fn(() => exchanges.slice(from));
    console.log(`PASS js  ${label}${detail ? ` — ${detail}` : ''}`);
    return true;
  } catch (error) {
    failures++;
    const made = exchanges.slice(from).map((e) => `${route(e)} -> ${e.status}${e.status >= 300 ? ` ${e.text.slice(0, 300)}` : ''}`);
    console.log(`FAIL js  ${label} — ${error instanceof Mismatch ? '' : 'the guide code threw: '}${error.message}`);
    for (const m of made) console.log(`           ${m}`);
    return false;
  }
}

// Direct API calls for setup the guide's clients have no method for (templates, appointment
// types, contact lists) and for reading back what the guide's code did.
async function direct(method, p, body) {
  const response = await realFetch(`${api}${p}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Mismatch(`setup ${method} ${p} -> ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

// ---- what a reader's app defines around the snippets --------------------------------------
globalThis.require = createRequire(import.meta.url);
globalThis.token = token;
globalThis.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
globalThis.searchContact = async (organizationId, email) => {
  const response = await fetch(`${api}/organizations/${organizationId}/contacts?search=${encodeURIComponent(email)}`,
    { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`search failed: ${response.status}`);
  const { data } = await response.json();
  return data.find((c) => (c.email || '').toLowerCase() === email.toLowerCase()) || null;
};
globalThis.createContact = (organizationId, data) => fourCalls.createContact(organizationId, data); // the guide's class
globalThis.findContactByEmail = async (organizationId, email) => (await searchContact(organizationId, email))?.id ?? null;
const synced = { contacts: [], appointments: [], calls: [], campaigns: [] };
globalThis.syncContactToMySystem = async (data) => { synced.contacts.push(data); };
globalThis.syncAppointmentToMySystem = async (data) => { synced.appointments.push(data); };
globalThis.logCallInMySystem = async (data) => { synced.calls.push(data); };
globalThis.updateCampaignInMySystem = async (data) => { synced.campaigns.push(data); };

// A minimal stand-in for an Express app with express.json(): app.post(path, handler),
// req.headers, req.body (the parsed JSON), res.status(code).send(text).
function expressLikeApp() {
  const handlers = new Map();
  const deliveries = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', async () => {
      const delivery = { raw, headers: req.headers, answered: null };
      deliveries.push(delivery);
      const handler = req.method === 'POST' && handlers.get(req.url.split('?')[0]);
      let code = 404, text = 'Not Found';
      if (handler) {
        try { req.body = JSON.parse(raw); } catch { req.body = undefined; }
        const shim = { status(c) { code = c; return shim; }, send(t) { text = String(t); return shim; } };
        code = 200; text = '';
        try { await handler(req, shim); } catch (error) { code = 500; text = error.message; }
      }
      delivery.answered = code;
      delivery.reply = text;
      res.writeHead(code, { 'Content-Type': 'text/plain' });
      res.end(text);
    });
  });
  return {
    deliveries, server,
    post(p, handler) { handlers.set(p, handler); },
    listen: (port) => new Promise((resolve) => server.listen(port, '127.0.0.1', resolve)),
  };
}

// ---- the run ------------------------------------------------------------------------------
const me = (await (await realFetch(`${base}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json());
const userId = me.id ?? me.user?.id;
let client;

const usageOk = await step('guide usage (CODE EXAMPLES): new FourCallsIntegration(...), createOrganization, createContact', async (made) => {
  client = await load('client.mjs');
  const { org, contact } = client;
  calls(made(), [['POST', /^\/api\/coordinator\/organizations$/, 201], ['POST', /\/organizations\/[^/]+\/contacts$/, 201]]);
  isUuid(org.id, 'organization.id');
  sameFields(org, { name: 'Acme Corporation', industry: 'Technology', timezone: 'America/New_York', user_id: userId }, 'organization');
  isTime(org.created_at, 'organization.created_at');
  isUuid(contact.id, 'contact.id');
  sameFields(contact, { name: 'John Doe', email: 'john@example.com', phone: '+1234567890' }, 'contact');
  return `organization ${org.id}, contact ${contact.id}`;
});
if (!usageOk) process.exit(1);
const { fourCalls, org, contact } = client;

// Setup the guide's other examples need ids for (a reader has them in their own system).
let roleTemplate, personaTemplate, appointmentType, lists;
const setupOk = await step('setup (not guide code): role and persona templates, an appointment type, two contact lists', async () => {
  roleTemplate = (await direct('GET', '/role-templates')).data[0];
  personaTemplate = (await direct('GET', '/persona-templates')).data[0];
  ok(roleTemplate && personaTemplate, 'no seeded role or persona template');
  appointmentType = await direct('POST', `/organizations/${org.id}/appointment-types`, { name: 'Follow-up call', duration_minutes: 30 });
  lists = [];
  for (const name of ['Q1 leads', 'Q1 leads (webinar)']) {
    const list = await direct('POST', `/organizations/${org.id}/contact-lists`, { name });
    await direct('POST', `/organizations/${org.id}/contact-lists/${list.id}/contacts`, { contact_ids: [contact.id] });
    lists.push(list);
  }
});
if (!setupOk) process.exit(1);

let coordinator;
await step('fourCalls.createCoordinator(org.id, <guide "Create Coordinator" body>)', async (made) => {
  const body = { ...bodies.coordinator, role_template_id: roleTemplate.id, persona_template_id: personaTemplate.id };
  coordinator = await fourCalls.createCoordinator(org.id, body);
  calls(made(), [['POST', /\/organizations\/[^/]+\/coordinators$/, 201]]);
  isUuid(coordinator.id, 'coordinator.id');
  sameFields(coordinator, { organization_id: org.id, display_name: body.display_name, status: 'active', voice_id: body.voice_id,
    custom_greeting: body.custom_greeting, custom_prompts: body.custom_prompts, availability: body.availability }, 'coordinator');
  eq(coordinator.role_template?.id, roleTemplate.id, 'coordinator.role_template.id');
  eq(coordinator.persona_template?.id, personaTemplate.id, 'coordinator.persona_template.id');
  isTime(coordinator.created_at, 'coordinator.created_at');
  return `coordinator ${coordinator.id}, status ${coordinator.status}`;
});

await step('fourCalls.createAppointment(org.id, <guide "Create Appointment" body>)', async (made) => {
  const body = { ...bodies.appointment, contact_id: contact.id, appointment_type_id: appointmentType.id };
  const appointment = await fourCalls.createAppointment(org.id, body);
  calls(made(), [['POST', /\/organizations\/[^/]+\/appointments$/, 201]]);
  isUuid(appointment.id, 'appointment.id');
  sameFields(appointment, { contact_id: contact.id, appointment_type_id: appointmentType.id, scheduled_at: body.scheduled_at,
    duration_minutes: body.duration_minutes, ends_at: '2026-01-25T14:30:00Z', notes: body.notes, status: 'scheduled', metadata: body.metadata }, 'appointment');
  eq(appointment.contact?.id, contact.id, 'appointment.contact.id');
  return `appointment ${appointment.id}, ${appointment.scheduled_at}..${appointment.ends_at}`;
});

await step('fourCalls.createCampaign(org.id, <guide "Create Campaign" body>)', async (made) => {
  const body = { ...bodies.campaign, contact_list_ids: lists.map((l) => l.id), coordinator_id: coordinator?.id };
  const campaign = await fourCalls.createCampaign(org.id, body);
  calls(made(), [['POST', /\/organizations\/[^/]+\/campaigns$/, 201]]);
  isUuid(campaign.id, 'campaign.id');
  sameFields(campaign, { name: body.name, description: body.description, coordinator_id: body.coordinator_id, script: body.script,
    scheduled_start: body.scheduled_start, status: 'draft', metadata: body.metadata }, 'campaign');
  eq([...(campaign.contact_list_ids || [])].sort(), [...body.contact_list_ids].sort(), 'campaign.contact_list_ids');
  return `campaign ${campaign.id}, status ${campaign.status}`;
});

// ---- Pattern 1: Contact Sync ----------------------------------------------------------------
const { syncContacts } = await load('pattern1.mjs');
const crm = [
  { id: 'crm_contact_123', name: 'John Doe', email: 'john@example.com', phone: '+1234567890' },
  { id: 'crm_contact_456', name: 'Jane Doe', email: 'jane@example.com', phone: '+1234567891' },
];
let jane;
await step('Pattern 1 syncContacts(org.id, [John Doe (exists), Jane Doe (new)]): update and create', async (made) => {
  const results = await syncContacts(org.id, crm);
  eq(results.map((r) => r.action), ['updated', 'created'], 'actions');
  calls(made(), [['GET', /\/contacts$/, 200], ['PUT', new RegExp(`/contacts/${contact.id}$`), 200], ['GET', /\/contacts$/, 200], ['POST', /\/contacts$/, 201]]);
  const [updated, created] = results.map((r) => r.contact);
  sameFields(updated, { id: contact.id, name: 'John Doe', email: 'john@example.com', phone: '+1234567890' }, 'updated contact');
  sameFields(updated.metadata, { source: 'my_crm', source_id: 'crm_contact_123' }, 'updated contact.metadata');
  isTime(updated.metadata?.last_synced, 'updated contact.metadata.last_synced');
  isUuid(created.id, 'created contact.id');
  sameFields(created, { name: 'Jane Doe', email: 'jane@example.com', phone: '+1234567891', metadata: { source: 'my_crm', source_id: 'crm_contact_456' } }, 'created contact');
  jane = created;
  return `updated ${updated.id}, created ${created.id}`;
});
await step('Pattern 1 syncContacts again: nothing duplicated, both updated', async (made) => {
  const results = await syncContacts(org.id, crm);
  eq(results.map((r) => r.action), ['updated', 'updated'], 'actions');
  eq(results.map((r) => r.contact.id), [contact.id, jane?.id], 'contact ids');
  eq(made().map((e) => e.status), [200, 200, 200, 200], 'statuses');
  const found = await direct('GET', `/organizations/${org.id}/contacts?source_id=crm_contact_456`);
  eq(found.data.map((c) => c.id), [jane?.id], 'GET /contacts?source_id=crm_contact_456');
});

// ---- Pattern 2: Appointment Booking --------------------------------------------------------
const pattern2 = await load('pattern2.mjs');
await step('Pattern 2 createAppointment(org.id, booking for John Doe, an existing contact)', async (made) => {
  const booking = { id: 'appointment_123', name: 'John Doe', email: 'john@example.com', phone: '+1234567890',
    appointment_type_id: appointmentType.id, scheduled_at: '2026-01-25T15:00:00Z', duration_minutes: 30, notes: 'Follow-up call' };
  const appointment = await pattern2.createAppointment(org.id, booking);
  calls(made(), [['GET', /\/contacts$/, 200], ['POST', /\/appointments$/, 201]]);
  isUuid(appointment.id, 'appointment.id');
  sameFields(appointment, { contact_id: contact.id, scheduled_at: booking.scheduled_at, ends_at: '2026-01-25T15:30:00Z', status: 'scheduled',
    metadata: { source: 'my_booking_system', source_id: 'appointment_123' } }, 'appointment');
  return `appointment ${appointment.id} for contact ${appointment.contact_id}`;
});
await step('Pattern 2 createAppointment(org.id, booking for a new person): contact created first', async (made) => {
  const booking = { id: 'appointment_124', name: 'Sam Smith', email: 'sam@example.com', phone: '+1234567892',
    appointment_type_id: appointmentType.id, scheduled_at: '2026-01-25T16:00:00Z', duration_minutes: 45, notes: 'First call' };
  const appointment = await pattern2.createAppointment(org.id, booking);
  calls(made(), [['GET', /\/contacts$/, 200], ['POST', /\/contacts$/, 201], ['POST', /\/appointments$/, 201]]);
  const sam = JSON.parse(made()[1].text);
  sameFields(sam, { name: 'Sam Smith', email: 'sam@example.com', phone: '+1234567892' }, 'created contact');
  sameFields(appointment, { contact_id: sam.id, duration_minutes: 45, ends_at: '2026-01-25T16:45:00Z', status: 'scheduled', notes: 'First call' }, 'appointment');
  return `contact ${sam.id}, appointment ${appointment.id}`;
});

// ---- Pattern 3: Campaign Integration -------------------------------------------------------
const pattern3 = await load('pattern3.mjs');
const campaignData = (scheduledStart, id) => ({ id, name: bodies.campaign.name, description: bodies.campaign.description,
  contact_list_ids: lists.map((l) => l.id), coordinator_id: coordinator?.id, script: bodies.campaign.script, scheduled_start: scheduledStart });
await step(`Pattern 3 createCampaign(org.id, scheduled_start ${bodies.campaign.scheduled_start} (past)): created and started`, async (made) => {
  const campaign = await pattern3.createCampaign(org.id, campaignData(bodies.campaign.scheduled_start, 'campaign_123'));
  calls(made(), [['POST', /\/campaigns$/, 201], ['POST', new RegExp(`/campaigns/${campaign.id}/start$`), 200]]);
  sameFields(campaign, { name: bodies.campaign.name, metadata: { source: 'my_marketing_system', source_id: 'campaign_123' } }, 'campaign');
  // The lists hold the guide's John Doe, whose +1234567890 has nine national digits: no
  // North American number can be dialled so (CONTRACT section 12, invalid_phone). The start
  // skips him, and a campaign nobody may call is completed at once.
  const now = await direct('GET', `/organizations/${org.id}/campaigns/${campaign.id}`);
  eq(now.status, 'completed', 'campaign status after start');
  const stats = await direct('GET', `/organizations/${org.id}/campaigns/${campaign.id}/stats`);
  sameFields(stats, { total_contacts: 1, calls_made: 0, calls_completed: 0, calls_missed: 0, voicemails_left: 0, completion_rate: 0, skipped: 1 }, 'stats');
  const skipped = await direct('GET', `/organizations/${org.id}/campaigns/${campaign.id}/calls`);
  eq(skipped.data.map((c) => c.skip_reason), ['invalid_phone'], 'skip reasons');
  return `campaign ${campaign.id} completed at the start (the guide's number cannot be dialled), stats total_contacts ${stats.total_contacts}`;
});
await step('Pattern 3 createCampaign(org.id, scheduled_start in 30 days): created, not started', async (made) => {
  const future = new Date(Date.now() + 30 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const campaign = await pattern3.createCampaign(org.id, campaignData(future, 'campaign_124'));
  calls(made(), [['POST', /\/campaigns$/, 201]]);
  eq(campaign.scheduled_start, future, 'campaign.scheduled_start');
  eq(campaign.status, 'draft', 'campaign.status');
  return `campaign ${campaign.id} ${campaign.status}`;
});

// ---- Webhooks: Best Practice 1 registers, Pattern 4 receives, verifyWebhook verifies -------
const app = expressLikeApp();
await app.listen(Number(hookPort));
globalThis.app = app;
globalThis.orgId = org.id;
const bp1Source = fs.readFileSync(path.join(dir, 'js', 'bp-webhook.mjs'), 'utf8');
globalThis.webhookSecret = (bp1Source.match(/secret:\s*'([^']*)'/) || [])[1];
const { verifyWebhook } = await load('verify-webhook.mjs');
globalThis.verifyWebhook = verifyWebhook;
await load('pattern4.mjs');
let hook;
await step('Best Practice 1: register a webhook (url = local app running Pattern 4)', async (made) => {
  await load('bp-webhook.mjs');
  calls(made(), [['POST', /\/organizations\/[^/]+\/webhooks$/, 201]]);
  hook = JSON.parse(made()[0].text);
  const listed = await direct('GET', `/organizations/${org.id}/webhooks`);
  const mine = listed.data.find((w) => w.id === hook.id);
  ok(mine, 'the webhook is not listed');
  sameFields(mine, { name: 'My App Webhook', url: `http://127.0.0.1:${hookPort}/webhooks/4calls`, events: ['contact.created', 'appointment.created'] }, 'webhook');
  ok(!('secret' in mine) || mine.secret == null, 'the webhook list shows the secret');
  return `webhook ${hook.id}`;
});

let hookContact, hookAppointment;
await step('fourCalls.createContact(org.id, <guide "Create Contact" body>) and an appointment for it (events for the webhook)', async (made) => {
  hookContact = await fourCalls.createContact(org.id, bodies.contact);
  sameFields(hookContact, bodies.contact, 'contact');
  hookAppointment = await fourCalls.createAppointment(org.id, { ...bodies.appointment, contact_id: hookContact.id,
    appointment_type_id: appointmentType.id, scheduled_at: '2026-01-25T17:00:00Z' });
  calls(made(), [['POST', /\/contacts$/, 201], ['POST', /\/appointments$/, 201]]);
  return `contact ${hookContact.id}, appointment ${hookAppointment.id}`;
});

await step('Pattern 4 receives contact.created and appointment.created; verifyWebhook accepts the signatures', async () => {
  const deadline = Date.now() + 30000;
  const done = () => synced.contacts.some((c) => c.id === hookContact?.id) && synced.appointments.some((a) => a.id === hookAppointment?.id);
  while (!done() && Date.now() < deadline && !app.deliveries.some((d) => d.answered !== 200 && d.answered !== null)) await sleep(100);
  const refused = app.deliveries.filter((d) => d.answered !== 200);
  ok(refused.length === 0, `Pattern 4 refused ${refused.length} deliveries: ${refused.map((d) => `${d.answered} ${d.reply} for ${d.raw.slice(0, 120)}`).join('; ')}`);
  ok(done(), `not delivered within 30 s (received: ${app.deliveries.map((d) => d.headers['x-4calls-event']).join(', ') || 'nothing'})`);
  for (const d of app.deliveries) {
    const body = JSON.parse(d.raw);
    ok(show(Object.keys(body)) === show(['event', 'timestamp', 'organization_id', 'data']), `payload keys: ${show(Object.keys(body))}`);
    eq(body.organization_id, org.id, 'payload organization_id');
    isTime(body.timestamp, 'payload timestamp');
    eq(d.headers['x-4calls-event'], body.event, 'X-4Calls-Event header');
  }
  const c = synced.contacts.find((x) => x.id === hookContact.id);
  sameFields(c, { name: 'John Doe', email: 'john@example.com', phone: '+1234567890' }, 'contact.created data');
  // The uncorrected Pattern 4 call, for the record: it can never match (see extract.py).
  const first = app.deliveries[0];
  const asWritten = verifyWebhook(JSON.stringify(JSON.parse(first.raw)), first.headers['x-4calls-signature'], webhookSecret);
  ok(asWritten === false, 'the guide\'s double-stringified call unexpectedly matched');
  return `${app.deliveries.length} deliveries answered 200 (the guide's uncorrected call would have answered 401)`;
});

// ---- Best Practice 4: requestWithRetry -----------------------------------------------------
await step('Best Practice 4 requestWithRetry(GET organization): the response, with rate-limit headers', async (made) => {
  const { requestWithRetry } = await load('bp-retry.mjs');
  const response = await requestWithRetry(`${api}/organizations/${org.id}`, { headers: { Authorization: `Bearer ${token}` } });
  calls(made(), [['GET', /\/organizations\/[^/]+$/, 200]]);
  eq((await response.json()).id, org.id, 'organization id');
  for (const h of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) ok(/^\d+$/.test(response.headers.get(h) || ''), `${h} header missing`);
  return `limit ${response.headers.get('X-RateLimit-Limit')}, remaining ${response.headers.get('X-RateLimit-Remaining')}`;
});

app.server.close();
process.exit(failures ? 1 : 0);
