package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// corsHeaders are the request headers a browser may send cross-origin:
// those of GraphQL clients (Apollo Client's among them) and this API's.
var corsHeaders = []string{
	"accept", "authorization", "content-type", "x-request-id",
	"apollographql-client-name", "apollographql-client-version", "apollo-require-preflight",
	"x-apollo-operation-name", "x-apollo-operation-id", "graphql-client-name", "graphql-client-version",
}

// corsPolicy lets browsers on the allowed origins call the API, with
// credentials (cookies, an Authorization header) when origins are listed;
// "*" allows any origin without credentials, as browsers require.
type corsPolicy struct {
	origins []string // normalised
	any     bool
	log     *slog.Logger
}

// newCORS checks and normalises the allowed origins: each must be an
// origin, scheme://host[:port], and a trailing slash is dropped, since
// browsers send none.
func newCORS(origins []string, log *slog.Logger) (*corsPolicy, error) {
	p := &corsPolicy{log: log}
	for _, o := range origins {
		if o == "*" {
			p.any = true
			continue
		}
		n, ok := normalOrigin(o)
		if !ok {
			return nil, fmt.Errorf("cors origin %q is not an origin: want scheme://host[:port], e.g. https://app.example", o)
		}
		p.origins = append(p.origins, n)
	}
	return p, nil
}

// normalOrigin is an origin with its scheme and host in lower case and no
// trailing slash; ok is false for anything but scheme://host[:port].
func normalOrigin(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.Path != "" || u.RawQuery != "" || u.User != nil || u.Fragment != "" {
		return "", false
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), true
}

func (p *corsPolicy) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || sameOrigin(origin, r) {
			next.ServeHTTP(w, r) // browsers send Origin with a same-origin POST too
			return
		}
		h := w.Header()
		if !p.any {
			h.Add("Vary", "Origin") // the answer depends on it, allowed or not
		}
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if why := p.refusal(r, origin, preflight); why != "" {
			p.log.InfoContext(r.Context(), "cross-origin request refused", "request_id", RequestID(r.Context()),
				"origin", origin, "path", r.URL.Path, "reason", why)
			if preflight {
				w.WriteHeader(http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r) // the browser withholds the answer: no allow header
			return
		}
		if p.any {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true")
		}
		h.Set("Access-Control-Expose-Headers", "X-Request-ID, Retry-After")
		if preflight {
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			if asked := r.Header.Get("Access-Control-Request-Headers"); asked != "" {
				h.Set("Access-Control-Allow-Headers", asked)
			}
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether origin is the host the request was sent to,
// as for the playground and the explorer served here.
func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// refusal says why a cross-origin request may not go through, or "".
func (p *corsPolicy) refusal(r *http.Request, origin string, preflight bool) string {
	n, ok := normalOrigin(origin)
	switch {
	case !p.any && len(p.origins) == 0:
		return "no cross-origin caller is allowed (see --cors-origins)"
	case !p.any && (!ok || !slices.Contains(p.origins, n)):
		return "origin not in --cors-origins"
	case !preflight:
		return ""
	}
	if m := r.Header.Get("Access-Control-Request-Method"); m != http.MethodGet && m != http.MethodPost {
		return "method " + m + " not allowed"
	}
	for _, h := range strings.Split(r.Header.Get("Access-Control-Request-Headers"), ",") {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" && !slices.Contains(corsHeaders, h) {
			return "header " + h + " not allowed"
		}
	}
	return ""
}
