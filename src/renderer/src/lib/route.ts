import { useEffect, useState } from 'react'

export const ROUTES = ['feed', 'applications', 'plan', 'runs', 'quota', 'settings'] as const
export type Route = (typeof ROUTES)[number]

function current(): Route {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'feed'
}

/** The screen is in the URL's hash (`#/plan`), so reloads, the tray and notifications can open any of them. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(current)
  useEffect(() => {
    const onChange = () => setRoute(current())
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}

export function go(route: Route): void {
  window.location.hash = `/${route}`
}
