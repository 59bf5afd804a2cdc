import { useState } from 'react'
import { api, friendlyError } from '../api/client'
import { useCall } from '../api/hooks'
import { formatDateTime } from '../lib/format'
import { Pending } from './Pending'

/**
 * Settings → Private feed: an Atom address of the person's newest jobs for a feed reader, served by the
 * headless server (`job-monitor serve`). The address is its own key: shown once when made, kept only as a
 * hash; *Revoke* (or a new address) ends it.
 */
export function PrivateFeedSection({ desktop }: { desktop: boolean }) {
  const current = useCall('feeds/get', [])
  const [made, setMade] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setMessage(null)
    try {
      await action()
    } catch (e) {
      setMessage({ ok: false, text: friendlyError(e) })
    } finally {
      setBusy(false)
      await current.reload()
    }
  }
  const address = current.data?.address
  return (
    <section className="card" aria-labelledby="private-feed-heading">
      <h2 id="private-feed-heading">Private feed</h2>
      <p className="muted small">
        Your newest jobs as an Atom feed, for a feed reader: the 50 newest of your feed, with place, fit and
        link.{' '}
        {desktop
          ? 'The headless server (job-monitor serve) serves it, at its own address; this window cannot.'
          : 'This server serves it. Anyone with the address can read the feed: keep it private, and revoke it if it leaks.'}
      </p>
      {!current.data ? (
        <Pending loaded={current} />
      ) : (
        <>
          {made && (
            <div className="feed-address">
              <label>
                Your feed address (shown once: copy it into your feed reader now)
                <input readOnly value={made} onFocus={(e) => e.currentTarget.select()} />
              </label>
              <button
                type="button"
                onClick={() =>
                  void navigator.clipboard?.writeText(made).then(
                    () => setMessage({ ok: true, text: 'Copied.' }),
                    () => setMessage({ ok: false, text: 'Could not copy: select the address and copy it.' }),
                  )
                }
              >
                Copy
              </button>
            </div>
          )}
          <p className="small">
            {address
              ? `An address is active, made ${formatDateTime(address.createdAt)}; ${address.lastUsedAt ? `last read ${formatDateTime(address.lastUsedAt)}` : 'not read yet'}.`
              : 'No address: nothing can read your feed.'}
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const created = await api.call('feeds/create')
                  setMade(desktop ? created.path : `${window.location.origin}${created.path}`)
                  setMessage({
                    ok: true,
                    text: address ? 'Made a new address; the old one no longer works.' : 'Made an address.',
                  })
                })
              }
            >
              {address ? 'Make a new address' : 'Make an address'}
            </button>
            {address && (
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await api.call('feeds/revoke')
                    setMade(null)
                    setMessage({ ok: true, text: 'Revoked: the address no longer works.' })
                  })
                }
              >
                Revoke
              </button>
            )}
          </div>
          {message && (
            <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'small' : 'error small'}>
              {message.text}
            </p>
          )}
        </>
      )}
    </section>
  )
}
