package eligibility_test

import (
	"fmt"
	"time"

	"caravan/internal/eligibility"
)

func ExampleCheck() {
	sets, err := eligibility.Defaults()
	if err != nil {
		panic(err)
	}
	rs, _ := eligibility.Select(sets, "clusterxchange-2022-24", time.Date(2023, 5, 8, 0, 0, 0, 0, time.UTC))
	res := eligibility.Check(rs, eligibility.Applicant{
		Visitor:         eligibility.Organisation{Name: "City & Me", Kind: eligibility.KindSME, Country: "ES"},
		Host:            eligibility.Organisation{Name: "GAIA", Kind: eligibility.KindCluster, Country: "ES"},
		FirstWorkingDay: time.Date(2023, 5, 8, 0, 0, 0, 0, time.UTC),
		LastWorkingDay:  time.Date(2023, 5, 9, 0, 0, 0, 0, time.UTC),
	})
	fmt.Println("passed:", res.Passed)
	for _, f := range res.Failures {
		fmt.Printf("%s: %s\n", f.Rule, f.Message)
	}
	// Output:
	// passed: false
	// visitor_membership: City & Me is an SME but not a member of a cluster organisation; ClusterXchange accepts SMEs only as members of a cluster.
	// host_country: Your organisation is registered in Spain, the host country; ClusterXchange requires travel to another country.
	// min_working_days: The stay has 2 working days; ClusterXchange requires at least 3 (travel days not counted).
}
