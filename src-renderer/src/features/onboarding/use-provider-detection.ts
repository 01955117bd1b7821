// Suggests server settings once the address looks complete: accounts.detect runs in the core
// (built-in table, autoconfig, SRV, MX) and the answer fills only the fields the user left alone.
import { useEffect, useRef, useState } from 'react'
import type { DetectedSettings } from '../../../../src-preload/contract'
import { callCommand } from '../../api/call-command'
import { EMAIL_PATTERN } from './account-form-state'

/** Typing pauses this long before a lookup, so each keystroke does not start one. */
const SETTLE_MS = 400

export function useProviderDetection(email: string, apply: (detected: DetectedSettings) => void) {
  const [detected, setDetected] = useState<DetectedSettings | null>(null)
  const [detecting, setDetecting] = useState(false)
  // The latest apply, so a slow answer uses the form's current state, not the one it started with.
  const applyRef = useRef(apply)
  useEffect(() => {
    applyRef.current = apply
  })

  useEffect(() => {
    const address = email.trim()
    setDetected(null)
    if (!EMAIL_PATTERN.test(address)) return
    let current = true
    const timer = setTimeout(() => {
      setDetecting(true)
      void callCommand('accounts.detect', { email: address }).then((response) => {
        if (!current) return // the address changed meanwhile: this answer is stale
        setDetecting(false)
        // Detection is a convenience: a failure leaves the fields as they are, no error shown.
        if (!response.ok) return
        setDetected(response.value)
        applyRef.current(response.value)
      })
    }, SETTLE_MS)
    return () => {
      current = false
      clearTimeout(timer)
      setDetecting(false)
    }
  }, [email])

  return { detected, detecting }
}
