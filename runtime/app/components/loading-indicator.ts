/** `<SwerveLoadingIndicator>` (Nuxt's `<NuxtLoadingIndicator>`): a bar at the top of the page while a navigation loads. */
import { defineComponent, h, onBeforeUnmount, ref } from 'vue'
import { useRouter } from 'vue-router'

export const SwerveLoadingIndicator = /* @__PURE__ */ defineComponent({
  name: 'SwerveLoadingIndicator',
  props: {
    /** Milliseconds a navigation may take before the bar shows. */
    throttle: { type: Number, default: 200 },
    height: { type: Number, default: 3 },
    color: { type: [String, Boolean], default: 'repeating-linear-gradient(to right,#00dc82 0%,#34cdfe 50%,#0047e1 100%)' },
  },
  setup(props, { slots }) {
    const router = useRouter()
    const progress = ref(0)
    const shown = ref(false)
    let timer: ReturnType<typeof setTimeout> | undefined
    let step: ReturnType<typeof setInterval> | undefined
    const stop = () => {
      clearTimeout(timer)
      clearInterval(step)
    }
    const offStart = router.beforeEach(() => {
      stop()
      progress.value = 0
      timer = setTimeout(() => {
        shown.value = true
        step = setInterval(() => { progress.value = Math.min(90, progress.value + (100 - progress.value) / 10) }, 100)
      }, props.throttle)
    })
    const finish = () => {
      stop()
      progress.value = 100
      setTimeout(() => { shown.value = false }, 200)
    }
    const offEnd = router.afterEach(finish)
    const offError = router.onError(finish)
    onBeforeUnmount(() => {
      stop()
      offStart()
      offEnd()
      offError()
    })
    return () => h('div', {
      class: 'swerve-loading-indicator',
      style: {
        position: 'fixed', top: 0, left: 0, right: 0, pointerEvents: 'none', zIndex: 999999,
        height: `${props.height}px`, width: `${progress.value}%`, opacity: shown.value ? 1 : 0,
        background: props.color || undefined, transition: 'width 0.1s, opacity 0.4s',
      },
    }, slots.default?.())
  },
})
