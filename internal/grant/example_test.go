package grant_test

import (
	"fmt"
	"time"

	"caravan/internal/grant"
)

func ExampleCompute() {
	sets, err := grant.Defaults()
	if err != nil {
		panic(err)
	}
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	rs, _ := grant.Select(sets, "erasmus-2024", day)
	ent, err := grant.Compute(rs, grant.Exchange{
		Visitor: grant.Place{City: "Warszawa", Country: "PL"},
		Host:    grant.Place{City: "Bilbao", Country: "ES"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(ent.Summary)
	for _, step := range ent.Explanation {
		fmt.Println("-", step)
	}
	// Output:
	// Warszawa → Bilbao 2,035 km, band 2,000–2,999 km: EUR 395 (Erasmus+ 2024, standard travel)
	// - Warszawa (PL, 52.2500, 21.0000; city data) to Bilbao (ES, 43.2627, -2.9253; city data): 2,035 km great-circle distance (haversine, Earth radius 6371.0088 km, floored to whole km).
	// - 2,035 km falls in band 2,000–2,999 km: EUR 395 for standard travel, EUR 535 for green travel.
	// - Standard travel: EUR 395 for the return trip.
}

func ExampleCompute_lumpSum() {
	sets, err := grant.Defaults()
	if err != nil {
		panic(err)
	}
	rs, _ := grant.Select(sets, "clusterxchange-2022-24", time.Date(2023, 5, 8, 0, 0, 0, 0, time.UTC))
	ent, err := grant.Compute(rs, grant.Exchange{
		Visitor:         grant.Place{City: "Dresden", Country: "DE"},
		Host:            grant.Place{City: "Donostia", Country: "ES"},
		FirstWorkingDay: time.Date(2023, 5, 8, 0, 0, 0, 0, time.UTC),
		LastWorkingDay:  time.Date(2023, 5, 10, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(ent.Summary)
	for _, step := range ent.Explanation[1:] {
		fmt.Println("-", step)
	}
	// Output:
	// 3 working days, 1,461 km apart: half lump sum EUR 550 (cap EUR 1,100 for ES, halved: stay shorter than 5 working days)
	// - Working days 8 May 2023 to 10 May 2023: 3 Monday–Friday = 3 working days.
	// - Cap for host country ES (Spain): EUR 1,100 (threshold for ES; scheme maximum EUR 1,100).
	// - Halved: stay shorter than 5 working days: EUR 1,100 ÷ 2 = EUR 550.
}
