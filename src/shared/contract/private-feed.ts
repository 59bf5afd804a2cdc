import { z } from 'zod'
import { method, noInput } from './define'

const addressSchema = z.object({
  createdAt: z.string(),
  /** When a feed reader last read it. */
  lastUsedAt: z.string().nullable(),
})

export const privateFeedMethods = {
  'feeds/get': method(
    noInput,
    z.object({ address: addressSchema.nullable() }),
    'Whether the person has a private feed address, when it was made and last read (never the address itself).',
  ),
  'feeds/create': method(
    noInput,
    addressSchema.extend({
      /** The address on the headless server (`/feeds/<token>.atom`): shown this once, kept only as a hash. */
      path: z.string(),
    }),
    'Makes a new private Atom feed address for the person, revoking the one before.',
  ),
  'feeds/revoke': method(
    noInput,
    z.object({ revoked: z.boolean() }),
    'Revokes the person’s private feed address: readers using it get 404 from then on.',
  ),
}
