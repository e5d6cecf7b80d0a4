// Package data embeds the curated dataset so that the binary seeds itself.
package data

import "embed"

// FS holds the curated dataset in the native JSON format.
//
//go:embed *.json
var FS embed.FS
