import { safeDescriptionHtml } from '../lib/sanitize'

/** A description that came as HTML, shown after DOMPurify has made it safe (lib/sanitize.ts). */
export default function HtmlDescription({ html }: { html: string }) {
  return (
    <div
      className="description"
      data-testid="description"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify with a short allow-list (lib/sanitize.ts)
      dangerouslySetInnerHTML={{ __html: safeDescriptionHtml(html) }}
    />
  )
}
