// Everything the first inbox frame does not show is loaded on first use: the reading pane, the
// contact drawer, settings, the composer, onboarding. The code parsed before that frame is then
// the shell, the sidebar and the list (bench/inbox-paint-bench.ts measures it).
import { lazy, Suspense } from 'react'
import type { Account } from '../../../src-preload/contract'
import { useFocusBack } from '../components/use-focus-back'
import { ThreadPaneEmpty } from '../features/conversation-thread/ThreadPaneEmpty'
import { useCrmStore } from '../store/crm-store'
import { useUiStore } from '../store/ui-store'

const ConversationThreadPane = lazy(() =>
  import('../features/conversation-thread/ConversationThreadPane').then((m) => ({
    default: m.ConversationThreadPane
  }))
)
const ContactDrawer = lazy(() =>
  import('../features/contacts/ContactDrawer').then((m) => ({ default: m.ContactDrawer }))
)
const SettingsDialog = lazy(() =>
  import('../features/settings/SettingsDialog').then((m) => ({ default: m.SettingsDialog }))
)
const NewMessageDialog = lazy(() =>
  import('../features/composer/NewMessageDialog').then((m) => ({ default: m.NewMessageDialog }))
)
const OnboardingPage = lazy(() =>
  import('../features/onboarding/OnboardingPage').then((m) => ({ default: m.OnboardingPage }))
)

/** The reading pane; while its code loads, the pane's frame stands in for it. */
export function LazyThreadPane() {
  const open = useUiStore((state) => state.openThreadId !== null)
  if (!open) return <ThreadPaneEmpty />
  return (
    <Suspense fallback={<section className="thread-pane" aria-busy="true" />}>
      <ConversationThreadPane />
    </Suspense>
  )
}

export function LazyContactDrawer() {
  const open = useCrmStore((state) => state.contactId !== null)
  if (!open) return null
  return (
    <Suspense fallback={null}>
      <ContactDrawer />
    </Suspense>
  )
}

export function LazySettingsDialog() {
  // Settings' button gets focus back when it closes (the dialog's own code may load after the
  // panes behind it turned inert and dropped the focus).
  useFocusBack()
  return (
    <Suspense fallback={null}>
      <SettingsDialog />
    </Suspense>
  )
}

export function LazyNewMessageDialog({ accounts }: { accounts: Account[] }) {
  // As for Settings: read in the dialog's own code, the opener (New message, clicked) had already
  // lost focus to the inert panes, and closing the dialog left focus on the page.
  useFocusBack()
  return (
    <Suspense fallback={null}>
      <NewMessageDialog accounts={accounts} />
    </Suspense>
  )
}

export function LazyOnboardingPage(props: { onAccountAdded: () => void; inert?: boolean }) {
  return (
    <Suspense fallback={null}>
      <OnboardingPage {...props} />
    </Suspense>
  )
}
