package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// apiPolicy is the content security policy of every answer but the
// playground page: nothing in a JSON or text answer may load or run, and no
// page may frame one.
const apiPolicy = "default-src 'none'; frame-ancestors 'none'"

// explorerPolicy is the content security policy of the explorer's page. The
// page has no inline script or style: its one script and one style sheet
// come from /assets, checked by their integrity hashes, and the script talks
// to this origin only (/query). It builds the page with DOM calls, never
// from HTML strings, so Trusted Types are required and no policy may make
// one: no string can become script. The exports it offers are made in the
// page and saved through blob: URLs, which are downloads, not loads.
const explorerPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; " +
	"require-trusted-types-for 'script'; trusted-types 'none'"

// securityHeaders keeps browsers from sniffing answers into another type,
// sending this service's URLs as referrers, or framing its pages.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY") // frame-ancestors for browsers without CSP 2
		h.Set("Content-Security-Policy", apiPolicy)
		next.ServeHTTP(w, r)
	})
}

// requireToken lets through only requests that carry the bearer token; an
// empty token lets everything through. The comparison takes the same time
// whatever the token sent: both sides are hashed to the same length first.
// Preflight requests carry no credentials, so they pass.
func requireToken(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodOptions {
			got, ok := bearer(r.Header.Get("Authorization"))
			sum := sha256.Sum256([]byte(got))
			if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 || !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="chokepoint"`)
				writeJSON(w, http.StatusUnauthorized, map[string]any{"errors": []map[string]any{{
					"message":    "this server needs a bearer token: send Authorization: Bearer <token>",
					"extensions": map[string]string{"code": "UNAUTHENTICATED", "requestId": RequestID(r.Context())},
				}}})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// bearer reads the credentials of an Authorization header of scheme
// Bearer (the scheme is case-insensitive).
func bearer(header string) (string, bool) {
	scheme, cred, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(cred), true
}
