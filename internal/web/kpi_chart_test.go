package web

import (
	"encoding/xml"
	"strings"
	"testing"
)

// TestChartsEscapeNames checks that the charts, which the KPI templates
// include as trusted HTML, escape every name and text they draw: an
// organisation named like markup stays text, and the SVG stays well formed.
func TestChartsEscapeNames(t *testing.T) {
	evil := `<script>alert("x")</script> & "Co" 'Ltd'`
	bars := []chartBar{{Label: evil, Value: 3, Part: 1, Max: 5, Marker: 2, Text: evil}, {Label: "B", Value: 1, Text: "1"}}
	for name, svg := range map[string]string{
		"bar":    string(barChart(`id"x`, evil, evil, bars)),
		"column": string(columnChart("c", evil, evil, bars)),
	} {
		if strings.Contains(svg, "<script") || strings.Contains(svg, `id"x`) {
			t.Errorf("%s chart lets markup through: %s", name, svg)
		}
		d := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s chart is not well-formed XML: %v", name, err)
				}
				break
			}
		}
	}
}
