package dql

// Literal quotes a string as an RDF N-Quads literal, as Dgraph reads it.
func Literal(s string) string { return string(AppendLiteral(nil, s)) }

// AppendLiteral appends s quoted as an RDF N-Quads literal: quotes,
// backslashes and control characters escaped (\u escapes in upper case),
// other text, non-ASCII included, as is. Writers of large outputs use it to
// quote without allocating.
func AppendLiteral(b []byte, s string) []byte { return AppendQuoted(b, s, "0123456789ABCDEF") }

// AppendQuoted appends s in double quotes with the escapes that JSON and
// N-Quads share, spelling \u escapes with the hex digits given: JSON
// writers pass lower-case digits, N-Quads writers upper-case ones.
func AppendQuoted(b []byte, s, hex string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
