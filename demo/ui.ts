// Small DOM helpers shared by the demo's modes.
import { toBase64 } from '../src/lib/bytes.js';

export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export function say(el: HTMLElement, text: string, kind: 'ok' | 'error' | '' = ''): void {
  el.textContent = text;
  el.className = kind;
}

/** A key file as text: PEM stays PEM; anything binary (DER, raw material) becomes base64. */
export async function readMaterialFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  return text.includes('-----BEGIN') ? text : toBase64(bytes);
}
