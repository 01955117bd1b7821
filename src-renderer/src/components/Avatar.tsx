import { initials } from '../features/people/initials'
import './crm-components.css'

/** A round badge with a person's initials; the name is its accessible label. */
export function Avatar({ name, small = false }: { name: string; small?: boolean }) {
  // A stable hue per name, so the same person always gets the same colour.
  let hash = 0
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0
  const hue = Math.abs(hash) % 360
  return (
    <span
      className={`avatar ${small ? 'avatar--small' : ''}`}
      style={{ background: `hsl(${hue} 55% 45%)` }}
      role="img"
      aria-label={name}
      title={name}
    >
      {initials(name)}
    </span>
  )
}
