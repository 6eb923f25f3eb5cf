using System.Globalization;

namespace TalentFunctions.Domain.Applications;

public static partial class ApplicationDecider
{
    private static Decision StaffDecisionDecision(Run run, Decide c)
    {
        var s = run.S;
        if (!StageRules.CanDecide(s.Stage))
        {
            return Illegal(RefusalCodes.NotReviewed, $"Only a reviewed or waitlisted application can be decided; this one is {s.Stage}.");
        }

        if (!Enum.IsDefined(c.Decision))
        {
            return Invalid("Unknown decision.", ["decision must be Offer, Reject or Waitlist"]);
        }

        var note = c.Note?.Trim() ?? "";
        if (DraftRules.Length(note) > DraftRules.MaxNoteLength)
        {
            return Invalid("The note is too long.", [$"note must be at most {DraftRules.MaxNoteLength} characters"]);
        }

        if ((c.ReleaseAt ?? run.Program.Decisions.ReleaseAt) is { } releaseAt && releaseAt > run.Now)
        {
            if (c.Decision == StaffDecision.Waitlist && s.Stage == Stage.Waitlisted && s.PendingDecision is null)
            {
                return run.Finish(); // already waitlisted, nothing pending: nothing to announce
            }

            // Announced together: recorded now, seen by staff only, sent at the release date (or when staff release it).
            var timer = new PendingTimer(TimerIds.DecisionRelease(s.Version + 1), releaseAt, TimerKind.DecisionRelease);
            run.Emit(new DecisionRecorded(run.Now, run.Actor, c.Decision, note, c.OverCapacity, c.FromWaitlist, timer));
            return run.Finish();
        }

        Announce(run, c.Decision, note, c.OverCapacity, c.FromWaitlist);
        return run.Finish();
    }

    /// <summary>Staff send the pending decision now, before the announcement date.</summary>
    private static Decision ReleaseDecisionDecision(Run run)
    {
        if (run.S.PendingDecision is null)
        {
            return Illegal(RefusalCodes.NoPendingDecision, $"There is no decision waiting to be released; the application is {run.S.Stage}.");
        }

        Release(run);
        return run.Finish();
    }

    /// <summary>The announcement date moved: the pending decision waits for the new one (a new timer replaces the old).</summary>
    private static Decision MoveDecisionReleaseDecision(Run run, MoveDecisionRelease c)
    {
        var pending = run.S.PendingDecision;
        if (pending is null || pending.ReleaseAt == c.ReleaseAt)
        {
            return run.Finish();
        }
        if (c.ReleaseAt <= run.Now)
        {
            return Invalid("The new announcement date has passed.", ["releaseAt must be in the future; release the decisions now instead"]);
        }

        var timer = new PendingTimer(TimerIds.DecisionRelease(run.S.Version + 1), c.ReleaseAt, TimerKind.DecisionRelease);
        run.Emit(new DecisionReleaseMoved(run.Now, run.Actor, timer));
        return run.Finish();
    }

    /// <summary>The pending decision goes out as if decided now: an offer's validity counts from this moment.</summary>
    private static void Release(Run run)
    {
        var pending = run.S.PendingDecision!;
        run.Emit(new DecisionReleased(run.Now, run.Actor, pending.Decision));
        Announce(run, pending.Decision, pending.Note, pending.OverCapacity, pending.FromWaitlist);
    }

    /// <summary>The decision's event and the applicant's email (and, for an offer, its reminder and expiry timers).</summary>
    private static void Announce(Run run, StaffDecision decision, string note, bool overCapacity, bool fromWaitlist)
    {
        var s = run.S;
        switch (decision)
        {
            case StaffDecision.Offer:
                var offerId = "o" + (s.Version + 1).ToString(CultureInfo.InvariantCulture);
                var expiresAt = run.Now + run.Program.Timings.OfferValidity;
                var timers = TimerIds.ReminderAndDue(
                    run.Program.Timings.ReminderLead,
                    run.Now,
                    expiresAt,
                    TimerIds.OfferReminder(offerId),
                    TimerKind.OfferReminder,
                    TimerIds.OfferExpiry(offerId),
                    TimerKind.OfferExpiry,
                    offerId);
                run.Emit(new OfferMade(run.Now, run.Actor, offerId, expiresAt, note, timers, overCapacity, fromWaitlist));
                run.EmailApplicant(EmailKind.OfferMade, d => d with
                {
                    OfferId = offerId,
                    ExpiresAt = Mail.Utc(expiresAt),
                    Note = note,
                });
                break;
            case StaffDecision.Reject:
                run.Emit(new Rejected(run.Now, run.Actor, note));
                run.EmailApplicant(EmailKind.Rejected, d => d with { Note = note });
                break;
            case StaffDecision.Waitlist when s.Stage == Stage.Waitlisted:
                break;
            case StaffDecision.Waitlist:
                run.Emit(new Waitlisted(run.Now, run.Actor, note));
                run.EmailApplicant(EmailKind.Waitlisted, d => d with { Note = note });
                break;
        }
    }

    /// <summary>Staff are told this waitlisted application is next for a freed seat; nothing else changes.</summary>
    private static Decision SuggestFromWaitlistDecision(Run run, SuggestFromWaitlist c)
    {
        if (run.S.Stage != Stage.Waitlisted)
        {
            return Illegal(RefusalCodes.NotWaitlisted, $"Only a waitlisted application can be suggested; this one is {run.S.Stage}.");
        }

        run.Emit(new WaitlistNextSuggested(run.Now, run.Actor, c.FreedBy));
        run.EmailStaff(EmailKind.StaffWaitlistNext, d => d with { WeightedScore = run.S.WeightedScore });
        return run.Finish();
    }

    private static Decision RespondToOfferDecision(Run run, RespondToOffer c)
    {
        var s = run.S;
        if (s.Stage != Stage.Offered || s.Offer is null)
        {
            return Illegal(RefusalCodes.NoOpenOffer, $"There is no open offer; the application is {s.Stage}.");
        }

        if (s.Offer.OfferId != c.OfferId)
        {
            return Decision.Refused(RefusalKind.NotFound, RefusalCodes.OfferNotFound, $"There is no offer {c.OfferId}.");
        }

        if (run.Now >= s.Offer.ExpiresAt)
        {
            return Decision.Refused(RefusalKind.DeadlinePassed, RefusalCodes.OfferExpired, $"The offer expired at {Iso(s.Offer.ExpiresAt)}.");
        }

        var offerId = s.Offer.OfferId;
        if (c.Accept)
        {
            run.Emit(new OfferAccepted(run.Now, run.Actor, offerId));
            run.EmailApplicant(EmailKind.AcceptedWelcome, d => d with { OfferId = offerId });
            run.EmailStaff(EmailKind.StaffOfferAccepted, d => d with { OfferId = offerId });
        }
        else
        {
            run.Emit(new OfferDeclined(run.Now, run.Actor, offerId));
            run.EmailStaff(EmailKind.StaffOfferDeclined, d => d with { OfferId = offerId });
        }

        return run.Finish();
    }

    /// <summary>A timer fell due. Timers the state no longer waits for are ignored (zero events).</summary>
    private static Decision TimerFiredDecision(Run run, TimerFired c)
    {
        var s = run.S;
        var timer = s.FindTimer(c.TimerId);
        if (timer is null)
        {
            return run.Finish();
        }

        run.FiredTimerId = timer.TimerId;
        switch (timer.Kind)
        {
            case TimerKind.DraftReminder72h or TimerKind.DraftReminder24h:
                var lead = timer.Kind == TimerKind.DraftReminder72h ? run.Program.Timings.DraftFirstReminderLead : run.Program.Timings.DraftLastReminderLead;
                var hours = (int)Math.Round(lead.TotalHours);
                run.Emit(new DraftReminderDue(run.Now, run.Actor, hours, timer.TimerId));
                run.EmailApplicant(
                    timer.Kind == TimerKind.DraftReminder72h ? EmailKind.DraftReminder72h : EmailKind.DraftReminder24h,
                    d => d with { Deadline = Mail.Utc(s.Deadline), HoursBefore = hours });
                break;
            case TimerKind.DraftDeadline:
                run.Emit(new MarkedIncomplete(run.Now, run.Actor));
                run.EmailApplicant(EmailKind.MarkedIncomplete, d => d with { Deadline = Mail.Utc(s.Deadline) });
                break;
            case TimerKind.ReviewReminder:
                run.Emit(new ReviewReminderDue(run.Now, run.Actor, timer.Subject!));
                run.EmailMentor(EmailKind.MentorReviewReminder, s.FindAssignment(timer.Subject)!);
                break;
            case TimerKind.ReviewDue:
                ReviewFellDue(run, s.FindAssignment(timer.Subject)!);
                break;
            case TimerKind.OfferReminder:
                run.Emit(new OfferReminderDue(run.Now, run.Actor, timer.Subject!));
                run.EmailApplicant(EmailKind.OfferReminder, d => d with
                {
                    OfferId = timer.Subject!,
                    ExpiresAt = Mail.Utc(s.Offer!.ExpiresAt),
                });
                break;
            case TimerKind.OfferExpiry:
                run.Emit(new OfferExpired(run.Now, run.Actor, timer.Subject!));
                run.EmailStaff(EmailKind.StaffOfferExpired, d => d with { OfferId = timer.Subject! });
                break;
            case TimerKind.DecisionRelease:
                Release(run);
                break;
        }

        return run.Finish();
    }

    /// <summary>An open review fell due: reassign the slot once; the second time, keep it open and ask staff to step in.</summary>
    private static void ReviewFellDue(Run run, ReviewAssignment assignment)
    {
        if (!assignment.ReassignedOnce)
        {
            run.Emit(new ReviewOverdue(run.Now, run.Actor, assignment.AssignmentId, SlotReleased: true));
            run.EmailMentor(EmailKind.MentorSlotReassigned, assignment);
            run.EmailStaff(EmailKind.StaffReviewReassigned, d => d with
            {
                FromAssignmentId = assignment.AssignmentId,
                MentorId = assignment.MentorId,
                MentorName = run.Program.FindMentor(assignment.MentorId)?.Name ?? assignment.MentorId,
            });
            run.Work(WorkKind.AssignMentors);
            return;
        }

        var reason = AttentionReasons.ReviewOverdue(assignment.AssignmentId);
        run.Emit(new ReviewOverdue(run.Now, run.Actor, assignment.AssignmentId, SlotReleased: false));
        run.EmailStaff(EmailKind.StaffNeedsAttention, d => d with
        {
            AttentionReason = reason,
            AssignmentId = assignment.AssignmentId,
            MentorId = assignment.MentorId,
            MentorName = run.Program.FindMentor(assignment.MentorId)?.Name ?? assignment.MentorId,
        });
    }
}
