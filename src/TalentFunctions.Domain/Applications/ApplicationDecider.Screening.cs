namespace TalentFunctions.Domain.Applications;

public static partial class ApplicationDecider
{
    private static Decision StartScreeningDecision(Run run)
    {
        var s = run.S;
        switch (s.Stage)
        {
            case Stage.Draft:
                return Illegal(RefusalCodes.NotSubmitted, "The application has not been submitted.");
            case Stage.Submitted:
                run.Emit(new ScreeningStarted(run.Now, run.Actor));
                return run.Finish();
            default:
                return run.Finish();
        }
    }

    private static Decision CompleteScreeningDecision(Run run, CompleteScreening c)
    {
        var s = run.S;
        if (s.Stage == Stage.Draft)
        {
            return Illegal(RefusalCodes.NotSubmitted, "The application has not been submitted.");
        }

        if (s.Stage is not (Stage.Submitted or Stage.Screening))
        {
            return run.Finish();
        }

        var findings = ScreeningRules.Evaluate(s, run.Program, run.Now, c.DuplicateOfOtherApplication, c.DuplicateApplicationId);
        if (findings.Count == 0)
        {
            run.Emit(new ScreenedIn(run.Now, run.Actor));
            run.EmailApplicant(EmailKind.UnderReview);
            run.Work(WorkKind.AssignMentors);
        }
        else
        {
            run.Emit(new ScreenedOut(run.Now, run.Actor, findings));
            run.EmailApplicant(EmailKind.ScreenedOut, d => d with { Reasons = [.. findings.Select(ScreeningReasonData.From)] });
        }

        return run.Finish();
    }

    private static Decision OverrideScreeningDecision(Run run, OverrideScreening c)
    {
        var s = run.S;
        var errors = new List<string>();
        DraftRules.RequiredText(c.Note, "note", DraftRules.MaxNoteLength, errors);
        if (!Enum.IsDefined(c.Outcome))
        {
            errors.Add("outcome must be Pass or Fail");
        }

        if (errors.Count > 0)
        {
            return Invalid("An override needs an outcome and a note.", errors);
        }

        var note = c.Note.Trim();
        if (c.Outcome == ScreeningOutcome.Pass)
        {
            switch (s.Stage)
            {
                case Stage.InReview:
                    return run.Finish();
                case Stage.ScreenedOut:
                    run.Emit(new ScreeningOverridden(run.Now, run.Actor, ScreeningOutcome.Pass, note));
                    run.EmailApplicant(EmailKind.UnderReview);
                    run.Work(WorkKind.AssignMentors);
                    return run.Finish();
                default:
                    return Illegal(RefusalCodes.ScreeningNotComplete, $"Only a screened-out application can be screened in; this one is {s.Stage}.");
            }
        }

        switch (s.Stage)
        {
            case Stage.ScreenedOut:
                return run.Finish();
            case Stage.InReview when s.Assignments.Any(a => a.Status == AssignmentStatus.Completed):
                return Illegal(RefusalCodes.ReviewsStarted, "A review has already been submitted; decide the application instead.");
            case Stage.InReview:
                var open = s.Assignments.Where(a => a.Status == AssignmentStatus.Open).ToList();
                run.Emit(new ScreeningOverridden(run.Now, run.Actor, ScreeningOutcome.Fail, note));
                run.EmailApplicant(
                    EmailKind.ScreenedOut,
                    d => d with { Reasons = [new ScreeningReasonData(ScreeningReason.StaffOverride, Note: note)] });
                foreach (var a in open)
                {
                    run.EmailMentor(EmailKind.MentorReviewCancelled, a);
                }

                return run.Finish();
            case Stage.Reviewed or Stage.Waitlisted or Stage.Offered:
                return Illegal(RefusalCodes.ReviewsStarted, "The application has been reviewed; decide it instead.");
            default:
                return Illegal(RefusalCodes.ScreeningNotComplete, $"Only an application in review can be screened out; this one is {s.Stage}.");
        }
    }
}
