// The worker's certificate on her own phone, for showing without signal: saved in localStorage (name, serial,
// dates, the QR image as a data URL) and shown by /card.html, which the service worker (/sw.js) keeps.
// Forgotten at logout (stores/session.js), so a shared phone does not keep someone else's card.
const KEY = 'jz_card'

// The QR image as a data URL: fetched once, shown on her page and kept for the card.
export async function qrDataUrl(url) {
  const res = await fetch(url, { credentials: 'same-origin' })
  if (!res.ok) throw new Error(`QR ${res.status}`)
  const blob = await res.blob()
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(r.result)
    r.onerror = reject
    r.readAsDataURL(blob)
  })
}

export async function saveOfflineCard({ name, serial, issuedOn, expiresOn, qrUrl, qr }) {
  const card = { name, serial, issued_on: issuedOn, expires_on: expiresOn, saved_at: new Date().toISOString() }
  card.qr = qr || (await qrDataUrl(qrUrl))
  localStorage.setItem(KEY, JSON.stringify(card))
  if ('serviceWorker' in navigator) await navigator.serviceWorker.register('/sw.js')
  return card
}

export function forgetOfflineCard() {
  try {
    localStorage.removeItem(KEY)
  } catch {
    // storage unavailable: nothing saved
  }
}
