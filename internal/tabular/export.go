package tabular

import (
	"strconv"
	"time"

	"caravan/internal/mission"
)

// ExportWhat names what an export holds.
const (
	ExportParticipants = "participants"
	ExportProgramme    = "programme"
	ExportApplications = "applications"
)

// ExportKinds lists what can be exported.
var ExportKinds = []string{ExportParticipants, ExportProgramme, ExportApplications}

// Participants returns the header and rows of a mission's members: one row
// per person and role, with the columns an import reads back.
func Participants(members []*mission.MissionMember) ([]string, [][]string) {
	header := []string{"Name", "E-mail", "Phone", "Job title", "Organisation", "Kind", "Country", "City", "Website", "Role"}
	rows := make([][]string, 0, len(members))
	for _, mm := range members {
		p := mm.Person
		o := p.Organisation
		if o == nil {
			o = &mission.Organisation{}
		}
		rows = append(rows, []string{p.Name, p.Email, p.Phone, p.JobTitle, o.Name, o.Kind, o.Country, o.City, o.Website, mm.Role})
	}
	return header, rows
}

// Programme returns the header and rows of a mission's programme, times in
// the mission's time zone.
func Programme(items []*mission.ProgrammeItem, loc *time.Location) ([]string, [][]string) {
	header := []string{"Date", "Starts", "Ends", "Kind", "Title", "Venue", "Address", "Capacity", "Sign-up required", "Description"}
	rows := make([][]string, 0, len(items))
	for _, it := range items {
		s, e := it.StartsAt.In(loc), it.EndsAt.In(loc)
		rows = append(rows, []string{s.Format("2006-01-02"), s.Format("15:04"), e.Format("15:04"), it.Kind, it.Title,
			it.Venue, it.Address, strconv.Itoa(it.Capacity), yesNo(it.SignupRequired), it.Description})
	}
	return header, rows
}

// Applications returns the header and rows of a mission's applications,
// each with its applicant and the applicant's organisation.
func Applications(apps []*mission.Application) ([]string, [][]string) {
	header := []string{"Application", "Name", "E-mail", "Organisation", "Country", "Status", "Score", "Submitted", "Motivation"}
	rows := make([][]string, 0, len(apps))
	for _, a := range apps {
		p := a.Person
		if p == nil {
			p = &mission.Person{}
		}
		o := p.Organisation
		if o == nil {
			o = &mission.Organisation{}
		}
		submitted := ""
		if !a.SubmittedAt.IsZero() {
			submitted = a.SubmittedAt.UTC().Format(time.RFC3339)
		}
		rows = append(rows, []string{strconv.FormatInt(a.ID, 10), p.Name, p.Email, o.Name, o.Country, a.Status,
			strconv.FormatFloat(a.Score, 'f', -1, 64), submitted, a.Motivation})
	}
	return header, rows
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
