// How long a search may be, for the contract, the core's parser and the UI's explanations alike.
// Without zod, so the renderer can import it without pulling the contract's schemas into its bundle.

/** Characters a query may have; a longer one is refused before it is parsed. */
export const MAX_QUERY_LENGTH = 1000

/** Words and operators a query may have: each is a condition on every candidate row. */
export const MAX_QUERY_TERMS = 64
