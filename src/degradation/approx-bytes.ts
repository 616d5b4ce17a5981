/** Rough per-property cost of a kept object (V8 header, hidden class share, pointer). */
const SLOT_BYTES = 16;

/**
 * A cheap estimate of the heap a parsed JSON value holds: strings by length, everything else by
 * slots. No serialisation and no allocation (for...in, not Object.keys); upstream values are small trees.
 */
export function approxBytes(value: unknown): number {
  if (typeof value === 'string') return SLOT_BYTES + value.length * 2;
  if (typeof value !== 'object' || value === null) return SLOT_BYTES / 2;
  let bytes = SLOT_BYTES;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) bytes += approxBytes(value[i]);
    return bytes;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) bytes += SLOT_BYTES + approxBytes(record[key]);
  return bytes;
}
