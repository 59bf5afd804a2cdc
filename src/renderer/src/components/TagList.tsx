import { useId, useState } from 'react'

/** An editable list of short texts (titles, places, skills) as removable chips plus an input to add one. */
export function TagList({
  label,
  values,
  onChange,
  placeholder,
  max = 20,
}: {
  label: string
  values: string[]
  onChange(values: string[]): void
  placeholder?: string
  max?: number
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
  return (
    <fieldset className="tags">
      <legend>{label}</legend>
      <ul className="chips">
        {values.map((value) => (
          <li key={value} className="chip">
            {value}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${value}`}
              onClick={() => onChange(values.filter((v) => v !== value))}
            >
              ×
            </button>
          </li>
        ))}
        {values.length === 0 && <li className="muted">None yet</li>}
      </ul>
      <div className="inline-form">
        <label htmlFor={id} className="visually-hidden">
          Add to {label}
        </label>
        <input
          id={id}
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
