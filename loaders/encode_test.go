package loaders

import (
	"io"
	"strings"
	"testing"

	"github.com/chokepoint/chokepoint/kg"
)

// A value the CSV loader would read back changed is refused, not written.
func TestCSVEncoderRefusesWhatCSVCannotCarry(t *testing.T) {
	for _, e := range []kg.Entity{
		{ID: "material:a", Kind: kg.Material, Name: "A", Aliases: []string{"x|y"}},
		{ID: "material:a", Kind: kg.Material, Name: "A", Description: "ends with a space "},
		{ID: "material:a", Kind: kg.Material, Name: "A", Aliases: []string{" padded"}},
	} {
		err := NewCSVEncoder(io.Discard, io.Discard).Entity(&e)
		if err == nil || !strings.Contains(err.Error(), "material:a") {
			t.Errorf("%+v: want an error naming the entity, got %v", e, err)
		}
	}
	edge := kg.Edge{From: "country:a", Type: "produces", To: "material:a", Sources: []string{"source:s"}, Note: "\tindented"}
	if err := NewCSVEncoder(io.Discard, io.Discard).Edge(&edge); err == nil {
		t.Error("an edge note with leading space: want an error")
	}
}

// The JSON format has its sections in one order.
func TestJSONEncoderRefusesAnEntityAfterAnEdge(t *testing.T) {
	enc := NewJSONEncoder(io.Discard)
	if err := enc.Edge(&kg.Edge{From: "country:a", Type: "produces", To: "material:a"}); err != nil {
		t.Fatal(err)
	}
	if err := enc.Entity(&kg.Entity{ID: "material:a", Kind: kg.Material, Name: "A"}); err == nil {
		t.Error("want an error")
	}
}
