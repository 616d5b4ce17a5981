import { badUserInput } from '../errors/gateway-error.js';
import type { LineItem } from '../upstream/shapes.js';

export const MAX_ID_LENGTH = 128;
export const MAX_NAME_LENGTH = 200;
export const MAX_QUANTITY = 10_000;
export const MAX_UNIT_PRICE = 100_000_000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

function text(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badUserInput(`${field} must not be empty`);
  if (value.length > max) throw badUserInput(`${field} must be at most ${max} characters`);
  return value;
}

function whole(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badUserInput(`${field} must be an integer from ${min} to ${max}`);
  return value;
}

/** addToCart's arguments → a valid line item, or BAD_USER_INPUT before any service is called. */
export function parseLineItemInput(args: { productId: string; name: string; quantity: number; unitPrice: number }): LineItem {
  return {
    productId: text('productId', args.productId, MAX_ID_LENGTH),
    name: text('name', args.name, MAX_NAME_LENGTH),
    quantity: whole('quantity', args.quantity, 1, MAX_QUANTITY),
    unitPrice: whole('unitPrice', args.unitPrice, 0, MAX_UNIT_PRICE),
  };
}

export const parseProductId = (productId: string): string => text('productId', productId, MAX_ID_LENGTH);

export const parseIdempotencyKey = (key: string): string => text('idempotencyKey', key, MAX_IDEMPOTENCY_KEY_LENGTH);
