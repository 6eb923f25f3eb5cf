using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using static TalentFunctions.Domain.Tests.TestData;

namespace TalentFunctions.Domain.Tests;

public sealed class JsonTests
{
    private static readonly DateTimeOffset T = Now;
    private static readonly PendingTimer[] Timers = [new("review-remind-a1", T.AddDays(12), TimerKind.ReviewReminder, "a1")];

    public static TheoryData<string> EventTypes() => [.. DerivedTypes<ApplicationEvent>().Select(t => t.Name)];

    private static IEnumerable<Type> DerivedTypes<TBase>() =>
        typeof(TBase).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType);

    private static readonly ApplicationEvent[] SampleEvents =
    [
        new DraftCreated(T, "applicant", "app-1", "hina-directors", "2026-27", "original-ip", Applicant(), Project(), "hash", Hina.Deadline,
            [new PendingTimer(TimerIds.DraftDeadline, Hina.Deadline, TimerKind.DraftDeadline)], new Consent("2026-12", T)),
        new DraftEdited(T, "applicant", "second-unit", Applicant(affiliations: ["Studio A Pictures"]), Project() with { Format = ProjectFormat.ShortDrama }),
        new MaterialRequested(T, "applicant", "m1", MaterialKind.Reel, "reel.mp4", "video/mp4", 1024, "materials/m1"),
        new MaterialAttached(T, "system", "m1", 1000, "video/mp4"),
        new MaterialRemoved(T, "applicant", "m1"),
        new Submitted(T, "applicant"),
        new ScreeningStarted(T, "system"),
        new ScreenedIn(T, "system"),
        new ScreenedOut(T, "system", [new ScreeningFinding(ScreeningReason.SchoolNotRecognised, "'X' is not recognised"), new ScreeningFinding(ScreeningReason.TextTooLong, "project.title") { Field = "project.title", Length = 120, Limit = 100 }]),
        new ScreeningOverridden(T, "staff:amy", ScreeningOutcome.Pass, "ok"),
        new MentorAssigned(T, "system", "a1", "hd-chen-yu", T.AddDays(14), Timers),
        new ReviewReassigned(T, "system", "a1", "a3", "hd-amara-okafor", T.AddDays(14), true, Timers),
        new ReviewSlotUnfilled(T, "system", 2),
        new ReviewSubmitted(T, "mentor", "a1", "hd-chen-yu", new Dictionary<string, int> { ["story"] = 5, ["international-appeal"] = 3 }, Recommendation.Decline, "评论"),
        new ReviewsCompleted(T, "mentor", 3.8125),
        new ConflictDeclared(T, "mentor", "a1", "hd-chen-yu", "former colleague"),
        new ReviewReminderDue(T, "system", "a1"),
        new ReviewOverdue(T, "system", "a1", true),
        new OfferMade(T, "staff:amy", "o30", T.AddDays(14), "Welcome", Timers),
        new OfferReminderDue(T, "system", "o30"),
        new Rejected(T, "staff:amy", "Not this year"),
        new Waitlisted(T, "staff:amy", ""),
        new OfferAccepted(T, "applicant", "o30"),
        new OfferDeclined(T, "applicant", "o30"),
        new OfferExpired(T, "system", "o30"),
        new Withdrew(T, "applicant", null),
        new DraftReminderDue(T, "system", 72),
        new MarkedIncomplete(T, "system"),
        new NeedsAttentionFlagged(T, "system", "poison"),
        new NeedsAttentionResolved(T, "staff:amy", "poison"),
        new WaitlistNextSuggested(T, "waitlist", "app-freed"),
        new DecisionRecorded(T, "staff:amy", StaffDecision.Reject, "Not this year.", false, false,
            new PendingTimer("decision-release-v9", T.AddDays(30), TimerKind.DecisionRelease)),
        new DecisionReleased(T, "timer", StaffDecision.Reject),
        new DecisionReleaseMoved(T, "staff:ben", new PendingTimer("decision-release-v10", T.AddDays(37), TimerKind.DecisionRelease)),
    ];

    private static readonly Effect[] SampleEffects =
    [
        new SendEmail("app-1:0000000001:00", "app-1", EmailKind.DraftStarted, new Recipient(RecipientKind.Applicant, "a@mail.example", "林小雨", "zh"),
            new EmailFacts("hina-2027", "希纳国际青年导演计划", "2026-27", "林小雨", "雨季", "ip", "原创IP项目孵化", "Asia/Shanghai")
            {
                Deadline = Hina.Deadline.ToUniversalTime(),
                HoursBefore = 72,
                Reasons =
                [
                    new ScreeningReasonData(ScreeningReason.TextTooLong, "project.synopsis", 2400, 2000),
                    new ScreeningReasonData(ScreeningReason.MissingMaterial, "reel"),
                    new ScreeningReasonData(ScreeningReason.StaffOverride, Note: "Forged."),
                    new ScreeningReasonData(ScreeningReason.SchoolNotRecognised),
                ],
                MentorName = "Chen Yu",
                DueAt = Hina.Deadline.ToUniversalTime(),
                UnfilledSlots = 1,
                WeightedScore = 3.8,
                Recommendations = [new MentorRecommendation("Chen Yu", Recommendation.Advance)],
                Note = "Welcome.",
            }),
        new ScheduleTimer("app-1:0000000001:01", "app-1", TimerIds.DraftDeadline, Hina.Deadline, TimerKind.DraftDeadline),
        new CancelTimer("app-1:0000000002:00", "app-1", TimerIds.DraftDeadline, Hina.Deadline),
        new EnqueueWork("app-1:0000000002:01", "app-1", WorkKind.AssignMentors),
    ];

    private static readonly ApplicationCommand[] SampleCommands =
    [
        Create(),
        new EditDraft("c", "applicant", Project: Project()),
        RequestReel(),
        AttachReel(),
        new RemoveMaterial("c", "applicant", "m1"),
        new Submit("c", "applicant"),
        new StartScreening("c", "system"),
        new CompleteScreening("c", "system", true, "app-0"),
        new OverrideScreening("c", "staff", ScreeningOutcome.Fail, "note"),
        new AssignMentors("c", "system", [new MentorLoad("hd-chen-yu", 2)]),
        Review(Hina, "a1"),
        new DeclareConflict("c", "mentor", "a1", "hd-chen-yu"),
        new TimerFired("timer:draft-72h", "system", TimerIds.DraftReminder72h),
        new Decide("c", "staff", StaffDecision.Waitlist, "later"),
        new RespondToOffer("c", "applicant", "o3", true),
        new Withdraw("c", "applicant", "reason"),
        new FlagNeedsAttention("c", "system", "poison", false),
        new ResolveNeedsAttention("c", "staff", "poison"),
        new SuggestFromWaitlist("c", "waitlist", "app-freed"),
        new ReleaseDecision("c", "staff"),
        new MoveDecisionRelease("c", "staff", T.AddDays(37)),
    ];

    [Fact]
    public void The_samples_cover_every_event_effect_and_command_type()
    {
        Assert.Equal(DerivedTypes<ApplicationEvent>().OrderBy(t => t.Name), SampleEvents.Select(e => e.GetType()).OrderBy(t => t.Name));
        Assert.Equal(DerivedTypes<Effect>().OrderBy(t => t.Name), SampleEffects.Select(e => e.GetType()).OrderBy(t => t.Name));
        Assert.Equal(DerivedTypes<ApplicationCommand>().OrderBy(t => t.Name), SampleCommands.Select(e => e.GetType()).OrderBy(t => t.Name));

        // Every concrete event class in the assembly is registered for JSON.
        var all = typeof(ApplicationEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ApplicationEvent)) && !t.IsAbstract);
        Assert.Equal(all.OrderBy(t => t.Name), DerivedTypes<ApplicationEvent>().OrderBy(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Every_event_round_trips_with_its_type_name(string typeName)
    {
        var e = SampleEvents.Single(x => x.GetType().Name == typeName);

        var json = DomainJson.Serialize(e);
        var back = DomainJson.DeserializeEvent(json);

        Assert.StartsWith($"{{\"type\":\"{typeName}\"", json, StringComparison.Ordinal);
        Assert.Equal(typeName, DomainJson.TypeName(e));
        Assert.IsType(e.GetType(), back);
        Assert.Equal(json, DomainJson.Serialize(back));
        Assert.Equal(e.At, back.At);
        Assert.Equal(e.Actor, back.Actor);
    }

    [Fact]
    public void Events_are_camel_case_with_enums_as_names_and_read_in_any_property_order()
    {
        var json = DomainJson.Serialize(SampleEvents.OfType<ScreenedOut>().Single());

        var node = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("SchoolNotRecognised", node["reasons"]![0]!["reason"]!.GetValue<string>());
        Assert.NotNull(node["at"]);

        // The discriminator may come last (as some stores write it).
        node.Remove("type");
        node["type"] = "ScreenedOut";
        Assert.IsType<ScreenedOut>(DomainJson.DeserializeEvent(node.ToJsonString()));
    }

    [Fact]
    public void An_unknown_event_type_fails_loudly()
    {
        Assert.Throws<JsonException>(() => DomainJson.DeserializeEvent("{\"type\":\"Nope\",\"at\":\"2026-11-15T10:00:00+08:00\",\"actor\":\"x\"}"));
    }

    [Fact]
    public void Effects_and_commands_round_trip()
    {
        foreach (var effect in SampleEffects)
        {
            var json = DomainJson.Serialize(effect);
            Assert.Equal(json, DomainJson.Serialize(DomainJson.DeserializeEffect(json)));
        }

        foreach (var command in SampleCommands)
        {
            var json = DomainJson.Serialize(command);
            var back = DomainJson.DeserializeCommand(json);
            Assert.IsType(command.GetType(), back);
            Assert.Equal(json, DomainJson.Serialize(back));
        }

        var email = (SendEmail)SampleEffects[0];
        var concrete = JsonSerializer.Deserialize<SendEmail>(JsonSerializer.Serialize(email, DomainJson.Options), DomainJson.Options)!;
        Assert.Equal(email.Data with { Reasons = null, Recommendations = null }, concrete.Data with { Reasons = null, Recommendations = null });
        Assert.Equal(email.Data.Reasons!, concrete.Data.Reasons!);
        Assert.Equal(email.Data.Recommendations!, concrete.Data.Recommendations!);
        Assert.Equal(TimeSpan.Zero, concrete.Data.Deadline!.Value.Offset);
        Assert.Equal(email.To, concrete.To);
    }

    [Fact]
    public void A_state_with_every_part_filled_round_trips()
    {
        var s = new Scenario().Assigned();
        s.Run(new FlagNeedsAttention("f", "system", "check"));
        s.Run(new DeclareConflict("c", "mentor", "a2"));
        s.Run(Assign());
        s.Run(Review(s.Program, "a1"));
        s.Run(Review(s.Program, "a3"));
        s.Run(new Decide("offer", "staff", StaffDecision.Offer, "Welcome"));

        var json = DomainJson.Serialize(s.S);
        var back = DomainJson.DeserializeState(json);

        Assert.Equal(json, DomainJson.Serialize(back));
        Assert.Equal(Stage.Offered, back.Stage);
        Assert.Equal(s.S.Version, back.Version);
        Assert.Equal(s.S.Offer, back.Offer);
        Assert.Equal(s.S.PendingTimers, back.PendingTimers);
        Assert.Equal(3, back.Assignments.Count);
        Assert.Equal(AssignmentStatus.Conflict, back.FindAssignment("a2")!.Status);
        Assert.Equal("a2", back.FindAssignment("a3")!.ReplacesAssignmentId);
        Assert.Equal(["check"], back.NeedsAttention);
        Assert.Equal("Offered", JsonNode.Parse(json)!["stage"]!.GetValue<string>());
        Assert.Equal("Short", JsonNode.Parse(json)!["project"]!["format"]!.GetValue<string>());
    }

    [Fact]
    public void A_state_replayed_from_stored_events_equals_the_decided_state()
    {
        var s = new Scenario().Offered();
        s.Run(new RespondToOffer("yes", "applicant", s.S.Offer!.OfferId, true));
        var stored = s.History.Select(e => DomainJson.DeserializeEvent(DomainJson.Serialize(e))).ToList();

        var replayed = ApplicationDecider.Replay(stored);

        Assert.Equal(DomainJson.Serialize(s.S), DomainJson.Serialize(replayed));
        Assert.Equal(stored.Count, replayed.Version);
    }

    [Fact]
    public void A_draft_created_before_consent_was_recorded_still_reads_and_the_state_keeps_the_consent()
    {
        var node = JsonNode.Parse(DomainJson.Serialize(SampleEvents[0]))!.AsObject();
        Assert.Equal("2026-12", node["consent"]!["privacyNotice"]!.GetValue<string>());
        node.Remove("consent");

        var old = Assert.IsType<DraftCreated>(DomainJson.DeserializeEvent(node.ToJsonString()));
        Assert.Null(old.Consent);
        Assert.Null(ApplicationDecider.Replay([old]).Consent);

        var state = ApplicationDecider.Replay([SampleEvents[0]]);
        Assert.Equal(new Consent("2026-12", T), state.Consent);
        Assert.Equal(state.Consent, DomainJson.DeserializeState(DomainJson.Serialize(state)).Consent);
    }

    [Fact]
    public void Creating_a_draft_records_the_notice_accepted_and_when()
    {
        var s = new Scenario().Draft();
        Assert.Equal(PrivacyNotice.Version, s.S.Consent!.PrivacyNotice);
        Assert.Equal(s.S.CreatedAt, s.S.Consent.AcceptedAt);
    }

    [Fact]
    public void A_history_must_start_with_the_draft()
    {
        Assert.Throws<InvalidOperationException>(() => ApplicationDecider.Replay([]));
        Assert.Throws<InvalidOperationException>(() => ApplicationDecider.Evolve(null, new Submitted(T, "applicant")));
        var s = new Scenario().Draft();
        Assert.Throws<InvalidOperationException>(() => ApplicationDecider.Evolve(s.S, SampleEvents[0]));
    }

    [Fact]
    public void An_email_row_of_the_old_string_shape_still_reads()
    {
        // As the outbox held SendEmail before the facts were typed: every value a string, lists one entry per line.
        const string json = """
            {"effectId":"app-1:0000000003:00","applicationId":"app-1","kind":"StaffApplicationReviewed",
             "to":{"kind":"Staff","address":"staff@mail.example","name":"Hina","language":"en"},
             "data":{"applicationId":"app-1","programId":"hina-2027","programName":"Hina","programNameEn":"Hina","programNameZh":"希纳",
                     "cycle":"2026-27","applicantName":"林小雨","projectTitle":"雨季","trackId":"ip","trackName":"IP","timeZone":"Asia/Shanghai",
                     "deadline":"2027-03-31T23:59:00+08:00","hoursBefore":"72","unfilledSlots":"1","weightedScore":"3.80",
                     "recommendations":"Chen Yu: Advance\nWang Lei: Decline",
                     "reasons":"SchoolNotRecognised: 'X' is not a recognised film school\nMissingMaterial: reel\nStaffOverride: Forged: really."}}
            """;

        var email = JsonSerializer.Deserialize<SendEmail>(json, DomainJson.Options)!;

        Assert.Equal("Asia/Shanghai", email.Data.TimeZone);
        Assert.Equal(Hina.Deadline, email.Data.Deadline);
        Assert.Equal(72, email.Data.HoursBefore);
        Assert.Equal(1, email.Data.UnfilledSlots);
        Assert.Equal(3.80, email.Data.WeightedScore);
        Assert.Equal([new MentorRecommendation("Chen Yu", Recommendation.Advance), new MentorRecommendation("Wang Lei", Recommendation.Decline)], email.Data.Recommendations!);
        Assert.Equal(
            [
                new ScreeningReasonData(ScreeningReason.SchoolNotRecognised),
                new ScreeningReasonData(ScreeningReason.MissingMaterial, Field: "reel"),
                new ScreeningReasonData(ScreeningReason.StaffOverride, Note: "Forged: really."),
            ],
            email.Data.Reasons!);

        // And it is written in the new shape.
        var again = JsonSerializer.Serialize(email, DomainJson.Options);
        Assert.Contains("\"reasons\":[{\"code\":\"SchoolNotRecognised\"}", again, StringComparison.Ordinal);
        Assert.Equal(email.Data.Reasons!, JsonSerializer.Deserialize<SendEmail>(again, DomainJson.Options)!.Data.Reasons!);
    }
}
