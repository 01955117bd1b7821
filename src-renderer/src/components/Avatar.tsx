import { initials } from '../features/people/initials'
import { avatarBackground } from './avatar-colour'
import './crm-components.css'

/** A round badge with a person's initials; the name is its accessible label. */
export function Avatar({ name, small = false }: { name: string; small?: boolean }) {
  return (
    <span
      className={`avatar ${small ? 'avatar--small' : ''}`}
      style={{ background: avatarBackground(name) }}
      role="img"
      aria-label={name}
      title={name}
    >
      {initials(name)}
    </span>
  )
}
