import { getIntrospectionQuery } from 'graphql';

/** GraphiQL's introspection query at its largest (every option on, nine `ofType` levels). */
export const FULL_INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});

/** The introspection query of the shared conformance checks (01-basics). */
export const CONFORMANCE_INTROSPECTION = `query {
  __schema {
    queryType { name } mutationType { name }
    types { name kind
      fields(includeDeprecated: true) { name args { name defaultValue type { ...T } } type { ...T } }
      enumValues(includeDeprecated: true) { name }
    }
    directives { name args { name type { ...T } } }
  }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

/** What a tool asks of one type with `__type` (not covered by an exemption for `__schema`). */
export const TYPE_INTROSPECTION = `query {
  __type(name: "User") {
    name kind
    fields { name args { name type { ...TypeRef } } type { ...TypeRef } }
  }
}
fragment TypeRef on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`;

/** Real queries of the schema: the limits must let every one of them through. */
export const REAL_QUERIES: Readonly<Record<string, string>> = {
  dashboard: `query Dashboard {
    dashboard {
      profile { id name email }
      recentOrders { id status total createdAt items { productId name quantity unitPrice } user { id name } }
      cart { items { productId name quantity unitPrice } itemCount subtotal }
    }
  }`,
  'every order field, 50 orders': `query($id: ID!) {
    user(id: $id) { id name email cart { itemCount subtotal items { productId name quantity unitPrice } }
      orders(limit: 50) { id status total createdAt items { productId name quantity unitPrice } user { id name email } } }
  }`,
  'orders with a variable limit': `query($limit: Int) { me { orders(limit: $limit) { id status total createdAt items { productId name quantity unitPrice } } } }`,
  'order with its user': `query($order: ID!) { order(id: $order) { id status total createdAt items { productId name quantity unitPrice } user { id name email orders(limit: 10) { id status } } } }`,
  'aliases and fragments': `query {
    mine: me { ...Person }
    first: user(id: "u1") { ...Person }
    second: user(id: "u2") { id name }
    dashboard { recentOrders { ...OrderFields } cart { itemCount } }
  }
  fragment Person on User { id name }
  fragment OrderFields on Order { id status total items { productId quantity } }`,
  addToCart: `mutation($p: ID!) { addToCart(productId: $p, name: "Mug", quantity: 2, unitPrice: 1250) { itemCount subtotal items { productId name quantity unitPrice } } }`,
  checkout: `mutation($k: String!) { checkout(idempotencyKey: $k) { id status total createdAt items { productId name quantity unitPrice } user { id } } }`,
};

/** `me { orders { user { orders { … } } } }` with `levels` orders/user pairs: depth 2 × levels + 2. */
export function nestedOrders(levels: number, limit = 1): string {
  let inner = 'id';
  for (let i = 0; i < levels; i += 1) inner = `orders(limit: ${limit}) { user { ${inner} } }`;
  return `{ me { ${inner} } }`;
}

/** The same nesting hidden in a chain of fragments: each fragment adds one orders/user level. */
export function nestedOrdersInFragments(levels: number, limit = 1): string {
  const fragments = Array.from({ length: levels + 1 }, (_, i) =>
    i === levels ? `fragment F${i} on User { id }` : `fragment F${i} on User { orders(limit: ${limit}) { user { ...F${i + 1} } } }`,
  );
  return `{ me { ...F0 } }\n${fragments.join('\n')}`;
}
