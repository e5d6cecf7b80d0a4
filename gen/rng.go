package gen

import "math"

// rng is a small splitmix64 generator. The generator does not use
// math/rand: its sequences are fixed here, so a config yields the same bytes
// with every Go release and on every platform. Every decision is integer
// arithmetic or a correctly rounded float operation (division, square root),
// which IEEE 754 makes identical everywhere.
type rng struct{ s uint64 }

// Streams separate the random choices of different parts of the graph, so
// that an entity's record and the facts its edges need (a company's sector,
// a control's dates) are drawn from their own sequences and can be
// recomputed anywhere.
const (
	streamEntity uint64 = iota + 1
	streamFacts
	streamDates
	streamEdges
	streamSuspend
)

// newRNG seeds a generator for one item: the config's seed, a stream, a kind
// and the item's index within its kind.
func newRNG(seed int64, stream uint64, kind int, i int) rng {
	r := rng{s: uint64(seed)}
	r.s = r.next() ^ stream*0x9e3779b97f4a7c15
	r.s = r.next() ^ uint64(kind)<<48 ^ uint64(i)
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns an integer in [0, n); n must be positive. The modulo bias is
// below 2^-40 for the sizes used here.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// between returns an integer in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true with probability pct percent.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

// pick returns a random element of xs.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// zipf returns an index in [0, n) with probability roughly proportional to
// 1/(index+1): each octave [2^j, 2^(j+1)) of ranks gets the same share, so
// rank 0 gets about 1/log2(n) of all draws. Low ranks are the hubs.
func (r *rng) zipf(n int) int {
	if n <= 1 {
		return 0
	}
	levels := 0
	for 1<<levels <= n {
		levels++
	}
	for {
		j := r.intn(levels)
		x := 1<<j + r.intn(1<<j) // in [2^j, 2^(j+1))
		if x <= n {
			return x - 1
		}
	}
}

// skewed mixes zipf with a uniform draw: pct percent of the draws follow
// zipf, the rest are uniform, so hubs are strong without starving the tail.
func (r *rng) skewed(n, pct int) int {
	if r.chance(pct) {
		return r.zipf(n)
	}
	return r.intn(n)
}

// pareto returns a heavy-tailed count of at least lo and at most hi with
// P(count >= x) ≈ (lo/x)^2: mostly lo or a little more, now and then many.
func (r *rng) pareto(lo, hi int) int {
	u := float64(r.intn(1<<30) + 1)
	x := int(math.Sqrt(float64(lo) * float64(lo) * (1 << 30) / u))
	return max(lo, min(hi, x))
}

// fraction returns k/den for k in [lo, hi], a share in [0, 1] when hi <= den.
func (r *rng) fraction(lo, hi, den int) float64 {
	return float64(r.between(lo, hi)) / float64(den)
}
