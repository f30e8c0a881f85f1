/**
 * A Request whose headers may hold what a browser forbids on a Request
 * (`Cookie`): browsers drop such headers when a Request is built, but a
 * standalone Headers keeps them. The pipeline reads the headers given here;
 * nothing of it reaches the network.
 */
export function withHeaders<T extends Request>(request: T, headers: Headers): T {
  return new Proxy(request, {
    get(target, property) {
      if (property === 'headers') return headers
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** Methods that change something: refused cross-site, sent with an Idempotency-Key, run once in the worker. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
