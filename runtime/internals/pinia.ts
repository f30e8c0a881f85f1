/**
 * Pinia's stores by id, `pinia._s`, an internal Map: written for the versions in
 * runtime/internals/versions.ts (test/internals-range.test.ts runs it on the lowest and highest).
 */

/** The part of a Pinia instance this reads. */
export interface PiniaStores {
  state: { value: Record<string, unknown> }
  _s: Map<string, { $patch: (state: unknown) => void }>
}

/**
 * Puts saved states back: a store already made is patched (its refs stay the ones the page
 * holds), any other gets its state for when it is made.
 */
export function restoreStoreStates(pinia: PiniaStores, states: Record<string, unknown>): void {
  for (const [id, state] of Object.entries(states)) {
    const store = pinia._s.get(id)
    if (store) store.$patch(state)
    else pinia.state.value[id] = state
  }
}
