/**
 * `<SwerveLink>` (Nuxt's `<NuxtLink>`): a `<RouterLink>` for the app's own pages,
 * which loads the page's code ahead of the click (when the link is visible, or
 * hovered); a plain `<a>` for external links, with `rel="noopener noreferrer"`.
 */
import { camelize, normalizeClass, defineComponent, h, onBeforeUnmount, onMounted, ref, type ExtractPropTypes, type PropType, type Slots, type VNodeRef } from 'vue'
import { RouterLink, useLink, useRouter, type RouteLocationRaw, type Router } from 'vue-router'
import { tryUseApp } from '../context.ts'
import { pageOf } from '../page.ts'

const EXTERNAL = /^([a-z][a-z\d+.-]*:|\/\/)/i

/** Page chunks already asked for, by route path. */
const prefetched = new Set<string>()

const linkProps = {
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
}

type LinkProps = ExtractPropTypes<typeof linkProps>

const destinationOf = (props: LinkProps) => props.to ?? props.href ?? ''

/** Nuxt's reading: a link to nowhere (`''`, neither `to` nor `href`) is external, with no `href` at all. */
function isExternalLink(props: LinkProps): boolean {
  const to = destinationOf(props)
  return props.external || to === '' || (typeof to === 'string' && EXTERNAL.test(to)) || (!!props.target && props.target !== '_self')
}

/**
 * What a link renders, on either side: a `<RouterLink>` for the app's pages, an `<a>`
 * (or the `custom` slot) for others. `client`: the element's ref and the prefetch handlers.
 */
function renderLink(props: LinkProps, attrs: Record<string, unknown>, slots: Slots, router: Router, client?: { ref: VNodeRef } & Record<string, unknown>) {
  const to = destinationOf(props)
  const external = isExternalLink(props)
  const rel = props.noRel ? undefined : props.rel ?? (external && to !== '' ? 'noopener noreferrer' : undefined)
  if (external) {
    const href = typeof to === 'string' ? to : router.resolve(to).href
    if (props.custom) return slots.default?.({ href, navigate: () => {}, isActive: false, isExactActive: false, route: undefined, rel, target: props.target, isExternal: true })
    return h('a', { ...attrs, ref: client?.ref, href: href || undefined, rel, target: props.target }, slots.default?.())
  }
  return h(RouterLink, {
    ...attrs,
    ...client,
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

/** In the page: the link watches its element and loads its page's code ahead. */
export const ClientLink = /* @__PURE__ */ defineComponent({
  name: 'SwerveLink',
  inheritAttrs: false,
  props: linkProps,
  setup(props, { slots, attrs }) {
    const router = useRouter()
    // Without a swerve app (a Vue app of its own, test/link.test.ts) there is no page to watch links in.
    const app = tryUseApp()
    const element = ref<object & { $el?: object }>()

    function prefetch(): void {
      if (isExternalLink(props)) return
      const route = router.resolve(destinationOf(props))
      if (prefetched.has(route.path)) return
      prefetched.add(route.path)
      for (const record of route.matched) void (record.meta.load as (() => Promise<unknown>) | undefined)?.().catch(() => prefetched.delete(route.path))
    }

    const mode = () => props.noPrefetch || props.prefetch === false ? false : props.prefetch === 'interaction' ? 'interaction' : 'visible'
    let stop = () => {}
    onMounted(() => {
      if (!app || mode() !== 'visible' || isExternalLink(props)) return
      // A RouterLink's element, or the <a> itself.
      const el = element.value?.$el ?? element.value
      if (el && (el as { nodeType?: number }).nodeType === 1) {
        // The page's observer: a link that scrolls into view loads its page's code.
        const page = pageOf(app)
        stop = page.onVisible(el, () => page.whenIdle(prefetch))
      }
    })
    onBeforeUnmount(() => stop())

    return () => renderLink(props, attrs, slots, router, { ref: element, ...(mode() ? { onPointerenter: prefetch, onFocus: prefetch } : {}) })
  },
})

/**
 * On the server: the same markup from a function, without a component of its own or a
 * `<RouterLink>` inside. A server renders a document per request, and links are most of
 * its components: this made a Node host's renders 13–18% faster (docs/performance.md).
 * test/link.test.ts holds it to the page's link, whose markup it must be to hydrate.
 */
export const ServerLink = /* @__PURE__ */ Object.assign((_: unknown, { attrs, slots }: { attrs: Record<string, unknown>, slots: Slots }) => {
  const props = {} as LinkProps
  const rest: Record<string, unknown> = {}
  for (const key in attrs) {
    const name = camelize(key)
    const type = linkProps[name as keyof typeof linkProps]
    // Cast as Vue casts a prop: a Boolean one is true when present (`external`, `no-rel=""`).
    if (!type) rest[key] = attrs[key]
    else (props as Record<string, unknown>)[name] = type === Boolean ? attrs[key] === '' || !!attrs[key] : attrs[key]
  }
  const router = useRouter()
  return props.custom || isExternalLink(props) ? renderLink(props, rest, slots, router) : renderAnchor(props, rest, slots, router)
}, { displayName: 'SwerveLink', inheritAttrs: false })

/** A page's link as `<RouterLink>` renders it: its classes and `aria-current`, then the attributes it falls through. */
function renderAnchor(props: LinkProps, attrs: Record<string, unknown>, slots: Slots, router: Router) {
  const link = useLink({ to: destinationOf(props), replace: props.replace })
  const { options } = router
  const isActive = link.isActive.value
  const isExactActive = link.isExactActive.value
  const href = link.href.value
  const { class: className, ...others } = attrs
  const rel = props.noRel ? undefined : props.rel
  const children = slots.default?.({ route: link.route.value, href, isActive, isExactActive, navigate: link.navigate })
  return h('a', {
    'aria-current': isExactActive ? props.ariaCurrentValue ?? 'page' : null,
    href,
    'class': normalizeClass([{
      [props.activeClass ?? options.linkActiveClass ?? 'router-link-active']: isActive,
      [props.exactActiveClass ?? options.linkExactActiveClass ?? 'router-link-exact-active']: isExactActive,
    }, className]),
    ...others,
    ...(props.target ? { target: props.target } : {}),
    ...(rel ? { rel } : {}),
  }, children?.length === 1 ? children[0] : children)
}

export const SwerveLink = (import.meta.server ? ServerLink : ClientLink) as typeof ClientLink
