// Starts Swagger UI on /api/docs with the server's own OpenAPI document (copied to dist/swagger/init.js).
window.addEventListener('load', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // About 200 operations in some 40 groups (the first path segment): the groups closed, a filter box to find one.
    // (With every operation open in one list, Swagger UI 5.35 drew only the first ten or so here; cause not found.)
    docExpansion: 'none',
    filter: true,
    defaultModelsExpandDepth: 0,
    // Same-origin calls carry the session cookie; the CSRF header is added from the jz_csrf cookie.
    requestInterceptor: (req) => {
      const m = document.cookie.match(/(?:^|; )jz_csrf=([^;]+)/)
      if (m) req.headers['X-CSRF-Token'] = decodeURIComponent(m[1])
      return req
    },
  })
})
