package demo

import (
	"context"
	"fmt"

	"caravan/internal/mission"
)

// createOpenOffer publishes an individual exchange that anyone can find at
// /exchanges: GAIA hosts one visitor for one to two weeks on digital twins
// for manufacturing SMEs, from the first Monday 90 days or more after the
// demo is created; applications are open until day 45.
func (s *seeder) createOpenOffer(ctx context.Context) error {
	start := s.tuesdayFrom(90).AddDate(0, 0, -1)
	m := &mission.Mission{
		ConsortiumID:       s.nexus.ID,
		Title:              "Cluster staff exchange: digital twins for manufacturing SMEs at GAIA",
		Status:             mission.StatusCallOpen,
		Published:          true,
		Summary:            "GAIA welcomes a cluster manager for one to two weeks to see how Basque manufacturing SMEs adopt digital twins, and to plan joint services.",
		HostOrganisationID: s.clusters["gaia"].ID,
		HostCity:           "Donostia / San Sebastián",
		HostCountry:        "ES",
		Venue:              "GAIA, Donostia / San Sebastián",
		TimeZone:           "Europe/Madrid",
		ArrivalOn:          start.AddDate(0, 0, -1),
		StartsOn:           start,
		EndsOn:             start.AddDate(0, 0, 11),
		DepartureOn:        start.AddDate(0, 0, 12),
		Themes:             []string{"advanced-manufacturing", "digitalisation"},
		Keywords:           []string{"digital twins", "Industry 4.0"},
		Capacity:           1,
		CallOpensOn:        s.day(-7),
		CallClosesOn:       s.day(45),
		CreatedAt:          s.now,
	}
	o := &mission.ExchangeOffer{Topic: "Digital twins for manufacturing SMEs",
		LearningGoals: "See how GAIA's members build digital twins of production lines with SMEs; visit two member companies and BDIH; " +
			"draft a service that the visitor's cluster can offer its own members.",
		MinDays: 5, MaxDays: 10, Places: 1}
	if err := s.db.CreateExchangeOffer(ctx, m, o, s.staff["gaia"][0].ID); err != nil {
		return fmt.Errorf("open exchange offer: %w", err)
	}
	s.info.OfferMissionID = m.ID
	return nil
}
