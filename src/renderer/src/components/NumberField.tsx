import { useId, useState } from 'react'

/** Why a typed whole number is not accepted, in our words; undefined when it is. */
export function numberProblem(text: string, min: number, max: number | undefined): string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return 'Enter a number.'
  if (!/^-?\d+$/.test(trimmed)) return 'Enter a whole number, such as 5.'
  const value = Number(trimmed)
  if (value < min || (max !== undefined && value > max))
    return max === undefined ? `Use ${min} or more.` : `Use a number from ${min} to ${max}.`
  return undefined
}

/**
 * A whole-number field that lets people type: what they type stays as typed (clearing it does not put
 * back a 1), it is checked when they leave the field or submit, and the problem is said beside the field
 * in our words — not in the browser's bubble. `onValue` hears only accepted numbers.
 */
export function NumberField({
  label,
  value,
  min,
  max,
  onValue,
  onValidity,
  hint,
}: {
  label: string
  /** A line under the field saying what the number does. */
  hint?: string
  value: number
  min: number
  max?: number
  onValue(value: number): void
  /** Told whether the field holds an accepted number, so the form can refuse to save. */
  onValidity?(valid: boolean): void
}) {
  const [text, setText] = useState(String(value))
  const [shown, setShown] = useState<string | undefined>()
  const id = useId()
  const hintId = useId()
  const check = (next: string) => {
    const problem = numberProblem(next, min, max)
    onValidity?.(problem === undefined)
    if (problem === undefined) onValue(Number(next.trim()))
    return problem
  }
  return (
    <label>
      {label}
      <input
        inputMode="numeric"
        value={text}
        aria-invalid={shown ? true : undefined}
        aria-describedby={[shown ? id : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          setText(e.target.value)
          const problem = check(e.target.value)
          // A mistake is said once the person leaves the field; fixing it clears it at once.
          if (!problem) setShown(undefined)
        }}
        onBlur={() => setShown(check(text))}
      />
      {shown && (
        <span id={id} className="error small field-error" role="alert">
          {shown}
        </span>
      )}
      {hint && (
        <span id={hintId} className="muted small">
          {hint}
        </span>
      )}
    </label>
  )
}
