/**
 * `<SwerveLink>` (Nuxt's `<NuxtLink>`): a `<RouterLink>` for the app's own pages,
 * which loads the page's code ahead of the click (when the link is visible, or
 * hovered); a plain `<a>` for external links, with `rel="noopener noreferrer"`.
 */
import { defineComponent, h, onBeforeUnmount, onMounted, ref, type PropType } from 'vue'
import { RouterLink, useRouter, type RouteLocationRaw } from 'vue-router'

const EXTERNAL = /^([a-z][a-z\d+.-]*:|\/\/)/i

/** Page chunks already asked for, by route path. */
const prefetched = new Set<string>()

/** The page's IntersectionObserver, read loosely: runtime/ names no DOM global. */
interface Observer { observe: (target: object) => void, unobserve: (target: object) => void }
type ObserverConstructor = new (callback: (entries: { isIntersecting: boolean, target: object }[]) => void) => Observer
const page = globalThis as unknown as { IntersectionObserver?: ObserverConstructor, requestIdleCallback?: (fn: () => void) => void }

/** One observer for every link on the page: a link that scrolls into view loads its page's code. */
let observer: Observer | undefined
const onVisible = new WeakMap<object, () => void>()
function observe(element: object, callback: () => void): () => void {
  const Observer = page.IntersectionObserver
  if (!Observer) return () => {}
  observer ??= new Observer((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue
      onVisible.get(entry.target)?.()
      observer!.unobserve(entry.target)
    }
  })
  onVisible.set(element, callback)
  observer.observe(element)
  return () => observer!.unobserve(element)
}

export const SwerveLink = /* @__PURE__ */ defineComponent({
  name: 'SwerveLink',
  inheritAttrs: false,
  props: {
    to: [String, Object] as PropType<RouteLocationRaw>,
    href: [String, Object] as PropType<RouteLocationRaw>,
    /** Always a plain `<a>`: the browser loads the URL. */
    external: Boolean,
    target: String,
    rel: String,
    noRel: Boolean,
    /** Load the page's code ahead: `visible` (default) or on `interaction` (hover, focus); false: never. */
    prefetch: { type: [Boolean, String] as PropType<boolean | 'visible' | 'interaction'>, default: undefined },
    noPrefetch: Boolean,
    replace: Boolean,
    activeClass: String,
    exactActiveClass: String,
    ariaCurrentValue: String as PropType<'page' | 'step' | 'location' | 'date' | 'time' | 'true' | 'false'>,
    custom: Boolean,
  },
  setup(props, { slots, attrs }) {
    const router = useRouter()
    const element = ref<object & { $el?: object }>()
    const destination = () => props.to ?? props.href ?? ''
    const isExternal = () => {
      const to = destination()
      return props.external || (typeof to === 'string' && EXTERNAL.test(to)) || (!!props.target && props.target !== '_self')
    }

    function prefetch(): void {
      if (isExternal()) return
      const route = router.resolve(destination())
      if (prefetched.has(route.path)) return
      prefetched.add(route.path)
      for (const record of route.matched) void (record.meta.load as (() => Promise<unknown>) | undefined)?.().catch(() => prefetched.delete(route.path))
    }

    const mode = () => props.noPrefetch || props.prefetch === false ? false : props.prefetch === 'interaction' ? 'interaction' : 'visible'
    let stop = () => {}
    onMounted(() => {
      if (mode() !== 'visible' || isExternal()) return
      // A RouterLink's element, or the <a> itself.
      const el = element.value?.$el ?? element.value
      if (el && (el as { nodeType?: number }).nodeType === 1) stop = observe(el, () => (page.requestIdleCallback ?? setTimeout)(prefetch))
    })
    onBeforeUnmount(() => stop())

    return () => {
      const to = destination()
      const rel = props.noRel ? undefined : props.rel ?? (isExternal() ? 'noopener noreferrer' : undefined)
      const interaction = mode() ? { onPointerenter: prefetch, onFocus: prefetch } : {}
      if (isExternal()) {
        const href = typeof to === 'string' ? to : router.resolve(to).href
        if (props.custom) return slots.default?.({ href, navigate: () => {}, isActive: false, isExactActive: false, route: undefined, rel, target: props.target, isExternal: true })
        return h('a', { ...attrs, ref: element, href, rel, target: props.target }, slots.default?.())
      }
      return h(RouterLink, {
        ...attrs,
        ...interaction,
        ref: element,
        to,
        replace: props.replace,
        custom: props.custom,
        activeClass: props.activeClass,
        exactActiveClass: props.exactActiveClass,
        ariaCurrentValue: props.ariaCurrentValue,
        ...(props.target ? { target: props.target } : {}),
        ...(rel ? { rel } : {}),
      }, slots)
    }
  },
})
