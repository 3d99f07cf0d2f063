// Accounts and sessions: /api/v1/auth/* and /api/v1/me.
import { http } from './http.js'

export const login = (username, password) => http.post('/api/v1/auth/login', { username, password })
export const logout = () => http.post('/api/v1/auth/logout')
export const me = () => http.get('/api/v1/me')
export const changePassword = (currentPassword, newPassword) =>
  http.post('/api/v1/me/password', { current_password: currentPassword, new_password: newPassword })
