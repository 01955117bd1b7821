import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { installDataEpochTriggers } from './api/data-epoch'
import { App } from './app/App'
import { initI18n } from './i18n/i18n'
import './app/theme.css'

initI18n()
installDataEpochTriggers()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
