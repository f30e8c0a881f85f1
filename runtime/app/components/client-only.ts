/** `<ClientOnly>`: its slot renders in the page only, after hydration; the server renders `#fallback`. */
import { defineComponent, h, onMounted, shallowRef, type Component } from 'vue'
import { tryUseApp } from '../context.ts'

export const ClientOnly = /* @__PURE__ */ defineComponent({
  name: 'ClientOnly',
  inheritAttrs: false,
  props: {
    /** Text rendered in place of the slot until it is mounted (or use `#fallback`). */
    fallback: String,
    placeholder: String,
    /** The element around that text (default `span`). */
    fallbackTag: String,
    placeholderTag: String,
  },
  setup(props, { slots, attrs }) {
    // A client navigation renders the slot at once: only hydration must match the server's HTML.
    const mounted = shallowRef(import.meta.client && !tryUseApp()?.isHydrating)
    onMounted(() => { mounted.value = true })
    return () => {
      if (mounted.value) return slots.default?.(attrs)
      const slot = slots.fallback ?? slots.placeholder
      if (slot) return slot(attrs)
      const text = props.fallback ?? props.placeholder
      const tag = props.fallbackTag ?? props.placeholderTag
      return text !== undefined || tag ? h(tag ?? 'span', attrs, text ?? '') : null
    }
  },
})

/** A `.client.vue` component: `component` inside `<ClientOnly>`, with its attributes and slots. */
export function createClientOnly(component: Component): Component {
  return defineComponent({
    name: `ClientOnly${(component as { name?: string, __name?: string }).name ?? (component as { __name?: string }).__name ?? ''}`,
    inheritAttrs: false,
    setup(_, { attrs, slots }) {
      return () => h(ClientOnly, null, { default: () => h(component, attrs, slots) })
    },
  })
}
