package analysis

// SetFirstChunk lets tests expand small frontiers in several requests; it
// returns the function that restores the default.
func SetFirstChunk(n int) (restore func()) {
	old := firstChunk
	firstChunk = n
	return func() { firstChunk = old }
}
