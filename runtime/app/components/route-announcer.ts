/**
 * `<NuxtRouteAnnouncer>`: a visually hidden `aria-live` region that reads the page's
 * title after each client navigation (`useRouteAnnouncer`), for screen readers.
 */
import { defineComponent, h, type PropType } from 'vue'
import { useRouteAnnouncer, type Politeness } from '../composables/route-announcer.ts'

const hidden = {
  position: 'absolute', width: '1px', height: '1px', padding: '0', margin: '-1px', overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)', whiteSpace: 'nowrap', border: '0',
}

export const SwerveRouteAnnouncer = /* @__PURE__ */ defineComponent({
  name: 'NuxtRouteAnnouncer',
  props: {
    atomic: { type: Boolean, default: false },
    politeness: { type: String as PropType<Politeness>, default: 'polite' },
  },
  setup(props, { slots }) {
    const { message, politeness } = useRouteAnnouncer({ politeness: props.politeness })
    return () => h('span', { class: 'nuxt-route-announcer', style: hidden }, [
      h('span', { 'role': 'alert', 'aria-live': politeness.value, 'aria-atomic': props.atomic }, slots.default ? slots.default({ message: message.value }) : message.value),
    ])
  },
})
