// Starts the OpenAPI explorer (served from the package) on this server's schema; kept out of
// the page so the Content-Security-Policy can forbid inline script.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
