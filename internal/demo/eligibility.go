package demo

import (
	"context"
	"fmt"

	"caravan/internal/mission"
	"caravan/internal/screening"
)

// checkEligibility stores the eligibility outcome of every submitted
// application of the demo, as an organiser's "check again" does when the
// demo is created (screening.Check, the product's one code path): the
// result and its rule set version are kept, and a submitted, eligible or
// ineligible application moves to what the rules say. The demo's own
// history is not bent to the rules: organisations that joined both EXCITE
// missions fail the once-only rule, as they would in the product.
func (s *seeder) checkEligibility(ctx context.Context) error {
	for _, id := range []int64{s.info.BasqueMissionID, s.info.DresdenMissionID, s.info.RunningMissionID, s.info.UpcomingMissionID} {
		if err := checkMission(ctx, s, id); err != nil {
			return err
		}
	}
	return nil
}

func checkMission(ctx context.Context, s *seeder, missionID int64) error {
	apps, err := s.db.Applications(ctx, mission.ApplicationFilter{MissionID: missionID, Limit: 1000})
	if err != nil {
		return err
	}
	for _, a := range apps {
		if a.Status == mission.AppDraft || a.Status == mission.AppWithdrawn {
			continue
		}
		if _, err := screening.Check(ctx, s.db, a.ID, s.now, nil); err != nil {
			return fmt.Errorf("eligibility of application %d: %w", a.ID, err)
		}
	}
	return nil
}
