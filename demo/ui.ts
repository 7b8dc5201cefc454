// Small DOM helpers shared by the demo's modes: lookups, status lines, files in and out.
import { INPUT_LIMITS } from '../src/index.js';
import { toBase64 } from '../src/lib/bytes.js';
import { DemoError } from './messages.js';

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

export function say(el: HTMLElement, text: string, kind: 'ok' | 'error' | 'progress' | '' = ''): void {
  el.textContent = text;
  el.className = kind;
}

/**
 * A file as text: text files (PEM, base64, hex, a token) as they are; anything binary
 * (DER, raw material, a binary token) as base64, which every input here accepts. A file
 * larger than any of those (a PEM key file's cap, INPUT_LIMITS.keyText) is not read.
 */
export async function readInputFile(file: File): Promise<string> {
  if (file.size > INPUT_LIMITS.keyText) {
    throw new DemoError(`${file.name} is ${file.size} bytes: larger than any key, token or key material file this page reads (at most ${INPUT_LIMITS.keyText} bytes, INPUT_LIMITS.keyText). Nothing was read from it.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const printable = bytes.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
  return printable ? new TextDecoder().decode(bytes).trim() : toBase64(bytes);
}

export function toPem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${toBase64(der).replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

export interface DownloadFile {
  name: string;
  label: string;
  content: Uint8Array | string;
}

/**
 * Download links for files, replacing (and revoking) the links this list showed before.
 * Real <a download> links: keyboard and assistive technology see them as links to files.
 */
export class DownloadList {
  private urls: string[] = [];
  /** `onDownload`: called when one of its links is followed (a copy of generated material taken, say). */
  constructor(
    private readonly list: HTMLElement,
    private readonly onDownload?: (file: DownloadFile) => void,
  ) {}

  show(files: DownloadFile[]): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
    this.list.replaceChildren(
      ...files.map((f) => {
        const bytes = typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content;
        const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: typeof f.content === 'string' ? 'text/plain' : 'application/octet-stream' }));
        this.urls.push(url);
        const li = document.createElement('li');
        const a = Object.assign(document.createElement('a'), { href: url, download: f.name, textContent: f.name });
        a.dataset.bytes = String(bytes.length);
        if (this.onDownload) a.addEventListener('click', () => this.onDownload?.(f));
        li.append(a, ` — ${f.label} (${bytes.length} bytes)`);
        return li;
      }),
    );
  }
}

const leaveChecks: (() => boolean)[] = [];

/**
 * The browser's "leave this page?" prompt whenever a `pending()` says generated material
 * would be lost (nothing of it is stored: neither imported nor downloaded yet).
 */
export function warnBeforeLeaving(pending: () => boolean): void {
  leaveChecks.push(pending);
}

// Added when this module loads, before the mocked KMS starts: a window's listeners run in
// the order they were added, so this one runs before MSW's, and when it asks, the event
// stops here. MSW takes any beforeunload for the page closing and stops the mocked KMS,
// which would leave a person who chose "Stay on page" with a mock that no longer answers.
// (Not in the capture phase: Firefox would then run it before listeners added earlier, such
// as Vite's dev client, and stop them too.)
window.addEventListener('beforeunload', (ev) => {
  if (!leaveChecks.some((pending) => pending())) return;
  ev.preventDefault();
  // Browsers before the preventDefault() form (Safari < 17, Chrome < 119).
  ev.returnValue = '';
  ev.stopImmediatePropagation();
});
