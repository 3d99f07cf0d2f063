// A certificate number as people type or read it: full-width forms folded, spaces and dashes dropped, letters
// upper-cased (the server does the same: verify/token.hpp canonical_serial).
export function canonicalSerial(typed) {
  return String(typed || '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\-.]/g, '')
    .toUpperCase()
}

// What a scanned QR code points at: a verify page of this platform (/v/<token>, /v/serial/<serial>), or a
// bare serial. Anything else (another site's link, random text) → null.
export function scannedTarget(text, origin = window.location.origin) {
  const s = String(text || '').trim()
  const bare = canonicalSerial(s)
  if (/^GS\d{16}$/.test(bare)) return { serial: bare }
  let url
  try {
    url = new URL(s)
  } catch {
    return null
  }
  const bySerial = url.pathname.match(/^\/v\/serial\/([^/]+)$/)
  if (bySerial) return { serial: canonicalSerial(decodeURIComponent(bySerial[1])) }
  const byToken = url.pathname.match(/^\/v\/([A-Za-z0-9_.-]{20,})$/)
  // The token page is rendered by this server: open it here even when the code names another host name
  // of ours (public_url); the signature, not the host, decides whether it is genuine.
  if (byToken) return { token: byToken[1], sameOrigin: url.origin === origin }
  return null
}
