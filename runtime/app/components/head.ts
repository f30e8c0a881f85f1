/**
 * Head tags as components, as Nuxt has them: `<Title>`, `<Meta>`, `<Link>`, `<Style>`,
 * `<Base>`, `<NoScript>`, `<Html>`, `<Body>`, and `<Head>` around them. Each keeps one
 * unhead entry up to date with its attributes and text. `<Html>`, `<Body>` and `<Head>`
 * render their slot, so the tags (and markup) inside them take effect.
 */
import { defineComponent, reactive, type VNode } from 'vue'
import { useHead } from '@unhead/vue'

/** The text of a slot's nodes (`<Title>Hello {{ name }}</Title>`). */
function textOf(nodes: VNode[] | undefined): string | undefined {
  if (!nodes) return undefined
  return nodes.map(node => typeof node.children === 'string' ? node.children : Array.isArray(node.children) ? textOf(node.children as VNode[]) ?? '' : '').join('')
}

type ToInput = (attrs: Record<string, unknown>, text: string | undefined) => Record<string, unknown>

/** `renders`: the component renders its slot (`<Html>`, `<Body>`); the others render nothing. */
function headComponent(name: string, toInput: ToInput, renders = false) {
  return defineComponent({
    name,
    inheritAttrs: false,
    setup(_, { attrs, slots }) {
      const input = reactive<Record<string, unknown>>({})
      useHead(input)
      // Rendering fills the entry: the server renders the head after the body.
      return () => {
        const children = slots.default?.()
        const next = toInput({ ...attrs }, renders ? undefined : textOf(children))
        for (const key of Object.keys(input)) if (!(key in next)) delete input[key]
        Object.assign(input, next)
        return renders ? children : null
      }
    },
  })
}

const tag = (type: string, textKey?: string): ToInput => (attrs, text) =>
  ({ [type]: [{ ...attrs, ...(textKey && text ? { [textKey]: text } : {}) }] })

export const Title = /* @__PURE__ */ headComponent('Title', (_, text) => text === undefined ? {} : { title: text })
export const Meta = /* @__PURE__ */ headComponent('Meta', tag('meta'))
export const Link = /* @__PURE__ */ headComponent('Link', tag('link'))
export const Style = /* @__PURE__ */ headComponent('Style', tag('style', 'textContent'))
export const Base = /* @__PURE__ */ headComponent('Base', attrs => ({ base: attrs }))
export const NoScript = /* @__PURE__ */ headComponent('NoScript', tag('noscript', 'textContent'))
export const Html = /* @__PURE__ */ headComponent('Html', attrs => ({ htmlAttrs: attrs }), true)
export const Body = /* @__PURE__ */ headComponent('Body', attrs => ({ bodyAttrs: attrs }), true)

/** `<Head>`: a place for the others; renders its slot. */
export const Head = /* @__PURE__ */ defineComponent({
  name: 'Head',
  setup: (_, { slots }) => () => slots.default?.(),
})
