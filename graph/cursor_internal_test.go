package graph

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, pos := range []int{0, 1, 41, 99, 100, 12345, maxOffset - 1} {
		c := encodeCursor(pos)
		t.Run(c, func(t *testing.T) {
			if strings.ContainsAny(c, "=+/") {
				t.Errorf("cursor %q is not URL-safe unpadded base64", c)
			}
			got, err := decodeCursor(c)
			if err != nil || got != pos {
				t.Fatalf("decodeCursor(encodeCursor(%d)) = %d, %v", pos, got, err)
			}
		})
	}
	if a, b := encodeCursor(1), encodeCursor(2); a == b {
		t.Fatalf("positions 1 and 2 share the cursor %q", a)
	}
}

func TestCursorRefusals(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	cases := []struct{ name, cursor string }{
		{"empty", ""},
		{"garbage", "not a cursor!"},
		{"a bare position", "41"},
		{"padded base64", base64.URLEncoding.EncodeToString([]byte("o:41"))},
		{"no prefix", enc("41")},
		{"wrong prefix", enc("x:41")},
		{"prefix in upper case", enc("O:41")},
		{"no number", enc("o:")},
		{"not a number", enc("o:forty-one")},
		{"spaces", enc("o: 41")},
		{"fraction", enc("o:4.1")},
		{"negative", enc("o:-1")},
		{"maxOffset", enc("o:1000000")},
		{"beyond maxOffset", enc("o:999999999")},
		{"overflows int", enc("o:99999999999999999999999")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pos, err := decodeCursor(c.cursor)
			if err == nil {
				t.Fatalf("decodeCursor(%q) = %d, want an error", c.cursor, pos)
			}
			if kg.CodeOf(err) != kg.CodeInvalid || !strings.Contains(err.Error(), "invalid cursor") {
				t.Fatalf("decodeCursor(%q) err = %v (%s), want INVALID_ARGUMENT", c.cursor, err, kg.CodeOf(err))
			}
		})
	}
}
