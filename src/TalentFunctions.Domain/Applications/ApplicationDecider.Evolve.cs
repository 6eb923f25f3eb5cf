namespace TalentFunctions.Domain.Applications;

public static partial class ApplicationDecider
{
    /// <summary>
    /// Applies one event. Pure and total for events the decider produced; throws <see cref="InvalidOperationException"/>
    /// for an event that cannot apply (a corrupt history). After every event, timers that no longer apply to the new
    /// state are dropped (draft timers outside Draft, review timers of assignments no longer open, offer timers outside
    /// Offered), so a final stage never has pending timers.
    /// </summary>
    public static ApplicationState Evolve(ApplicationState? state, ApplicationEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (state is null)
        {
            return e is DraftCreated created
                ? Created(created)
                : throw new InvalidOperationException($"The first event of an application must be {nameof(DraftCreated)}, not {e.GetType().Name}.");
        }

        var next = Apply(state, e) with { Version = state.Version + 1, UpdatedAt = e.At };
        return DropStaleTimers(DropStalePendingDecision(next));
    }

    /// <summary>Rebuilds the state from its full history.</summary>
    public static ApplicationState Replay(IEnumerable<ApplicationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        ApplicationState? state = null;
        foreach (var e in events)
        {
            state = Evolve(state, e);
        }

        return state ?? throw new InvalidOperationException("An application needs at least one event.");
    }

    private static ApplicationState Created(DraftCreated e) => new()
    {
        Id = e.ApplicationId,
        ProgramId = e.ProgramId,
        Cycle = e.Cycle,
        Stage = Stage.Draft,
        Version = 1,
        CreatedAt = e.At,
        UpdatedAt = e.At,
        Deadline = e.Deadline,
        Applicant = e.Applicant,
        Project = e.Project,
        Track = e.Track,
        AccessTokenHash = e.AccessTokenHash,
        Consent = e.Consent,
        PendingTimers = [.. e.Timers],
    };

    private static ApplicationState Apply(ApplicationState s, ApplicationEvent e) => e switch
    {
        DraftCreated => throw new InvalidOperationException($"Application {s.Id} already exists."),
        DraftEdited x => s with { Track = x.Track, Applicant = x.Applicant, Project = x.Project },
        MaterialRequested x => s with
        {
            Materials =
            [
                .. s.Materials.Where(m => m.MaterialId != x.MaterialId),
                new Material(x.MaterialId, x.Kind, x.FileName, x.ContentType, x.Length, x.BlobName, MaterialStatus.Pending, x.At),
            ],
        },
        MaterialAttached x => s with
        {
            Materials = ReplaceMaterial(s, x.MaterialId, m => m with
            {
                Length = x.VerifiedLength,
                ContentType = x.ContentType,
                Status = MaterialStatus.Verified,
                VerifiedAt = x.At,
            }),
        },
        MaterialRemoved x => s with { Materials = [.. s.Materials.Where(m => m.MaterialId != x.MaterialId)] },
        Submitted x => s with { Stage = Stage.Submitted, SubmittedAt = x.At },
        ScreeningStarted => s with { Stage = Stage.Screening },
        ScreenedIn x => s with { Stage = Stage.InReview, ScreeningResult = new ScreeningResult(true, [], x.At) },
        ScreenedOut x => s with { Stage = Stage.ScreenedOut, ScreeningResult = new ScreeningResult(false, [.. x.Reasons], x.At) },
        ScreeningOverridden x => Overridden(s, x),
        MentorAssigned x => SlotFilled(s) with
        {
            Assignments = [.. s.Assignments, new ReviewAssignment(x.AssignmentId, x.MentorId, x.At, x.DueAt, AssignmentStatus.Open, false)],
            PendingTimers = [.. s.PendingTimers, .. x.Timers],
        },
        ReviewReassigned x => SlotFilled(s) with
        {
            Assignments =
            [
                .. s.Assignments,
                new ReviewAssignment(x.NewAssignmentId, x.NewMentorId, x.At, x.DueAt, AssignmentStatus.Open, x.ReassignedOnce, null, x.FromAssignmentId),
            ],
            PendingTimers = [.. s.PendingTimers, .. x.Timers],
        },
        ReviewSlotUnfilled x => s with
        {
            UnfilledSlots = x.UnfilledSlots,
            NeedsAttention = WithReason(s.NeedsAttention, AttentionReasons.NoMentorLeft),
        },
        ReviewSubmitted x => s with
        {
            Assignments = ReplaceAssignment(s, x.AssignmentId, a => a with
            {
                Status = AssignmentStatus.Completed,
                Review = new Review(x.Scores, x.Recommendation, x.Comment, x.At),
            }),
        },
        ReviewsCompleted x => s with { Stage = Stage.Reviewed, WeightedScore = x.WeightedScore },
        ConflictDeclared x => s with { Assignments = ReplaceAssignment(s, x.AssignmentId, a => a with { Status = AssignmentStatus.Conflict }) },
        ReviewReminderDue x => s with { PendingTimers = WithoutTimer(s, TimerIds.ReviewReminder(x.AssignmentId)) },
        ReviewOverdue { SlotReleased: true } x => s with
        {
            Assignments = ReplaceAssignment(s, x.AssignmentId, a => a with { Status = AssignmentStatus.Reassigned }),
        },
        ReviewOverdue x => s with
        {
            PendingTimers = WithoutTimer(s, TimerIds.ReviewDue(x.AssignmentId)),
            NeedsAttention = WithReason(s.NeedsAttention, AttentionReasons.ReviewOverdue(x.AssignmentId)),
        },
        OfferMade x => s with
        {
            Stage = Stage.Offered,
            Offer = new Offer(x.OfferId, x.At, x.ExpiresAt, x.Note),
            DecisionNote = x.Note,
            PendingTimers = [.. s.PendingTimers, .. x.Timers],
        },
        OfferReminderDue x => s with { PendingTimers = WithoutTimer(s, TimerIds.OfferReminder(x.OfferId)) },
        Rejected x => s with { Stage = Stage.Rejected, DecisionNote = x.Note },
        Waitlisted x => s with { Stage = Stage.Waitlisted, DecisionNote = x.Note },
        OfferAccepted => s with { Stage = Stage.Accepted },
        OfferDeclined => s with { Stage = Stage.OfferDeclined },
        OfferExpired => s with { Stage = Stage.OfferExpired },
        Withdrew x => CancelOpenAssignments(s) with { Stage = Stage.Withdrawn, WithdrawalReason = x.Reason },
        DraftReminderDue x => s with
        {
            PendingTimers = WithoutTimer(s, x.TimerId ?? (x.HoursBefore == 72 ? TimerIds.DraftReminder72h : TimerIds.DraftReminder24h)),
        },
        MarkedIncomplete => s with { Stage = Stage.Incomplete },
        NeedsAttentionFlagged x => s with { NeedsAttention = WithReason(s.NeedsAttention, x.Reason) },
        NeedsAttentionResolved x => s with { NeedsAttention = [.. s.NeedsAttention.Where(r => r != x.Reason)] },
        WaitlistNextSuggested => s,
        DecisionRecorded x => s with
        {
            PendingDecision = new PendingDecision(x.Decision, x.Note, x.OverCapacity, x.FromWaitlist, x.At, x.Actor, x.Timer.DueAt),
            PendingTimers = [.. s.PendingTimers.Where(t => t.Kind != TimerKind.DecisionRelease), x.Timer],
        },
        DecisionReleased => s with { PendingDecision = null },
        DecisionReleaseMoved x => s with
        {
            PendingDecision = s.PendingDecision! with { ReleaseAt = x.Timer.DueAt },
            PendingTimers = [.. s.PendingTimers.Where(t => t.Kind != TimerKind.DecisionRelease), x.Timer],
        },
        _ => throw new InvalidOperationException($"Unknown event {e.GetType().Name}."),
    };

    private static ApplicationState Overridden(ApplicationState s, ScreeningOverridden x)
    {
        var previous = s.ScreeningResult ?? new ScreeningResult(false, [], x.At);
        if (x.Outcome == ScreeningOutcome.Pass)
        {
            return s with
            {
                Stage = Stage.InReview,
                ScreeningResult = previous with { Passed = true, CompletedAt = x.At, Overridden = true, OverrideNote = x.Note },
            };
        }

        return CancelOpenAssignments(s) with
        {
            Stage = Stage.ScreenedOut,
            ScreeningResult = previous with
            {
                Passed = false,
                Reasons = [.. previous.Reasons, new ScreeningFinding(ScreeningReason.StaffOverride, x.Note)],
                CompletedAt = x.At,
                Overridden = true,
                OverrideNote = x.Note,
            },
        };
    }

    /// <summary>One reported-unfilled slot got a mentor; when none is left unfilled, "no-mentor-left" resolves itself.</summary>
    private static ApplicationState SlotFilled(ApplicationState s)
    {
        if (s.UnfilledSlots == 0)
        {
            return s;
        }

        var left = s.UnfilledSlots - 1;
        return s with
        {
            UnfilledSlots = left,
            NeedsAttention = left > 0 ? s.NeedsAttention : [.. s.NeedsAttention.Where(r => r != AttentionReasons.NoMentorLeft)],
        };
    }

    private static ApplicationState CancelOpenAssignments(ApplicationState s) => s with
    {
        Assignments = [.. s.Assignments.Select(a => a.Status == AssignmentStatus.Open ? a with { Status = AssignmentStatus.Cancelled } : a)],
    };

    /// <summary>A decision waits only while staff could still decide (not once withdrawn, offered, rejected…).</summary>
    private static ApplicationState DropStalePendingDecision(ApplicationState s) =>
        s.PendingDecision is not null && !StageRules.CanDecide(s.Stage) ? s with { PendingDecision = null } : s;

    private static ApplicationState DropStaleTimers(ApplicationState s)
    {
        var kept = s.PendingTimers.Where(t => TimerApplies(s, t)).ToList();
        return kept.Count == s.PendingTimers.Count ? s : s with { PendingTimers = kept };
    }

    private static bool TimerApplies(ApplicationState s, PendingTimer t) => t.Kind switch
    {
        TimerKind.DraftReminder72h or TimerKind.DraftReminder24h or TimerKind.DraftDeadline => s.Stage == Stage.Draft,
        TimerKind.ReviewReminder or TimerKind.ReviewDue =>
            s.Stage == Stage.InReview && s.FindAssignment(t.Subject)?.Status == AssignmentStatus.Open,
        TimerKind.OfferReminder or TimerKind.OfferExpiry => s.Stage == Stage.Offered && s.Offer?.OfferId == t.Subject,
        TimerKind.DecisionRelease => s.PendingDecision is not null,
        _ => false,
    };

    private static IReadOnlyList<Material> ReplaceMaterial(ApplicationState s, string materialId, Func<Material, Material> change)
    {
        if (s.FindMaterial(materialId) is null)
        {
            throw new InvalidOperationException($"Application {s.Id} has no material {materialId}.");
        }

        return [.. s.Materials.Select(m => m.MaterialId == materialId ? change(m) : m)];
    }

    private static IReadOnlyList<ReviewAssignment> ReplaceAssignment(
        ApplicationState s,
        string assignmentId,
        Func<ReviewAssignment, ReviewAssignment> change)
    {
        if (s.FindAssignment(assignmentId) is null)
        {
            throw new InvalidOperationException($"Application {s.Id} has no assignment {assignmentId}.");
        }

        return [.. s.Assignments.Select(a => a.AssignmentId == assignmentId ? change(a) : a)];
    }

    private static IReadOnlyList<PendingTimer> WithoutTimer(ApplicationState s, string timerId) =>
        [.. s.PendingTimers.Where(t => t.TimerId != timerId)];

    private static IReadOnlyList<string> WithReason(IReadOnlyList<string> reasons, string reason) =>
        reasons.Contains(reason) ? reasons : [.. reasons, reason];
}

/// <summary>Needs-attention reasons the rules themselves raise.</summary>
public static class AttentionReasons
{
    public const string NoMentorLeft = "no-mentor-left";

    public static string ReviewOverdue(string assignmentId) => $"review-overdue:{assignmentId}";
}
