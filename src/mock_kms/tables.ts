// Objects read or written with names a request (or stored state) supplies: action names,
// enumerated values, tag keys. An object literal inherits "__proto__", "constructor",
// "toString"… from Object.prototype, so `TABLE[name]` finds a function or the prototype
// itself, and `tags["__proto__"] = v` is lost (outside review, round 3: M1, L1). These
// objects have no prototype: every name is an own key or absent.

/** `rows` as a frozen lookup table without a prototype. */
export function table<K extends string, T>(rows: Readonly<Record<K, T>>): Readonly<Record<K, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<K, T>, rows));
}

/** A mutable name → value map (tags) without a prototype: "__proto__" is stored like any other key. */
export function nameMap<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}
