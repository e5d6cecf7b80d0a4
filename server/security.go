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
