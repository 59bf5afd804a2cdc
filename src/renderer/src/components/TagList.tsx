import { useId, useState } from 'react'

/** What the app says about one value: where a place is searched, or that it needs a country. */
export interface TagNote {
  text: string
  tone: 'ok' | 'warn'
  /** Values that would fix a warned one; choosing one replaces it. */
  options?: string[]
}

/**
 * An editable list of short texts (titles, places, skills) as removable chips plus an input to add one.
 * `missing` marks an empty list the plan cannot do without; `notes` annotate chips.
 */
export function TagList({
  label,
  values,
  onChange,
  placeholder,
  max = 20,
  missing,
  notes,
  hint,
}: {
  label: string
  values: string[]
  onChange(values: string[]): void
  placeholder?: string
  max?: number
  /** Shown, and the field marked, when the list is empty and must not be. */
  missing?: string
  notes?: Record<string, TagNote>
  /** A line under the legend: what was kept, where it came from. */
  hint?: string
}) {
  const [draft, setDraft] = useState('')
  const id = useId()
  const add = () => {
    const value = draft.trim().replace(/\s+/g, ' ')
    if (value.length < 2) return
    if (!values.some((v) => v.toLowerCase() === value.toLowerCase()))
      onChange([...values, value].slice(0, max))
    setDraft('')
  }
  const empty = values.length === 0 && missing
  const messageId = `${id}-missing`
  return (
    <fieldset className={`tags${empty ? ' missing' : ''}`} aria-invalid={empty ? true : undefined}>
      <legend>{label}</legend>
      {hint && <p className="muted tag-hint">{hint}</p>}
      {empty && (
        <p id={messageId} className="field-missing" role="alert">
          {missing}
        </p>
      )}
      <ul className="chips">
        {values.map((value) => {
          const note = notes?.[value]
          return (
            <li key={value} className={`chip${note?.tone === 'warn' ? ' chip-warn' : ''}`}>
              {value}
              {note && (
                <span className={`chip-note ${note.tone}`}>
                  {note.tone === 'ok' ? `· ${note.text}` : '⚠'}
                </span>
              )}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${value}`}
                onClick={() => onChange(values.filter((v) => v !== value))}
              >
                ×
              </button>
            </li>
          )
        })}
        {values.length === 0 && <li className="muted">None yet</li>}
      </ul>
      {values.flatMap((value) => {
        const note = notes?.[value]
        if (note?.tone !== 'warn') return []
        return [
          <div key={value} className="tag-warning" role="alert">
            <span>{note.text}</span>
            {note.options?.map((option) => (
              <button
                key={option}
                type="button"
                onClick={() => onChange(values.map((v) => (v === value ? option : v)))}
              >
                {option}
              </button>
            ))}
          </div>,
        ]
      })}
      <div className="inline-form">
        <label htmlFor={id} className="visually-hidden">
          Add to {label}
        </label>
        <input
          id={id}
          aria-describedby={empty ? messageId : undefined}
          value={draft}
          placeholder={placeholder}
          maxLength={80}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              add()
            }
          }}
        />
        <button type="button" onClick={add} disabled={draft.trim().length < 2}>
          Add
        </button>
      </div>
    </fieldset>
  )
}
