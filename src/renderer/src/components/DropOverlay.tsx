import { useEffect, useRef, useState } from 'react'
import { carriesFiles } from '../lib/files'

/**
 * Makes the whole window a drop target while a file is dragged over it, and hands the dropped file on.
 * Dropping anywhere never navigates the window to the file.
 */
export function DropOverlay({ onFile }: { onFile(file: File): void }) {
  const [over, setOver] = useState(false)
  const depth = useRef(0)
  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return
      depth.current += 1
      setOver(true)
    }
    const overWindow = (e: DragEvent) => {
      e.preventDefault()
      if (e.dataTransfer && carriesFiles(e)) e.dataTransfer.dropEffect = 'copy'
    }
    const leave = () => {
      depth.current = Math.max(0, depth.current - 1)
      if (depth.current === 0) setOver(false)
    }
    // Any drop ends the overlay (seen on the way down, before a drop zone can stop the event)…
    const reset = () => {
      depth.current = 0
      setOver(false)
    }
    // …but only a drop no drop zone took is handed on from here (on the way back up).
    const drop = (e: DragEvent) => {
      e.preventDefault()
      const file = e.dataTransfer?.files[0]
      if (file) onFile(file)
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', overWindow)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', reset, true)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('drop', reset, true)
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', overWindow)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [onFile])
  if (!over) return null
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-message">
        <p className="drop-title">Drop your CV</p>
        <p>Job Monitor reads it and proposes the searches to add to your plan.</p>
      </div>
    </div>
  )
}
