import type { OrderItem } from './types.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/** `{productId, name, quantity ≥ 1, unitPrice ≥ 0}` (integers, non-empty strings), extra fields dropped. */
export function parseItem(value: unknown): OrderItem | undefined {
  if (!isRecord(value)) return undefined;
  const { productId, name, quantity, unitPrice } = value;
  if (!isText(productId) || !isText(name) || !isCount(quantity, 1) || !isCount(unitPrice, 0)) return undefined;
  return { productId, name, quantity, unitPrice };
}

/** A non-empty array of valid items, or undefined. */
export function parseItems(value: unknown): OrderItem[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const items: OrderItem[] = [];
  for (const entry of value) {
    const item = parseItem(entry);
    if (!item) return undefined;
    items.push(item);
  }
  return items;
}
