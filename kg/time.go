package kg

// Interval is a span of days, both ends included; an empty end is open.
type Interval struct {
	Since, Until string
}

// Contains reports whether day d (YYYY-MM-DD) lies in the interval. ISO
// dates compare correctly as text.
func (i Interval) Contains(d string) bool {
	return (i.Since == "" || i.Since <= d) && (i.Until == "" || d <= i.Until)
}

// ControlStatus is where a control stands on a day.
type ControlStatus string

// The statuses.
const (
	StatusPending   ControlStatus = "PENDING"
	StatusInForce   ControlStatus = "IN_FORCE"
	StatusSuspended ControlStatus = "SUSPENDED"
	StatusLapsed    ControlStatus = "LAPSED"
)

// StatusOn decides a control's status on day d: pending before it takes
// effect (its issue date when no effective date is set), lapsed after its
// last day, suspended while any suspension covers d, else in force. A
// suspension only takes the control out of force for its own interval.
func StatusOn(issued, effective, until string, suspensions []Interval, d string) ControlStatus {
	start := effective
	if start == "" {
		start = issued
	}
	switch {
	case d < start:
		return StatusPending
	case until != "" && d > until:
		return StatusLapsed
	}
	for _, s := range suspensions {
		if s.Contains(d) {
			return StatusSuspended
		}
	}
	return StatusInForce
}
