package demo

import (
	"context"
	"fmt"
	"time"

	"caravan/internal/i18n"
	"caravan/internal/mission"
	"caravan/internal/story"
)

// createBasqueStory has a few people of the Basque mission consent to be
// named in public stories (the first person of each of the seed's two SMEs
// and of two Basque companies), then drafts the mission's story in English,
// as the seed article is, with the product's generator and publishes it on
// 21 November 2023, the article's date, as Silicon Saxony's organiser.
func (s *seeder) createBasqueStory(ctx context.Context) error {
	consented := date(2023, 11, 16).Add(9 * time.Hour)
	orgs := append(append([]*mission.Organisation{}, s.smes...), s.locals[:2]...)
	for _, o := range orgs {
		p := s.personsOf[o.ID][0]
		if err := s.db.SetPublicMention(ctx, p.ID, true, mission.AuditEntry{At: consented}); err != nil {
			return fmt.Errorf("consent of %s: %w", p.Name, err)
		}
	}
	id := s.info.BasqueMissionID
	facts, err := s.db.StoryFacts(ctx, id)
	if err != nil {
		return err
	}
	bundle, err := i18n.NewBundle()
	if err != nil {
		return err
	}
	st := story.Draft(bundle.Localizer("en"), facts)
	organiser := s.staff["sisax"][0]
	st.UpdatedBy = organiser.ID
	drafted := date(2023, 11, 21).Add(9 * time.Hour)
	if err := s.db.SaveStory(ctx, st, mission.AuditEntry{At: drafted, Action: mission.AuditStoryDrafted}); err != nil {
		return err
	}
	_, err = s.db.PublishStory(ctx, id, true, organiser.ID, mission.AuditEntry{At: drafted.Add(3 * time.Hour)})
	return err
}
