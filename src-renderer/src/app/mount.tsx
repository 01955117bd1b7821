// Mounts the app: loaded by the boot entry (main.tsx) after it sent the first screen's queries.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { installDataEpochTriggers } from '../api/data-epoch'
import { followMailtoLinks } from '../features/composer/mailto-compose'
import { followThreadMerges } from '../features/conversations/follow-thread-merges'
import { startDrafts } from '../features/drafts/start-drafts'
import { initI18n } from '../i18n/i18n'
import { App } from './App'
import './theme.css'

export async function mount(): Promise<void> {
  await initI18n()
  installDataEpochTriggers()
  // Before the app subscribes to anything: see startDrafts on workspace switches.
  startDrafts()
  // After the drafts: a reply moved by a merge is in place when the pane follows it.
  followThreadMerges()
  followMailtoLinks()
  const root = document.getElementById('root')
  if (!root) throw new Error('index.html has no #root element')
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>
  )
}
