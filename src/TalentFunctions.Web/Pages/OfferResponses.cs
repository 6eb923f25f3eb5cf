using TalentFunctions.Domain.Applications;
using TalentFunctions.Domain.Programs;
using TalentFunctions.Notifications.Links;
using TalentFunctions.Workflow;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Queries;

namespace TalentFunctions.Web.Pages;

/// <summary>What the offer page and the offer API need from the app (bound with <c>[AsParameters]</c>).</summary>
public sealed record OfferServices(ApplicationQueries Queries, ApplicationCommands Runtime, LinkTokenService Tokens, TimeProvider Time);

public enum OfferAvailability
{
    Open,
    Accepted,
    Declined,
    Expired,
    Closed,
}

/// <summary>An offer opened through an offer link, in the applicant's language.</summary>
public sealed record OfferContext(ApplicationState Application, ProgramDefinition Program, string OfferId, DateTimeOffset Now)
{
    public PageText Text => PageText.For(Application.Applicant.PreferredLanguage);

    public string ProgramName => Program.Name.For(Text.Language);

    public Offer? Offer => Application.Offer is { } offer && offer.OfferId == OfferId ? offer : null;

    public OfferAvailability Availability => Application.Stage switch
    {
        _ when Offer is null => OfferAvailability.Closed,
        Stage.Offered => Now < Offer.ExpiresAt ? OfferAvailability.Open : OfferAvailability.Expired,
        Stage.Accepted => OfferAvailability.Accepted,
        Stage.OfferDeclined => OfferAvailability.Declined,
        Stage.OfferExpired => OfferAvailability.Expired,
        _ => OfferAvailability.Closed,
    };
}

public enum OfferOutcomeKind
{
    Accepted,
    Declined,
    AlreadyAccepted,
    AlreadyDeclined,
    Expired,
    Closed,
    NotFound,
}

/// <summary>
/// The applicant side of offer links: opens the offer (reading only) and answers it through the runtime. The
/// command id is the offer's (<c>offer:{id}</c>): the first answer counts, a second post changes nothing.
/// </summary>
public static class OfferResponses
{
    public static async Task<(OfferContext? Context, PageProblem? Problem)> OpenAsync(OfferServices services, string? token, CancellationToken cancellationToken)
    {
        var validation = services.Tokens.Validate(token, LinkPurpose.Offer);
        (string ApplicationId, string OfferId)? ids = validation switch
        {
            LinkTokenValidation.Valid valid => (valid.ApplicationId, valid.SubjectId),
            // Offer links expire with the offer: a genuine expired link still says which offer it was.
            LinkTokenValidation.Expired expired => (expired.ApplicationId, expired.SubjectId),
            _ => null,
        };
        if (ids is null)
        {
            return (null, PageProblem.ForToken(validation));
        }
        var state = await services.Queries.GetAsync(ids.Value.ApplicationId, cancellationToken);
        var program = state is null ? null : services.Runtime.Programs.Get(state.ProgramId);
        if (state is null || program is null || state.Offer?.OfferId != ids.Value.OfferId)
        {
            return (null, validation is LinkTokenValidation.Expired ? PageProblem.LinkExpired : PageProblem.NotFound);
        }
        return (new OfferContext(state, program, ids.Value.OfferId, services.Time.GetUtcNow()), null);
    }

    /// <summary>What a visit finds when the offer cannot be answered any more.</summary>
    public static OfferOutcomeKind Settled(OfferAvailability availability) => availability switch
    {
        OfferAvailability.Accepted => OfferOutcomeKind.AlreadyAccepted,
        OfferAvailability.Declined => OfferOutcomeKind.AlreadyDeclined,
        OfferAvailability.Expired => OfferOutcomeKind.Expired,
        _ => OfferOutcomeKind.Closed,
    };

    public static async Task<OfferOutcomeKind> RespondAsync(OfferServices services, OfferContext context, bool accept, CancellationToken cancellationToken)
    {
        if (context.Availability != OfferAvailability.Open)
        {
            return Settled(context.Availability);
        }
        var command = new RespondToOffer("offer:" + context.OfferId, "applicant", context.OfferId, accept);
        var result = await services.Runtime.ExecuteAsync(context.Application.Id, command, cancellationToken);
        switch (result)
        {
            case CommandApplied { AlreadyApplied: false } applied:
                return applied.State.Stage == Stage.Accepted ? OfferOutcomeKind.Accepted : OfferOutcomeKind.Declined;
            case CommandRefused { Refusal.Code: RefusalCodes.OfferExpired }:
                return OfferOutcomeKind.Expired;
            case CommandRefused { Refusal.Code: RefusalCodes.OfferNotFound }:
                return OfferOutcomeKind.NotFound;
            case CommandApplied or CommandRefused:
                // Answered before (by this link or a concurrent post), or the application moved on: say what it is now.
                var now = await services.Queries.GetAsync(context.Application.Id, cancellationToken);
                return now is null
                    ? OfferOutcomeKind.NotFound
                    : Settled((context with { Application = now, Now = services.Time.GetUtcNow() }).Availability);
            default:
                return OfferOutcomeKind.NotFound;
        }
    }
}
