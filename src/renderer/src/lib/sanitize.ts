import DOMPurify from 'dompurify'

const ALLOWED_TAGS = [
  'p',
  'br',
  'ul',
  'ol',
  'li',
  'strong',
  'b',
  'em',
  'i',
  'u',
  'h3',
  'h4',
  'h5',
  'blockquote',
  'a',
  'span',
  'div',
]

let hooked = false

/**
 * A job description as safe HTML: DOMPurify with a short list of text tags, links only to http(s) and
 * opened outside the app, and nothing that loads or runs anything — no script, no styles, no images
 * (remote images are trackers), no forms, no event handlers.
 */
export function safeDescriptionHtml(html: string): string {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        const href = node.getAttribute('href') ?? ''
        if (!/^https?:\/\//i.test(href)) node.removeAttribute('href')
        node.setAttribute('target', '_blank')
        node.setAttribute('rel', 'noopener noreferrer nofollow')
      }
    })
    hooked = true
  }
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
  })
}
