/**
 * `<SwerveLoadingIndicator>` (Nuxt's `<NuxtLoadingIndicator>`): a bar at the top of the page while a
 * navigation loads, drawn from the app's `useLoadingIndicator()` state, as Nuxt's component is.
 */
import { defineComponent, h } from 'vue'
import { useLoadingIndicator } from '../composables/loading-indicator.ts'

export const SwerveLoadingIndicator = /* @__PURE__ */ defineComponent({
  name: 'SwerveLoadingIndicator',
  props: {
    /** Milliseconds a navigation may take before the bar shows. */
    throttle: { type: Number, default: 200 },
    /** Milliseconds the estimated progress takes to reach 100. */
    duration: { type: Number, default: 2000 },
    height: { type: Number, default: 3 },
    color: { type: [String, Boolean], default: 'repeating-linear-gradient(to right,#00dc82 0%,#34cdfe 50%,#0047e1 100%)' },
  },
  setup(props, { slots }) {
    const { progress, isLoading } = useLoadingIndicator({ throttle: props.throttle, duration: props.duration })
    return () => h('div', {
      class: 'swerve-loading-indicator',
      style: {
        position: 'fixed', top: 0, left: 0, right: 0, pointerEvents: 'none', zIndex: 999999,
        height: `${props.height}px`, width: `${progress.value}%`, opacity: isLoading.value ? 1 : 0,
        background: props.color || undefined, transition: 'width 0.1s, opacity 0.4s',
      },
    }, slots.default?.())
  },
})
