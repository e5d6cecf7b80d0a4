package graph

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/chokepoint/chokepoint/kg"
)

// Cursors are opaque to clients; inside they are the item's position in the
// list's order ("o:41"), which is stable while the graph does not change.
const cursorPrefix = "o:"

// maxOffset bounds positions so that page arithmetic cannot overflow and a
// forged cursor cannot ask Dgraph to skip billions of rows.
const maxOffset = 1_000_000

func encodeCursor(pos int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(pos)))
}

func decodeCursor(c string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		if n, ok := strings.CutPrefix(string(raw), cursorPrefix); ok {
			if pos, err := strconv.Atoi(n); err == nil && pos >= 0 && pos < maxOffset {
				return pos, nil
			}
		}
	}
	return 0, kg.Errorf(kg.CodeInvalid, "invalid cursor %s: pass a cursor from a previous page", kg.Quote(c))
}
