/**
 * The local PoP's inspector: one ES module, no dependencies, served by the PoP at `/_pop/ui/inspector.js`.
 * It shows what the PoP stores (scopes, records as stored, one row in full), the live request log and the
 * fault rules, through the `/_pop/` JSON routes. Every value is put on the page with `textContent`, never
 * as HTML: in SSE and OFF mode keys and bodies are whatever a client sent. The admin token comes from the
 * URL fragment (`#token=…`, which browsers never send), is kept in sessionStorage and removed from the URL.
 */

// ---- Answers of the /_pop/ routes (docs/protocol.md#admin-routes) -----------------------------------

interface AboutAnswer {
  readonly version: string;
  readonly adminMode: 'open' | 'token' | 'closed';
  readonly strict: boolean;
  readonly databases: readonly { readonly countries: string; readonly database: string }[];
  readonly uptimeSeconds: number;
}

interface ScopeSummary {
  readonly environmentId: string;
  readonly country: string;
  readonly records: number;
  readonly expired: number;
  readonly attachments: number;
}

type Row = Readonly<Record<string, string | number | boolean | null>>;

interface RecordsAnswer {
  readonly records: readonly Row[];
  readonly total: number;
}

interface AttachmentMeta {
  readonly file_id: string;
  readonly filename: string;
  readonly mime_type: string;
  readonly size: number;
  readonly hash: string;
}

interface LogEntry {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly route: string | null;
  readonly status: number;
  readonly latencyMs: number;
  readonly country: string | null;
  readonly time: string;
  readonly fault: boolean;
}

interface ActiveFault {
  readonly id: string;
  readonly rule: Readonly<Record<string, unknown>>;
  readonly remaining: number | null;
  readonly hits: number;
}

interface ErrorAnswer {
  readonly errors?: readonly { readonly source?: string; readonly detail?: string }[];
}

// ---- Constants ----------------------------------------------------------------------------------------

const TOKEN_KEY = 'incountry-pop-admin-token';
const PAGE_SIZE = 50;
const LOG_POLL_MS = 1000;
const LOG_ROWS_KEPT = 500;
const ROUTES = [
  'write',
  'batchWrite',
  'read',
  'find',
  'delete',
  'batchDelete',
  'attachments',
  'healthcheck',
  'token',
  'countries',
] as const;
const CHANGING_ROUTES = new Set(['write', 'batchWrite', 'delete', 'batchDelete', 'attachments']);
const STRING_KEYS = [
  'record_key',
  'profile_key',
  'parent_key',
  ...[1, 2, 3, 4, 5].map((n) => `service_key${n}`),
  ...Array.from({ length: 20 }, (_, i) => `key${i + 1}`),
];
const RANGE_KEYS = Array.from({ length: 10 }, (_, i) => `range_key${i + 1}`);
const HASH = /^[0-9a-f]{64}$/;

// ---- DOM helpers: text only ------------------------------------------------------------------------------

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page lacks #${id}`);
  return found as T;
}

/** An element with text content (never parsed as HTML) and optional class and title. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  options: { className?: string; title?: string } = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (options.className !== undefined) node.className = options.className;
  if (options.title !== undefined) node.title = options.title;
  return node;
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = el('td', text, className === undefined ? {} : { className });
  // The whole value stays in the title: long hashes are cut by CSS, not in the text.
  if (text.length > 16) td.title = text;
  return td;
}

function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}

const numberFormat = new Intl.NumberFormat('en');

// ---- Token and requests -----------------------------------------------------------------------------------

/** Moves `#token=…` into sessionStorage and takes it out of the address bar and history. */
function adoptFragmentToken(): void {
  const match = /^#token=(.+)$/.exec(location.hash);
  if (match === null) return;
  let token = match[1]!;
  try {
    token = decodeURIComponent(token);
  } catch {
    // Not percent-encoded after all: keep it as typed.
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  history.replaceState(null, '', location.pathname + location.search);
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function headers(json: boolean): Headers {
  const result = new Headers();
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token !== null) result.set('authorization', `Bearer ${token}`);
  if (json) result.set('content-type', 'application/json');
  return result;
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method, headers: headers(body !== undefined), cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (response.ok) return response;
  let detail = `${response.status} ${response.statusText}`;
  try {
    const answer = (await response.json()) as ErrorAnswer;
    const items = answer.errors ?? [];
    if (items.length > 0) detail = items.map((e) => `${e.source ?? ''}: ${e.detail ?? ''}`).join('; ');
  } catch {
    // Not the PoP's error format; the status says enough.
  }
  throw new ApiError(response.status, detail);
}

async function getJson<T>(path: string): Promise<T> {
  return (await (await call('GET', path)).json()) as T;
}

/** Saves a response body as a file: fetched with the token, handed to the browser as a blob. */
async function download(path: string, fallbackName: string): Promise<void> {
  const response = await call('GET', path);
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = encoded === undefined ? fallbackName : decodeURIComponent(encoded);
  const url = URL.createObjectURL(await response.blob());
  const link = el('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function report(error: unknown): void {
  const problem = byId('problem');
  if (error instanceof ApiError && error.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    lock('token', true);
    return;
  }
  problem.textContent = error instanceof Error ? error.message : String(error);
  show(problem, true);
}

// ---- Hashing (docs/protocol.md#hashing) -----------------------------------------------------------------

/** Lower-case hex SHA-256 of `value:environmentId`, as every SDK hashes keys. */
async function hashKey(value: string, environmentId: string): Promise<string> {
  if (crypto.subtle === undefined)
    throw new Error('hashing needs a secure context: open the inspector on localhost or 127.0.0.1');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${value}:${environmentId}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---- Presentation of stored values ----------------------------------------------------------------------

/** What a stored body is: the envelope's prefix tells the cipher (docs/protocol.md#ciphertext-formats). */
function envelope(prefix: string | null): string {
  if (prefix === null) return '—';
  if (prefix.startsWith('pop-sse:')) return 'sse (at rest)';
  if (prefix.startsWith('2:')) return '2:';
  if (prefix.startsWith('pt:')) return 'pt:';
  if (/^1:/.test(prefix)) return '1:';
  const custom = /^([^:]{1,16}):/.exec(prefix);
  return custom === null ? 'raw' : `${custom[1]}:`;
}

function bytes(n: number | null): string {
  if (n === null) return '';
  if (n < 1024) return `${n} B`;
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function shortTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').slice(0, 19);
}

function countdown(iso: string): string {
  const left = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  if (left <= 0) return 'expired';
  const d = Math.floor(left / 86_400);
  const h = Math.floor((left % 86_400) / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return `in ${d > 0 ? `${d}d ` : ''}${d > 0 || h > 0 ? `${h}h ` : ''}${m}m ${s}s`;
}

/** A row holds plain keys when a hashed key field does not look like a hash, or the body is `pt:`/SSE. */
function isPlainRow(row: Row): boolean {
  const key = row.record_key;
  const kind = envelope(typeof row.body_prefix === 'string' ? row.body_prefix : null);
  return (typeof key === 'string' && !HASH.test(key)) || kind === 'pt:' || kind === 'sse (at rest)';
}

// ---- State ------------------------------------------------------------------------------------------------

interface State {
  scope: ScopeSummary | undefined;
  offset: number;
  total: number;
  searchKeys: string[];
  logAfter: number;
  logCount: number;
  pendingConfirm: (() => Promise<void>) | undefined;
}

const state: State = {
  scope: undefined,
  offset: 0,
  total: 0,
  searchKeys: [],
  logAfter: 0,
  logCount: 0,
  pendingConfirm: undefined,
};

const scopeQuery = (scope: ScopeSummary) =>
  `env=${encodeURIComponent(scope.environmentId)}&country=${encodeURIComponent(scope.country)}`;

// ---- Locked states -----------------------------------------------------------------------------------

function lock(mode: 'closed' | 'token', refused = false): void {
  show(byId('main'), false);
  show(byId('reset-all'), false);
  show(byId('locked'), true);
  const url = `${location.origin}${location.pathname}#token=<admin token>`;
  if (mode === 'closed') {
    byId('locked-title').textContent = 'The inspector is off in strict mode without an admin token';
    byId('locked-text').textContent =
      'This PoP runs in strict mode and has no admin token, so its /_pop/ routes are closed. Restart it with an admin token (16+ characters) and open the page with the token in the fragment:';
    byId('locked-example').textContent = `incountry pop --strict --admin-token <admin token> …\n${url}`;
  } else {
    byId('locked-title').textContent = refused
      ? 'The admin token was refused'
      : 'This PoP needs its admin token';
    byId('locked-text').textContent =
      'Open the page with the admin token in the URL fragment (the part after #, which the browser never sends to a server). The page keeps it for this tab only and removes it from the address bar:';
    byId('locked-example').textContent = url;
  }
}

// ---- Header ---------------------------------------------------------------------------------------------

function renderAbout(about: AboutAnswer): void {
  const list = byId('about');
  list.replaceChildren();
  const add = (term: string, value: string) => list.append(el('dt', term), el('dd', value));
  add('version', about.version);
  add('admin', about.adminMode === 'open' ? 'open (development)' : 'admin token');
  add('mode', about.strict ? 'strict' : 'development');
  add('stores', about.databases.map((d) => `${d.countries} → ${d.database}`).join(', '));
  add('up', `${numberFormat.format(about.uptimeSeconds)} s`);
}

// ---- Scopes -------------------------------------------------------------------------------------------

async function refreshScopes(): Promise<void> {
  const { scopes } = await getJson<{ scopes: ScopeSummary[] }>('/_pop/scopes');
  const body = byId('scopes').querySelector('tbody')!;
  body.replaceChildren(
    ...scopes.map((scope) => {
      const tr = el('tr');
      tr.tabIndex = 0;
      tr.dataset.env = scope.environmentId;
      tr.dataset.country = scope.country;
      if (state.scope?.environmentId === scope.environmentId && state.scope.country === scope.country)
        tr.classList.add('selected');
      tr.append(
        cell(scope.environmentId),
        cell(scope.country),
        cell(numberFormat.format(scope.records), 'num'),
        cell(numberFormat.format(scope.expired), 'num'),
        cell(numberFormat.format(scope.attachments), 'num'),
      );
      const open = () => void selectScope(scope).catch(report);
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') open();
      });
      return tr;
    }),
  );
  show(byId('scopes-empty'), scopes.length === 0);
  if (
    state.scope !== undefined &&
    !scopes.some((s) => s.environmentId === state.scope?.environmentId && s.country === state.scope.country)
  ) {
    // The scope went away (reset): keep showing it, empty.
    await refreshRecords();
  }
}

async function selectScope(scope: ScopeSummary): Promise<void> {
  state.scope = scope;
  state.offset = 0;
  state.searchKeys = [];
  byId<HTMLInputElement>('search-value').value = '';
  byId('search-info').textContent = '';
  byId('scope-name').textContent = `${scope.environmentId} / ${scope.country}`;
  for (const tr of byId('scopes').querySelectorAll('tbody tr'))
    tr.classList.toggle(
      'selected',
      (tr as HTMLElement).dataset.env === scope.environmentId &&
        (tr as HTMLElement).dataset.country === scope.country,
    );
  show(byId('records-panel'), true);
  await refreshRecords();
}

// ---- Records ----------------------------------------------------------------------------------------------

/** Columns shown for a page: the keys any row of it holds, then the fixed ones. */
function columnsFor(rows: readonly Row[]): string[] {
  const used = (field: string) => field === 'record_key' || rows.some((row) => row[field] != null);
  return [...STRING_KEYS.filter(used), ...RANGE_KEYS.filter(used)];
}

async function refreshRecords(): Promise<void> {
  const scope = state.scope;
  if (scope === undefined) return;
  const keys = state.searchKeys.map((k) => `&key=${encodeURIComponent(k)}`).join('');
  const answer = await getJson<RecordsAnswer>(
    `/_pop/records?${scopeQuery(scope)}&limit=${PAGE_SIZE}&offset=${state.offset}${keys}`,
  );
  state.total = answer.total;
  renderRecords(answer.records);
}

function renderRecords(rows: readonly Row[]): void {
  const table = byId<HTMLTableElement>('records');
  const keyColumns = columnsFor(rows);
  const head = table.tHead!.rows[0]!;
  head.replaceChildren(
    ...keyColumns.map((c) => el('th', c)),
    ...['version', 'is_encrypted', 'body', 'envelope', 'created_at', 'updated_at', 'expires_at', 'files'].map(
      (c) => el('th', c),
    ),
  );
  const body = table.tBodies[0]!;
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = el('tr');
      tr.tabIndex = 0;
      if (row.expired === true) tr.classList.add('expired');
      for (const column of keyColumns) {
        const value = row[column];
        const text = value == null ? '' : String(value);
        const kind = RANGE_KEYS.includes(column) ? 'num' : HASH.test(text) ? 'hash' : 'plain';
        tr.append(cell(text, kind));
      }
      const prefix = typeof row.body_prefix === 'string' ? row.body_prefix : null;
      const expires = typeof row.expires_at === 'string' ? row.expires_at : null;
      const expiresCell = cell(expires === null ? '' : countdown(expires));
      if (expires !== null) {
        expiresCell.dataset.expires = expires;
        expiresCell.title = expires;
      }
      tr.append(
        cell(String(row.version ?? '')),
        cell(row.is_encrypted == null ? '' : String(row.is_encrypted)),
        cell(bytes(typeof row.body_bytes === 'number' ? row.body_bytes : null), 'num'),
        cell(envelope(prefix), 'envelope'),
        cell(shortTime(String(row.created_at))),
        cell(shortTime(String(row.updated_at))),
        expiresCell,
        cell(String(row.attachments ?? 0), 'num'),
      );
      const open = () => void openRow(String(row.record_key)).catch(report);
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') open();
      });
      return tr;
    }),
  );
  if (rows.length === 0) {
    const empty = el(
      'td',
      state.searchKeys.length > 0 ? 'No record matches.' : 'This scope holds no records.',
    );
    empty.colSpan = keyColumns.length + 8;
    empty.className = 'hint';
    body.append(el('tr'));
    body.rows[0]!.append(empty);
  }
  const first = rows.length === 0 ? 0 : state.offset + 1;
  byId('page-info').textContent =
    `${numberFormat.format(first)}–${numberFormat.format(state.offset + rows.length)} of ${numberFormat.format(state.total)}`;
  byId<HTMLButtonElement>('page-prev').disabled = state.offset === 0;
  byId<HTMLButtonElement>('page-next').disabled = state.offset + rows.length >= state.total;
  show(byId('plain-banner'), rows.some(isPlainRow));
}

function tickCountdowns(): void {
  for (const td of document.querySelectorAll<HTMLElement>('td[data-expires]'))
    td.textContent = countdown(td.dataset.expires!);
}

async function search(event: Event): Promise<void> {
  event.preventDefault();
  const scope = state.scope;
  if (scope === undefined) return;
  const raw = byId<HTMLInputElement>('search-value').value;
  const info = byId('search-info');
  if (raw === '') {
    state.searchKeys = [];
    info.textContent = '';
  } else if (HASH.test(raw)) {
    state.searchKeys = [raw];
    info.textContent = 'searching for this hash';
  } else {
    const normalize = byId<HTMLInputElement>('search-normalize').checked;
    const hash = await hashKey(normalize ? raw.toLowerCase() : raw, scope.environmentId);
    // The plain value too: SSE and OFF-with-plain-search-keys scopes store it as it is.
    state.searchKeys = [raw, hash];
    info.textContent = `hashed in this page as sha256(value:${scope.environmentId}) = ${hash}`;
  }
  state.offset = 0;
  await refreshRecords();
}

// ---- Drawer ---------------------------------------------------------------------------------------------

async function openRow(recordKey: string): Promise<void> {
  const scope = state.scope;
  if (scope === undefined) return;
  const { record } = await getJson<{ record: Row & { attachments: AttachmentMeta[] } }>(
    `/_pop/record?${scopeQuery(scope)}&record_key=${encodeURIComponent(recordKey)}`,
  );
  const list = byId('drawer-row');
  list.replaceChildren();
  for (const [field, value] of Object.entries(record)) {
    if (field === 'attachments' || value === null) continue;
    list.append(el('dt', field), el('dd', String(value)));
  }
  const files = byId('drawer-attachments');
  files.replaceChildren(
    ...record.attachments.map((file) => {
      const item = el('li');
      const button = el('button', 'Download');
      button.type = 'button';
      button.addEventListener('click', () => {
        const query = `${scopeQuery(scope)}&record_key=${encodeURIComponent(recordKey)}&file_id=${encodeURIComponent(file.file_id)}`;
        void download(`/_pop/attachment?${query}`, file.filename).catch(report);
      });
      item.append(el('span', `${file.filename} · ${file.mime_type} · ${bytes(file.size)}`), button);
      return item;
    }),
  );
  if (record.attachments.length === 0) files.append(el('li', 'none', { className: 'hint' }));
  show(byId('drawer'), true);
}

// ---- Confirmation -----------------------------------------------------------------------------------------

function confirmThen(text: string, action: () => Promise<void>): void {
  byId('confirm-text').textContent = text;
  state.pendingConfirm = action;
  byId<HTMLDialogElement>('confirm').showModal();
}

// ---- Request log ------------------------------------------------------------------------------------------

function logRow(entry: LogEntry): HTMLTableRowElement {
  const tr = el('tr');
  tr.dataset.route = entry.route ?? '';
  tr.dataset.status = String(entry.status);
  tr.dataset.country = entry.country ?? '';
  tr.dataset.fault = String(entry.fault);
  const statusClass = entry.status >= 500 || entry.status === 0 ? 'bad' : entry.status >= 400 ? 'warn' : 'ok';
  tr.append(
    cell(String(entry.seq), 'num'),
    cell(entry.time.slice(11, 23)),
    cell(entry.method),
    cell(entry.path),
    cell(entry.route ?? ''),
    cell(entry.country ?? ''),
    cell(entry.status === 0 ? 'reset' : String(entry.status), `num ${statusClass}`),
    cell(entry.latencyMs.toFixed(1), 'num'),
    cell(entry.fault ? 'fault' : '', entry.fault ? 'fault' : ''),
  );
  tr.hidden = !matchesFilters(tr);
  return tr;
}

function matchesFilters(tr: HTMLTableRowElement): boolean {
  const route = byId<HTMLSelectElement>('filter-route').value;
  const status = byId<HTMLInputElement>('filter-status').value.trim().toLowerCase();
  const country = byId<HTMLInputElement>('filter-country').value.trim().toLowerCase();
  const faultOnly = byId<HTMLInputElement>('filter-fault').checked;
  const data = tr.dataset;
  if (route !== '' && data.route !== route) return false;
  if (country !== '' && data.country !== country) return false;
  if (faultOnly && data.fault !== 'true') return false;
  if (status !== '') {
    const pattern = new RegExp(`^${status.replace(/x/g, '\\d').replace(/[^\\d]/g, '')}$`);
    if (!pattern.test(data.status ?? '')) return false;
  }
  return true;
}

function applyFilters(): void {
  for (const tr of byId<HTMLTableElement>('log').tBodies[0]!.rows) tr.hidden = !matchesFilters(tr);
}

async function pollLog(): Promise<void> {
  const { requests } = await getJson<{ requests: LogEntry[] }>(
    `/_pop/requests?after=${state.logAfter}&limit=200`,
  );
  if (requests.length === 0) return;
  state.logAfter = requests[requests.length - 1]!.seq;
  const body = byId<HTMLTableElement>('log').tBodies[0]!;
  // Newest first.
  body.prepend(...requests.map(logRow).reverse());
  while (body.rows.length > LOG_ROWS_KEPT) body.rows[body.rows.length - 1]!.remove();
  state.logCount += requests.length;
  byId('log-state').textContent =
    `${numberFormat.format(state.logCount)} seen · polling every ${LOG_POLL_MS / 1000} s`;
  await refreshFaults();
  if (requests.some((r) => r.route !== null && CHANGING_ROUTES.has(r.route) && r.status < 300)) {
    await refreshScopes();
    if (state.offset === 0 && byId('drawer').hidden) await refreshRecords();
  }
}

function scheduleLogPoll(): void {
  setTimeout(() => {
    pollLog().catch(report).finally(scheduleLogPoll);
  }, LOG_POLL_MS);
}

// ---- Faults ---------------------------------------------------------------------------------------------

function describeRule(rule: Readonly<Record<string, unknown>>): string {
  return Object.entries(rule)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
}

async function refreshFaults(): Promise<void> {
  const { faults } = await getJson<{ faults: ActiveFault[] }>('/_pop/faults');
  byId<HTMLTableElement>('faults').tBodies[0]!.replaceChildren(
    ...faults.map((fault) => {
      const tr = el('tr');
      tr.append(
        cell(describeRule(fault.rule)),
        cell(String(fault.hits), 'num'),
        cell(fault.remaining === null ? '∞' : String(fault.remaining), 'num'),
      );
      return tr;
    }),
  );
}

/** The fault form as a rule for `POST /_pop/faults` (the server validates it with the same schema). */
function faultFromForm(form: HTMLFormElement): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  for (const input of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
    if (input instanceof HTMLInputElement && input.type === 'checkbox') {
      if (input.checked) rule[input.name] = true;
    } else if (input.value.trim() !== '') {
      rule[input.name] =
        input instanceof HTMLInputElement && input.type === 'number'
          ? Number(input.value)
          : input.value.trim();
    }
  }
  return rule;
}

async function addFault(event: Event): Promise<void> {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const problem = byId('fault-error');
  try {
    await call('POST', '/_pop/faults', faultFromForm(form));
    show(problem, false);
    // Through the prototype: the form has a field named `reset`, which shadows the method.
    HTMLFormElement.prototype.reset.call(form);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      problem.textContent = error.message;
      show(problem, true);
      return;
    }
    throw error;
  }
  await refreshFaults();
}

// ---- Start ------------------------------------------------------------------------------------------------

function fillRouteSelects(): void {
  byId('filter-route').append(...ROUTES.map((r) => new Option(r, r)));
  const faultRoute = document.querySelector<HTMLSelectElement>('#fault-form select[name="route"]')!;
  faultRoute.append(new Option('*', '*'), ...ROUTES.map((r) => new Option(r, r)));
}

function wire(): void {
  byId('search').addEventListener('submit', (event) => void search(event).catch(report));
  byId('search-clear').addEventListener('click', () => {
    byId<HTMLInputElement>('search-value').value = '';
    void search(new Event('submit')).catch(report);
  });
  byId('page-prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    void refreshRecords().catch(report);
  });
  byId('page-next').addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    void refreshRecords().catch(report);
  });
  byId('export').addEventListener('click', () => {
    const scope = state.scope;
    if (scope !== undefined)
      void download(
        `/_pop/export?${scopeQuery(scope)}`,
        `pop-${scope.environmentId}-${scope.country}.ndjson`,
      ).catch(report);
  });
  byId('reset-scope').addEventListener('click', () => {
    const scope = state.scope;
    if (scope === undefined) return;
    confirmThen(
      `Delete every record and attachment of ${scope.environmentId} / ${scope.country}? This cannot be undone.`,
      async () => {
        await call('POST', '/_pop/reset', { env: scope.environmentId, country: scope.country });
        state.offset = 0;
        await refreshScopes();
        await refreshRecords();
      },
    );
  });
  byId('reset-all').addEventListener('click', () =>
    confirmThen('Delete every record and attachment of every scope? This cannot be undone.', async () => {
      await call('POST', '/_pop/reset', {});
      state.offset = 0;
      await refreshScopes();
      await refreshRecords();
    }),
  );
  const dialog = byId<HTMLDialogElement>('confirm');
  byId('confirm-cancel').addEventListener('click', () => dialog.close('cancel'));
  byId('confirm-ok').addEventListener('click', () => {
    dialog.close('ok');
    const action = state.pendingConfirm;
    state.pendingConfirm = undefined;
    if (action !== undefined) void action().catch(report);
  });
  byId('drawer-close').addEventListener('click', () => show(byId('drawer'), false));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') show(byId('drawer'), false);
  });
  byId('log-filters').addEventListener('input', applyFilters);
  byId('log-filters').addEventListener('submit', (event) => event.preventDefault());
  byId('fault-form').addEventListener('submit', (event) => void addFault(event).catch(report));
  byId('faults-clear').addEventListener('click', () => {
    void call('DELETE', '/_pop/faults', {}).then(refreshFaults).catch(report);
  });
}

async function start(): Promise<void> {
  adoptFragmentToken();
  const mode = document.documentElement.dataset.adminMode;
  if (mode === 'closed') return lock('closed');
  if (mode === 'token' && sessionStorage.getItem(TOKEN_KEY) === null) return lock('token');
  fillRouteSelects();
  wire();
  let about: AboutAnswer;
  try {
    about = await getJson<AboutAnswer>('/_pop/info');
  } catch (error) {
    return report(error);
  }
  renderAbout(about);
  show(byId('main'), true);
  show(byId('reset-all'), true);
  await Promise.all([refreshScopes(), refreshFaults(), pollLog()]).catch(report);
  setInterval(tickCountdowns, 1000);
  setInterval(() => void refreshScopes().catch(report), 5000);
  scheduleLogPoll();
}

void start();
