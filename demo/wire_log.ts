// "What the mocked KMS received": every request that reaches the mock at the demo's
// endpoint (any of the three dialects), with its action, its arguments and the answer's code, read from MSW's own
// lifecycle events, so the page shows exactly what went over the wire (and the tests
// can check that each option reached the KMS as picked).
import type { SetupWorker } from 'msw/browser';

const MAX_ENTRIES = 300;
const MAX_VALUE = 120;

/** Long values (wrapped material, tokens) are shortened for display; nothing secret travels here. */
function shorten(value: unknown): unknown {
  return typeof value === 'string' && value.length > MAX_VALUE ? `${value.slice(0, 48)}…(${value.length} chars)` : value;
}

async function readArguments(request: Request): Promise<Record<string, unknown>> {
  const url = new URL(request.url);
  const body = await request.text();
  // Tencent (X-TC-Action) and AWS (X-Amz-Target) send JSON; Alibaba a query and a form.
  if (request.headers.has('x-tc-action') || request.headers.has('x-amz-target')) {
    const parsed: unknown = body.trim() ? JSON.parse(body) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if ((request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) Object.assign(args, Object.fromEntries(new URLSearchParams(body)));
  return args;
}

async function readOutcome(response: Response): Promise<string> {
  const body = (await response.json()) as { Response?: { Error?: { Code?: string } }; Code?: string; __type?: string };
  if (body.Response) return body.Response.Error?.Code ?? 'OK';
  // AWS names its error in __type (a namespace may precede it, after '#').
  return response.status >= 400 ? (body.Code ?? body.__type?.replace(/^.*#/, '') ?? `HTTP ${response.status}`) : 'OK';
}

export function startWireLog(worker: SetupWorker, list: HTMLOListElement, endpointPath: string): void {
  const entries = new Map<string, HTMLLIElement>();
  list.closest('details')?.addEventListener('toggle', () => (list.scrollTop = list.scrollHeight));
  worker.events.on('request:start', ({ request, requestId }) => {
    if (new URL(request.url).pathname.replace(/\/+$/, '') !== endpointPath) return;
    const copy = request.clone();
    const action =
      request.headers.get('x-tc-action') ?? request.headers.get('x-acs-action') ?? request.headers.get('x-amz-target')?.replace(/^TrentService\./, '') ?? new URL(request.url).searchParams.get('Action') ?? '?';
    const li = document.createElement('li');
    li.dataset.action = action;
    li.textContent = `→ ${action}`;
    entries.set(requestId, li);
    // Follow the newest request, unless the person has scrolled up to read older ones.
    const following = list.scrollHeight - list.scrollTop - list.clientHeight < 8;
    list.append(li);
    while (list.children.length > MAX_ENTRIES) list.firstElementChild!.remove();
    if (following) list.scrollTop = list.scrollHeight;
    readArguments(copy).then(
      (args) => {
        const shown = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, shorten(v)]));
        li.dataset.params = JSON.stringify(shown);
        li.firstChild!.textContent = `→ ${action} ${JSON.stringify(shown)}`;
        if (following) list.scrollTop = list.scrollHeight;
      },
      () => (li.dataset.params = '{}'),
    );
  });
  worker.events.on('response:mocked', ({ response, requestId }) => {
    const li = entries.get(requestId);
    if (!li) return;
    entries.delete(requestId);
    readOutcome(response.clone()).then(
      (outcome) => {
        li.dataset.result = outcome;
        const following = list.scrollHeight - list.scrollTop - list.clientHeight < 8;
        li.append(` ← ${outcome}`);
        if (following) list.scrollTop = list.scrollHeight;
        if (outcome !== 'OK') li.className = 'refused';
      },
      () => (li.dataset.result = 'unreadable'),
    );
  });
}
