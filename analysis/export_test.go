package analysis

// SetChunks lets tests expand small frontiers in several requests: a
// frontier above whole nodes goes first nodes at a time, then twice as
// many. It returns the function that restores the defaults.
func SetChunks(whole, first int) (restore func()) {
	oldWhole, oldFirst := wholeFrontier, firstChunk
	wholeFrontier, firstChunk = whole, first
	return func() { wholeFrontier, firstChunk = oldWhole, oldFirst }
}
