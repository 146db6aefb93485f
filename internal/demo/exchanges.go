package demo

import (
	"context"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// createExchangeCommitment gives the running exchange in Warsaw its offer,
// the match that host and visitor confirmed before the stay, agreed goals
// and the visitor's and host's signatures of the Commitment to Quality; the
// two partnerships have yet to sign.
func (s *seeder) createExchangeCommitment(ctx context.Context) error {
	id := s.info.RunningMissionID
	o := &mission.ExchangeOffer{MissionID: id, Topic: "Cybersecurity services for cluster members",
		LearningGoals: "Compare how two clusters help their SMEs with cybersecurity: audits, training and incident support; " +
			"visit member companies and draft a joint service offer.",
		MinDays: 5, MaxDays: 15, Places: 1, CreatedAt: s.day(-60)}
	if err := s.db.AddExchangeOffer(ctx, o); err != nil {
		return fmt.Errorf("exchange offer: %w", err)
	}
	apps, err := s.db.Applications(ctx, mission.ApplicationFilter{MissionID: id, Limit: 1})
	if err != nil {
		return err
	}
	if len(apps) == 0 {
		return fmt.Errorf("the running exchange has no application")
	}
	a := apps[0]
	hosts, err := s.db.MissionMembers(ctx, id, mission.RoleHost)
	if err != nil {
		return err
	}
	if len(hosts) == 0 {
		return fmt.Errorf("the running exchange has no host")
	}
	at := s.day(-30).Add(10 * time.Hour)
	if _, err := s.db.ConfirmExchange(ctx, a.ID, mission.PartyHost, 0, at); err != nil {
		return err
	}
	if _, err := s.db.ConfirmExchange(ctx, a.ID, mission.PartyVisitor, 0, at.Add(26*time.Hour)); err != nil {
		return err
	}
	goals := "1. Learn how Mazovia Cluster ICT runs security audits for members.\n" +
		"2. Present Pôle SCS's incident support and compare costs.\n" +
		"3. Draft a joint cybersecurity service offer for both clusters' SMEs."
	if err := s.db.SetExchangeGoals(ctx, a.ID, goals, at.Add(48*time.Hour)); err != nil {
		return err
	}
	for i, sig := range []mission.QualitySignature{
		{Party: mission.PartyVisitor, Name: a.Person.Name, SignedAt: at.Add(72 * time.Hour)},
		{Party: mission.PartyHost, Name: hosts[0].Person.Name, SignedAt: at.Add(74 * time.Hour)},
	} {
		if _, err := s.db.SignCommitment(ctx, a.ID, sig, nil); err != nil {
			return fmt.Errorf("signature %d: %w", i, err)
		}
	}
	return nil
}
