using TalentFunctions.Domain.Programs;

namespace TalentFunctions.Domain.Applications;

public static partial class ApplicationDecider
{
    private static Decision CreateDraftDecision(CreateDraft c, DecisionContext context)
    {
        var now = context.Now;
        var program = context.Programs.Get(c.ProgramId);
        if (program is null)
        {
            return Decision.Refused(RefusalKind.NotFound, RefusalCodes.ProgramNotFound, $"There is no program '{c.ProgramId}'.");
        }

        if (now < program.OpensAt)
        {
            return Illegal(RefusalCodes.ProgramNotOpen, $"{program.Name.En} opens for applications at {Iso(program.OpensAt)}.");
        }

        if (now > program.Deadline)
        {
            return Decision.Refused(
                RefusalKind.DeadlinePassed,
                RefusalCodes.DeadlinePassed,
                $"The {program.Cycle} deadline of {program.Name.En} ({Iso(program.Deadline)}) has passed.");
        }

        var errors = DraftRules.Validate(program, c.Track, c.Applicant, c.Project, now, c.Partial);
        if (!DraftRules.IsValidId(c.ApplicationId))
        {
            errors.Insert(0, $"applicationId must be 1-{DraftRules.MaxIdLength} letters, digits, '-' or '_'");
        }

        if (string.IsNullOrWhiteSpace(c.AccessTokenHash))
        {
            errors.Add("accessTokenHash is required");
        }

        if (errors.Count > 0)
        {
            return Invalid("The application is not valid.", errors);
        }

        var timers = new List<PendingTimer>(3);
        AddIfAhead(timers, now, new PendingTimer(TimerIds.DraftReminder72h, program.Deadline - program.Timings.DraftFirstReminderLead, TimerKind.DraftReminder72h));
        AddIfAhead(timers, now, new PendingTimer(TimerIds.DraftReminder24h, program.Deadline - program.Timings.DraftLastReminderLead, TimerKind.DraftReminder24h));
        timers.Add(new PendingTimer(TimerIds.DraftDeadline, program.Deadline, TimerKind.DraftDeadline));

        var run = new Run(null, program, now, c.Actor);
        run.Emit(new DraftCreated(
            now,
            c.Actor,
            c.ApplicationId,
            program.Id,
            program.Cycle,
            c.Track,
            DraftRules.Normalize(c.Applicant),
            c.Project,
            c.AccessTokenHash,
            program.Deadline,
            timers,
            c.PrivacyNotice is { Length: > 0 } notice ? new Consent(notice, now) : null));
        run.EmailApplicant(EmailKind.DraftStarted, d => d with { Deadline = Mail.Utc(program.Deadline) });
        return run.Finish();
    }

    private static void AddIfAhead(List<PendingTimer> timers, DateTimeOffset now, PendingTimer timer)
    {
        if (timer.DueAt > now)
        {
            timers.Add(timer);
        }
    }

    private static Decision EditDraftDecision(Run run, EditDraft c)
    {
        var s = run.S;
        if (s.Stage != Stage.Draft)
        {
            return NotADraft(s);
        }

        if (run.Now > s.Deadline)
        {
            return TooLate(s);
        }

        var track = c.Track ?? s.Track;
        var applicant = c.Applicant is null ? s.Applicant : DraftRules.Normalize(c.Applicant);
        if (c.ApplicantChanges is { } applicantChanges)
        {
            applicant = DraftRules.Normalize(applicantChanges.ApplyTo(applicant));
        }

        var project = c.Project ?? s.Project;
        if (c.ProjectChanges is { } projectChanges)
        {
            project = projectChanges.ApplyTo(project);
        }

        // A draft may miss parts until it is submitted (see DraftRules.Missing); what it holds must be valid.
        var errors = DraftRules.Validate(run.Program, track, applicant, project, run.Now, partial: true);
        if (errors.Count > 0)
        {
            return Invalid("The changes are not valid.", errors);
        }

        if (track == s.Track && DraftRules.SameApplicant(applicant, s.Applicant) && project == s.Project)
        {
            return run.Finish();
        }

        run.Emit(new DraftEdited(run.Now, run.Actor, track, applicant, project));
        return run.Finish();
    }

    private static Decision RequestMaterialDecision(Run run, RequestMaterial c)
    {
        var s = run.S;
        if (s.Stage != Stage.Draft)
        {
            return NotADraft(s);
        }

        if (run.Now > s.Deadline)
        {
            return TooLate(s);
        }

        var rule = run.Program.RuleFor(c.Kind);
        if (rule is null)
        {
            return Decision.Refused(
                RefusalKind.InvalidInput,
                RefusalCodes.MaterialKindNotAccepted,
                $"{run.Program.Name.En} does not take a {ScreeningRules.MaterialName(c.Kind)}.",
                [$"kind must be one of {string.Join(", ", run.Program.Materials.Select(m => ScreeningRules.MaterialName(m.Kind)))}"]);
        }

        var errors = new List<string>();
        if (!DraftRules.IsValidId(c.MaterialId))
        {
            errors.Add($"materialId must be 1-{DraftRules.MaxIdLength} letters, digits, '-' or '_'");
        }

        DraftRules.RequiredText(c.FileName, "fileName", DraftRules.MaxFileNameLength, errors);
        if (string.IsNullOrWhiteSpace(c.BlobName))
        {
            errors.Add("blobName is required");
        }

        if (c.Length <= 0)
        {
            errors.Add("length must be > 0");
        }

        if (errors.Count > 0)
        {
            return Invalid("The upload request is not valid.", errors);
        }

        var refusal = CheckMaterial(rule, c.Length, c.ContentType, "length");
        if (refusal is not null)
        {
            return refusal;
        }

        var existing = s.FindMaterial(c.MaterialId);
        if (existing is not null)
        {
            var same = existing.Kind == c.Kind && existing.FileName == c.FileName && existing.ContentType == c.ContentType
                && existing.BlobName == c.BlobName;
            return same
                ? run.Finish()
                : Decision.Refused(RefusalKind.Conflict, RefusalCodes.MaterialExists, $"Material {c.MaterialId} already exists with other details.");
        }

        if (s.Materials.Count >= DraftRules.MaxMaterials)
        {
            return Decision.Refused(
                RefusalKind.Conflict,
                RefusalCodes.TooManyMaterials,
                $"An application holds at most {DraftRules.MaxMaterials} materials; remove one first.");
        }

        run.Emit(new MaterialRequested(run.Now, run.Actor, c.MaterialId, c.Kind, c.FileName, c.ContentType, c.Length, c.BlobName));
        return run.Finish();
    }

    private static Decision? CheckMaterial(MaterialRule rule, long length, string? contentType, string lengthField)
    {
        var kind = ScreeningRules.MaterialName(rule.Kind);
        if (length > rule.MaxBytes)
        {
            return Decision.Refused(
                RefusalKind.InvalidInput,
                RefusalCodes.MaterialTooLarge,
                $"A {kind} may be at most {rule.MaxBytes} bytes.",
                [$"{lengthField} {length} exceeds {rule.MaxBytes}"]);
        }

        if (!rule.AcceptsContentType(contentType))
        {
            return Decision.Refused(
                RefusalKind.InvalidInput,
                RefusalCodes.ContentTypeNotAccepted,
                $"A {kind} must be one of {string.Join(", ", rule.ContentTypes)}.",
                [$"contentType '{contentType}' is not accepted for a {kind}"]);
        }

        return null;
    }

    private static Decision AttachMaterialDecision(Run run, AttachMaterial c)
    {
        var s = run.S;
        if (s.Stage != Stage.Draft)
        {
            return NotADraft(s);
        }

        var material = s.FindMaterial(c.MaterialId);
        if (material is null)
        {
            return Decision.Refused(RefusalKind.NotFound, RefusalCodes.MaterialNotFound, $"There is no material {c.MaterialId}.");
        }

        var rule = run.Program.RuleFor(material.Kind);
        if (rule is null)
        {
            return Decision.Refused(
                RefusalKind.InvalidInput,
                RefusalCodes.MaterialKindNotAccepted,
                $"{run.Program.Name.En} no longer takes a {ScreeningRules.MaterialName(material.Kind)}.");
        }

        if (c.VerifiedLength <= 0)
        {
            return Invalid("The uploaded file is empty.", ["verifiedLength must be > 0"]);
        }

        var refusal = CheckMaterial(rule, c.VerifiedLength, c.ContentType, "verifiedLength");
        if (refusal is not null)
        {
            return refusal;
        }

        if (material.Status == MaterialStatus.Verified && material.Length == c.VerifiedLength && material.ContentType == c.ContentType)
        {
            return run.Finish();
        }

        run.Emit(new MaterialAttached(run.Now, run.Actor, c.MaterialId, c.VerifiedLength, c.ContentType));
        return run.Finish();
    }

    private static Decision RemoveMaterialDecision(Run run, RemoveMaterial c)
    {
        var s = run.S;
        if (s.Stage != Stage.Draft)
        {
            return NotADraft(s);
        }

        if (s.FindMaterial(c.MaterialId) is null)
        {
            return Decision.Refused(RefusalKind.NotFound, RefusalCodes.MaterialNotFound, $"There is no material {c.MaterialId}.");
        }

        run.Emit(new MaterialRemoved(run.Now, run.Actor, c.MaterialId));
        return run.Finish();
    }

    private static Decision SubmitDecision(Run run)
    {
        var s = run.S;
        if (s.Stage != Stage.Draft)
        {
            return Illegal(RefusalCodes.NotADraft, $"Only a draft can be submitted; this application is {s.Stage}.");
        }

        if (run.Now > s.Deadline)
        {
            return TooLate(s);
        }

        var missing = DraftRules.Missing(s, run.Program);
        if (missing.Any(m => !m.Field.StartsWith("materials.", StringComparison.Ordinal)))
        {
            return Decision.Refused(
                RefusalKind.Incomplete,
                RefusalCodes.ApplicationIncomplete,
                "The application is not complete yet.",
                [.. missing.Select(m => $"{m.Field}: {m.Message}")],
                missing);
        }

        var missingMaterials = ScreeningRules.MissingRequiredMaterials(s, run.Program);
        if (missingMaterials.Count > 0)
        {
            return Decision.Refused(
                RefusalKind.MissingMaterials,
                RefusalCodes.MissingMaterials,
                $"Upload the required material first: {string.Join(", ", missingMaterials.Select(ScreeningRules.MaterialName))}.",
                [.. missingMaterials.Select(ScreeningRules.MaterialName)],
                missing);
        }

        var errors = DraftRules.Validate(run.Program, s.Track, s.Applicant, s.Project, run.Now);
        if (errors.Count > 0)
        {
            return Invalid("The application is not valid.", errors);
        }

        run.Emit(new Submitted(run.Now, run.Actor));
        run.EmailApplicant(EmailKind.SubmissionReceived);
        run.Work(WorkKind.Screening);
        return run.Finish();
    }

    private static Decision WithdrawDecision(Run run, Withdraw c)
    {
        var s = run.S;
        if (!StageRules.CanWithdraw(s.Stage))
        {
            return Illegal(RefusalCodes.ApplicationClosed, $"The application is already closed ({s.Stage}).");
        }

        if (DraftRules.Length(c.Reason) > DraftRules.MaxNoteLength)
        {
            return Invalid("The reason is too long.", [$"reason must be at most {DraftRules.MaxNoteLength} characters"]);
        }

        var open = s.Assignments.Where(a => a.Status == AssignmentStatus.Open).ToList();
        run.Emit(new Withdrew(run.Now, run.Actor, string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim()));
        run.EmailApplicant(EmailKind.WithdrawalConfirmed);
        foreach (var a in open)
        {
            run.EmailMentor(EmailKind.MentorReviewCancelled, a);
        }

        return run.Finish();
    }

    private static Decision FlagNeedsAttentionDecision(Run run, FlagNeedsAttention c)
    {
        var errors = new List<string>();
        DraftRules.RequiredText(c.Reason, "reason", DraftRules.MaxReasonLength, errors);
        if (errors.Count > 0)
        {
            return Invalid("A reason is required.", errors);
        }

        var reason = c.Reason.Trim();
        if (run.S.NeedsAttention.Contains(reason))
        {
            return run.Finish();
        }

        run.Emit(new NeedsAttentionFlagged(run.Now, run.Actor, reason));
        if (c.NotifyStaff)
        {
            run.EmailStaff(EmailKind.StaffNeedsAttention, d => d with { AttentionReason = reason });
        }

        return run.Finish();
    }

    private static Decision ResolveNeedsAttentionDecision(Run run, ResolveNeedsAttention c)
    {
        var reason = c.Reason?.Trim() ?? "";
        if (!run.S.NeedsAttention.Contains(reason))
        {
            return run.Finish();
        }

        run.Emit(new NeedsAttentionResolved(run.Now, run.Actor, reason));
        return run.Finish();
    }
}
