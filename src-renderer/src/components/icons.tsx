// Small inline icons. Decorative: the text or aria-label next to them carries the meaning.

type StrokeIconProps = { d: string; linecap?: 'round'; linejoin?: 'round' }

/** One outlined path on the 16-unit grid, drawn in the text's colour. */
function StrokeIcon({ d, linecap, linejoin }: StrokeIconProps) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path
        d={d}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap={linecap}
        strokeLinejoin={linejoin}
      />
    </svg>
  )
}

export function PaperclipIcon() {
  return (
    <StrokeIcon
      d="M10.5 4.5 5.3 9.7a1.5 1.5 0 0 0 2.1 2.1l5.6-5.6a3 3 0 0 0-4.2-4.2L3.2 7.6a4.5 4.5 0 0 0 6.4 6.4L14 9.6"
      linecap="round"
    />
  )
}

export function PencilIcon() {
  return <StrokeIcon d="M11.3 2.3a1.5 1.5 0 0 1 2.1 2.1L5.5 12.3 2.5 13.5l1.2-3z" linejoin="round" />
}

export function TrashIcon() {
  return (
    <StrokeIcon
      d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.8 6.5v4.5M9.2 6.5v4.5"
      linecap="round"
      linejoin="round"
    />
  )
}
