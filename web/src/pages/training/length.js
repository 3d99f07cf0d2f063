// A course's or unit's length in words: minutes under an hour, else 学时 (60 minutes each), the sum of its
// units as the server derives it.
export function lengthText(t, minutes) {
  if (!minutes) return ''
  if (minutes < 60) return t('training.minutes', { n: minutes })
  return t('training.hours', { n: Math.round(minutes / 6) / 10 })
}
