// Draws Job Monitor's icons (app icon in every size electron-builder needs, tray icons for light and dark
// menus, and macOS template images) into resources/. Pure Node: shapes as signed distances, antialiased,
// encoded as PNG with zlib. Run `node scripts/make-icons.mjs` after changing the design; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buffer) {
  let c = 0xffffffff
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size, 1 / size)
      const o = y * (size * 4 + 1) + 1 + x * 4
      raw[o] = r
      raw[o + 1] = g
      raw[o + 2] = b
      raw[o + 3] = a
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8
  header[9] = 6
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const clamp = (v) => Math.max(0, Math.min(1, v))
/** Coverage of a shape at distance d (negative inside) for a pixel of width px. */
const cover = (d, px) => clamp(0.5 - d / px)
const roundedSquare = (x, y, half, radius) => {
  const qx = Math.abs(x - 0.5) - half + radius
  const qy = Math.abs(y - 0.5) - half + radius
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius
}
const segment = (x, y, ax, ay, bx, by) => {
  const t = clamp(((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2))
  return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay))
}
/** The glyph: a magnifying glass over a briefcase's handle line: "watching the job market". */
function glyph(x, y, scale = 1) {
  const cx = 0.5 + (x - 0.5) / scale
  const cy = 0.5 + (y - 0.5) / scale
  const ring = Math.abs(Math.hypot(cx - 0.44, cy - 0.44) - 0.2) - 0.055
  const handle = segment(cx, cy, 0.59, 0.59, 0.76, 0.76) - 0.065
  const spark = segment(cx, cy, 0.36, 0.46, 0.52, 0.46) - 0.035
  return Math.min(ring, handle, spark) * scale
}

function appIcon(x, y, px) {
  const bg = cover(roundedSquare(x, y, 0.44, 0.1), px)
  const mark = cover(glyph(x, y, 0.78), px)
  // Blue-to-indigo plate, white mark.
  const r = 37 + (79 - 37) * y
  const g = 99 + (70 - 99) * y
  const b = 235 + (229 - 235) * y
  const a = bg
  return [
    Math.round(r * (1 - mark) + 255 * mark),
    Math.round(g * (1 - mark) + 255 * mark),
    Math.round(b * (1 - mark) + 255 * mark),
    Math.round(255 * a),
  ]
}
const trayGlyph = (rgb) => (x, y, px) => [...rgb, Math.round(255 * cover(glyph(x, y, 1.05), px))]

const root = join(import.meta.dirname, '..', 'resources')
mkdirSync(join(root, 'icons'), { recursive: true })
mkdirSync(join(root, 'tray'), { recursive: true })
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  writeFileSync(join(root, 'icons', `${size}x${size}.png`), png(size, appIcon))
}
writeFileSync(join(root, 'icon.png'), png(1024, appIcon))
// macOS: black + alpha, named *Template so the menu bar tints it for light and dark menus.
writeFileSync(join(root, 'tray', 'trayTemplate.png'), png(16, trayGlyph([0, 0, 0])))
writeFileSync(join(root, 'tray', 'trayTemplate@2x.png'), png(32, trayGlyph([0, 0, 0])))
// Windows and Linux: a dark glyph for light menus and panels, a light one for dark ones.
for (const [name, rgb] of [
  ['tray-light', [31, 41, 55]],
  ['tray-dark', [243, 244, 246]],
]) {
  writeFileSync(join(root, 'tray', `${name}.png`), png(32, trayGlyph(rgb)))
  writeFileSync(join(root, 'tray', `${name}@2x.png`), png(64, trayGlyph(rgb)))
}
console.log(`icons written to ${root}`)
