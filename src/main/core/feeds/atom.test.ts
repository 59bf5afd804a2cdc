import { describe, expect, it } from 'vitest'
import { xmlText } from './atom'

describe('text in the Atom feed', () => {
  it('escapes markup and drops what XML 1.0 cannot carry, keeping every other character', () => {
    expect(xmlText('a < b & "c" > \'d\'')).toBe('a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;')
    expect(xmlText('tab\tline\nreturn\r bell\u0007 nul\u0000 vt\u000B')).toBe(
      'tab\tline\nreturn\r bell nul vt',
    )
    // A lone surrogate goes; a pair (an emoji) stays; so do U+FFFD and scripts.
    expect(xmlText('x\uD800y\uDC00z 🚀 \uFFFD 東京 \uFFFF')).toBe('xyz 🚀 \uFFFD 東京 ')
  })
})
