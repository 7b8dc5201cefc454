// Parameters as each cloud's API reference declares them — type, required, bounds,
// enumerated values — checked against a request before any handler runs (issue 13:
// "every numeric and enumerated parameter is range-checked with the documented code").
import { fromBase64 } from '../../lib/bytes.js';
import { fail } from '../kms_error.js';

interface Common {
  required?: boolean;
  /** The cloud's own error code for a bad value of this parameter, when it documents one. */
  code?: string;
}
export type Param =
  | (Common & { type: 'string'; min?: number; max?: number; pattern?: RegExp; values?: readonly string[] })
  | (Common & { type: 'integer'; min?: number; max?: number })
  | (Common & { type: 'boolean' })
  /** Base64 text; min/max bound the decoded bytes. */
  | (Common & { type: 'base64'; min?: number; max?: number })
  /** A list of strings: a JSON array (JSON wires) or a JSON array in a string (RPC). */
  | (Common & { type: 'strings'; min?: number; max?: number; item?: { max?: number; pattern?: RegExp; values?: readonly string[] } })
  /** A JSON object or an array of objects: native on the JSON wires (text there is the wrong type), JSON text on RPC. */
  | (Common & { type: 'json'; max?: number });

export type Params = Readonly<Record<string, Param>>;

/** How a wire carries values: JSON (Tencent, AWS) types them; RPC (Alibaba) sends every value as text. */
export type WireKind = 'json' | 'rpc';

export type Value = string | number | boolean | Uint8Array | string[] | unknown;

const invalid = (name: string, why: string, p: Param): never => fail('InvalidParameter', `the value of ${name} is invalid: ${why}`, undefined, p.code);
/** The wrong type or format: the cloud's code for a malformed parameter (Tencent InvalidParameter, not ...Value). */
const malformed = (name: string, why: string): never => fail('MalformedParameter', `the parameter ${name} is malformed: ${why}`);

/** Checks `raw` against `params`; returns the values, typed, for the handler. */
export function readParams(raw: Record<string, unknown>, params: Params, wire: WireKind): Args {
  const out: Record<string, Value> = {};
  for (const [name, p] of Object.entries(params)) {
    const v = raw[name];
    if (v === undefined || v === null || (wire === 'rpc' && v === '')) {
      if (p.required) fail('MissingParameter', `the required parameter ${name} is missing`);
      continue;
    }
    out[name] = coerce(name, v, p, wire);
  }
  return new Args(out);
}

function coerce(name: string, v: unknown, p: Param, wire: WireKind): Value {
  switch (p.type) {
    case 'string': {
      if (typeof v !== 'string') return malformed(name, 'a string is expected');
      if (p.values && !p.values.includes(v)) return invalid(name, `expected one of ${p.values.join(', ')}`, p);
      if (p.min !== undefined && v.length < p.min) return invalid(name, `at least ${p.min} characters`, p);
      if (p.max !== undefined && v.length > p.max) return invalid(name, `at most ${p.max} characters`, p);
      if (p.pattern && !p.pattern.test(v)) return invalid(name, 'it does not have the documented format', p);
      return v;
    }
    case 'integer': {
      const n = typeof v === 'number' ? v : wire === 'rpc' && typeof v === 'string' && /^-?\d{1,16}$/.test(v) ? Number(v) : Number.NaN;
      if (!Number.isSafeInteger(n)) return malformed(name, 'an integer is expected');
      if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) return invalid(name, `it must be between ${p.min ?? '-∞'} and ${p.max ?? '∞'}`, p);
      return n;
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      if (wire === 'rpc' && (v === 'true' || v === 'false')) return v === 'true';
      return malformed(name, 'true or false is expected');
    }
    case 'base64': {
      if (typeof v !== 'string') return malformed(name, 'base64 text is expected');
      const max = p.max ?? 65_536;
      if (v.length > Math.ceil(max / 3) * 4 + 8) return invalid(name, `at most ${max} bytes`, p);
      const bytes = fromBase64(v) ?? malformed(name, 'it is not base64');
      if (bytes.length > max || (p.min !== undefined && bytes.length < p.min)) return invalid(name, `it must decode to ${p.min ?? 1}–${max} bytes`, p);
      return bytes;
    }
    case 'strings': {
      const list = wire === 'rpc' && typeof v === 'string' ? parseJson(name, v) : v;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) return malformed(name, 'a list of strings is expected');
      if ((p.min !== undefined && list.length < p.min) || (p.max !== undefined && list.length > p.max)) return invalid(name, `it must hold ${p.min ?? 0}–${p.max ?? '∞'} items`, p);
      for (const x of list as string[]) {
        if ((p.item?.max !== undefined && x.length > p.item.max) || (p.item?.pattern && !p.item.pattern.test(x)) || (p.item?.values && !p.item.values.includes(x))) {
          return invalid(name, 'an item does not have the documented format', p);
        }
      }
      return list as string[];
    }
    case 'json': {
      // RPC carries every value as text. The JSON wires type a map or list member as such: JSON
      // text in its place is a value of the wrong type (AWS JSON 1.1: SerializationException).
      // Parameters a cloud defines as text holding JSON (Tencent EncryptionContext) are 'string'.
      if (wire === 'rpc') {
        if (typeof v !== 'string') return malformed(name, 'JSON text is expected');
        if (p.max !== undefined && v.length > p.max) return invalid(name, `at most ${p.max} characters`, p);
        return parseJson(name, v);
      }
      if (typeof v !== 'object') return malformed(name, 'an object or a list is expected');
      return v;
    }
  }
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return malformed(name, 'it is not valid JSON');
  }
}

/** The checked values of one request, read by name in a handler. */
export class Args {
  constructor(readonly values: Readonly<Record<string, Value>>) {}
  has(name: string): boolean {
    return this.values[name] !== undefined;
  }
  str(name: string): string {
    return this.values[name] as string;
  }
  optStr(name: string): string | undefined {
    return this.values[name] as string | undefined;
  }
  int(name: string): number {
    return this.values[name] as number;
  }
  optInt(name: string): number | undefined {
    return this.values[name] as number | undefined;
  }
  bool(name: string): boolean | undefined {
    return this.values[name] as boolean | undefined;
  }
  bytes(name: string): Uint8Array {
    return this.values[name] as Uint8Array;
  }
  optBytes(name: string): Uint8Array | undefined {
    return this.values[name] as Uint8Array | undefined;
  }
  strings(name: string): string[] | undefined {
    return this.values[name] as string[] | undefined;
  }
  json(name: string): unknown {
    return this.values[name];
  }
}
