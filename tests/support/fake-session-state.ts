// What a fake imapflow session needs for sessionOpen (imap-session.ts): whether its socket is
// open (`usable`) and its connection state, with imapflow's own state values.
const STATES = { NOT_AUTHENTICATED: 1, AUTHENTICATED: 2, SELECTED: 3, LOGOUT: 4 } as const

/** A live session with a folder selected. */
export const openSessionState = () => ({ usable: true, states: STATES, state: STATES.SELECTED as number })

/** A session the server ended with BYE whose socket has not closed yet: still `usable`. */
export const byeSessionState = () => ({
  usable: true,
  states: STATES,
  state: STATES.LOGOUT as number,
  byeReason: 'Server shutting down.'
})

/** A session whose socket has closed. */
export const closedSessionState = () => ({ usable: false, states: STATES, state: STATES.LOGOUT as number })
