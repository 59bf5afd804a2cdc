import { type ReactNode, useEffect, useRef } from 'react'

/** True while a modal dialog is open: what is behind it (the feed's shortcuts) does nothing. */
export function modalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null
}

/**
 * A real dialog: the native `<dialog>` opened modal, so focus moves into it, Tab stays inside and the page
 * behind is inert. Escape and a click on the backdrop close it — after `confirmClose` agrees, when there
 * is something to lose (unsaved edits).
 */
export function Modal({
  label,
  children,
  onClose,
  confirmClose,
}: {
  label: string
  children: ReactNode
  onClose(): void
  /** Asked before closing by Escape or the backdrop; false keeps the dialog open. */
  confirmClose?: () => boolean
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const close = useRef({ onClose, confirmClose })
  close.current = { onClose, confirmClose }

  useEffect(() => {
    const dialog = ref.current!
    if (!dialog.open) dialog.showModal()
    const onCancel = (event: Event) => {
      event.preventDefault()
      if (close.current.confirmClose?.() === false) return
      close.current.onClose()
    }
    dialog.addEventListener('cancel', onCancel)
    // When the content changes under the focus (a step of the import replaces the focused button), focus
    // stays in the dialog instead of falling back to the page behind it.
    const keepFocus = new MutationObserver(() => {
      if (dialog.open && !dialog.contains(document.activeElement)) dialog.focus()
    })
    keepFocus.observe(dialog, { childList: true, subtree: true })
    return () => {
      keepFocus.disconnect()
      dialog.removeEventListener('cancel', onCancel)
      if (dialog.open) dialog.close()
    }
  }, [])

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop is a pointer target; Escape is the keyboard's way out
    <dialog
      ref={ref}
      className="modal card"
      aria-label={label}
      tabIndex={-1}
      onClick={(event) => {
        // A click on the dialog element itself, outside its content box, is a click on the backdrop.
        if (event.target !== ref.current) return
        const box = ref.current.getBoundingClientRect()
        const inside =
          event.clientX >= box.left &&
          event.clientX <= box.right &&
          event.clientY >= box.top &&
          event.clientY <= box.bottom
        if (inside) return
        if (close.current.confirmClose?.() === false) return
        close.current.onClose()
      }}
    >
      {children}
    </dialog>
  )
}
