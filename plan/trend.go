package plan

import "time"

// A TrendPoint is the state of the AIMS at one date of a trend (`aims
// trend`, the dashboard's chart): what the commit current at the end of
// that date shows, judged at that date.
type TrendPoint struct {
	// Date is the day judged at, the end of a period (a month's last day).
	Date time.Time
	// Commit is the full hash of the commit current at the end of Date;
	// "" when the repository had no commit yet (the point is empty).
	Commit string
	// Evidenced and Applicable are the clauses and controls implemented
	// and applicable, as the dashboard counts them; ComplianceRate is
	// Evidenced / Applicable (0 when nothing is applicable).
	Evidenced, Applicable int
	ComplianceRate        float64
	// Errors are the open findings of severity error (suppressed ones
	// left out).
	Errors int
	// OverdueReviews are the documents whose review is overdue at Date.
	OverdueReviews int
}
