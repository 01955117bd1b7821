import './components.css'

/** A small decorative spinner; the surrounding text says what is happening. */
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />
}
