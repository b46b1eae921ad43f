// Resident entry: starts the report flow and, in production builds, the service worker that keeps it available offline.
import './styles.css'
import { startApp } from './app.js'

const root = document.getElementById('app')
if (root) startApp(root)

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  })
}
